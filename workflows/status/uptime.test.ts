import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../sla/civil';
import {
  creditFor,
  DEFAULT_IMPACT_WEIGHTS,
  formatUptime,
  localDayWindow,
  localMonthWindow,
  type StatusSpan,
  uptimeIn,
} from './uptime';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const utcDay = (date: string) => localDayWindow('UTC', parseLocalDate(date)!);
const span = (from: string, to: string | null, status: StatusSpan['status']): StatusSpan => ({
  start: at(from),
  end: to === null ? null : at(to),
  status,
});
const LATER = at('2027-01-01T00:00:00Z');

describe('uptimeIn, hand-computed', () => {
  it('one hour of major outage in a UTC day is 1/24 down: 95.83 %', () => {
    const f = uptimeIn(
      utcDay('2026-11-10'),
      [span('2026-11-10T09:00Z', '2026-11-10T10:00Z', 'major_outage')],
      [],
      LATER,
    );
    expect(f.elapsedMs).toBe(24 * HOUR);
    expect(f.downtimeMs).toBe(HOUR);
    expect(f.uptime).toBeCloseTo(23 / 24, 12);
    expect(formatUptime(f)).toBe('95.83');
  });

  it('a partial outage counts 0.3 of its time, degraded none by default', () => {
    const f = uptimeIn(
      utcDay('2026-11-10'),
      [
        span('2026-11-10T00:00Z', '2026-11-10T02:00Z', 'partial_outage'),
        span('2026-11-10T12:00Z', '2026-11-10T17:00Z', 'degraded_performance'),
      ],
      [],
      LATER,
    );
    expect(f.byStatus).toEqual({ major_outage: 0, partial_outage: 2 * HOUR, degraded_performance: 5 * HOUR });
    expect(f.downtimeMs).toBeCloseTo(0.6 * HOUR, 6);
    // 1 − 0.6 / 24 = 0.975
    expect(formatUptime(f)).toBe('97.50');
    // Weights are the organisation's: degraded at 0.1 adds 0.5 h.
    const strict = uptimeIn(
      utcDay('2026-11-10'),
      [span('2026-11-10T12:00Z', '2026-11-10T17:00Z', 'degraded_performance')],
      [],
      LATER,
      { ...DEFAULT_IMPACT_WEIGHTS, degraded_performance: 0.1 },
    );
    expect(strict.downtimeMs).toBeCloseTo(0.5 * HOUR, 6);
  });

  it('overlapping outages count the worst status once, not twice', () => {
    // major 10:00–11:00 and partial 10:30–12:00 → major 1 h + partial 1 h (× 0.3) = 1.3 h.
    const f = uptimeIn(
      utcDay('2026-11-10'),
      [
        span('2026-11-10T10:00Z', '2026-11-10T11:00Z', 'major_outage'),
        span('2026-11-10T10:30Z', '2026-11-10T12:00Z', 'partial_outage'),
      ],
      [],
      LATER,
    );
    expect(f.byStatus.major_outage).toBe(HOUR);
    expect(f.byStatus.partial_outage).toBe(HOUR);
    expect(f.downtimeMs).toBeCloseTo(1.3 * HOUR, 6);
  });

  it('an outage across midnight is split between the two days', () => {
    const outage = [span('2026-11-10T23:00Z', '2026-11-11T01:00Z', 'major_outage')];
    expect(uptimeIn(utcDay('2026-11-10'), outage, [], LATER).downtimeMs).toBe(HOUR);
    expect(uptimeIn(utcDay('2026-11-11'), outage, [], LATER).downtimeMs).toBe(HOUR);
    expect(uptimeIn(utcDay('2026-11-12'), outage, [], LATER).downtimeMs).toBe(0);
  });

  it('scheduled maintenance leaves both the downtime and the denominator', () => {
    // maintenance 02:00–04:00, major 03:00–05:00 → 1 h down (04–05) of 22 counted h: 95.45 %.
    const f = uptimeIn(
      utcDay('2026-11-10'),
      [span('2026-11-10T03:00Z', '2026-11-10T05:00Z', 'major_outage')],
      [{ start: at('2026-11-10T02:00Z'), end: at('2026-11-10T04:00Z') }],
      LATER,
    );
    expect(f.maintenanceMs).toBe(2 * HOUR);
    expect(f.downtimeMs).toBe(HOUR);
    expect(f.uptime).toBeCloseTo(1 - 1 / 22, 12);
    expect(formatUptime(f)).toBe('95.45');
    // Time a component was marked under maintenance is excluded the same way.
    const marked = uptimeIn(
      utcDay('2026-11-10'),
      [span('2026-11-10T02:00Z', '2026-11-10T04:00Z', 'under_maintenance')],
      [],
      LATER,
    );
    expect(marked).toMatchObject({ maintenanceMs: 2 * HOUR, downtimeMs: 0, uptime: 1 });
  });

  it("an ongoing outage counts up to now; the day's future is not counted; a future day has no figure", () => {
    const now = at('2026-11-10T12:00Z');
    const f = uptimeIn(utcDay('2026-11-10'), [span('2026-11-10T11:00Z', null, 'major_outage')], [], now);
    expect(f.elapsedMs).toBe(12 * HOUR);
    expect(f.downtimeMs).toBe(HOUR);
    expect(f.uptime).toBeCloseTo(11 / 12, 12);
    const tomorrow = uptimeIn(
      utcDay('2026-11-11'),
      [span('2026-11-10T11:00Z', null, 'major_outage')],
      [],
      now,
    );
    expect(tomorrow).toMatchObject({ elapsedMs: 0, uptime: null });
    expect(formatUptime(tomorrow)).toBeNull();
  });

  it("days are the organisation's: Berlin's spring-forward day is 23 h, New York's day starts at 05:00Z", () => {
    const spring = localDayWindow('Europe/Berlin', parseLocalDate('2026-03-29')!);
    expect(spring.end - spring.start).toBe(23 * HOUR);
    expect(new Date(spring.start).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    const f = uptimeIn(spring, [span('2026-03-29T08:00Z', '2026-03-29T09:00Z', 'major_outage')], [], LATER);
    expect(f.uptime).toBeCloseTo(22 / 23, 12);
    const ny = localDayWindow('America/New_York', parseLocalDate('2026-11-10')!);
    expect(new Date(ny.start).toISOString()).toBe('2026-11-10T05:00:00.000Z');
    // 04:00Z is still the 9th in New York.
    expect(
      uptimeIn(ny, [span('2026-11-10T04:00Z', '2026-11-10T05:30Z', 'major_outage')], [], LATER).downtimeMs,
    ).toBe(HOUR / 2);
  });

  it('a month ends where the next local month begins, across a month end and a DST change', () => {
    const october = localMonthWindow('Europe/Berlin', 2026, 10);
    expect(new Date(october.start).toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(new Date(october.end).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    // 31 days and the extra fall-back hour.
    expect(october.end - october.start).toBe((31 * 24 + 1) * HOUR);
    const december = localMonthWindow('UTC', 2026, 12);
    expect(new Date(december.end).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    // 22:30Z on the 31st of October is already November in Berlin: 30 of its 60 minutes fall in October.
    const f = uptimeIn(october, [span('2026-10-31T22:30Z', '2026-10-31T23:30Z', 'major_outage')], [], LATER);
    expect(f.downtimeMs).toBe(HOUR / 2);
  });
});

describe('formatUptime', () => {
  it('rounds down, and never shows 100 when there was downtime', () => {
    const month = 30 * 24 * HOUR;
    // One second down in a month: 99.99996 % → 99.99, not 100.00.
    expect(formatUptime({ uptime: 1 - 1000 / month, downtimeMs: 1000 })).toBe('99.99');
    expect(formatUptime({ uptime: 1 - 1 / month, downtimeMs: 1 }, 4)).toBe('99.9999');
    expect(formatUptime({ uptime: 1, downtimeMs: 0 })).toBe('100.00');
    // 99.899…9 from binary floating point is 99.90 at two places, not 99.89.
    expect(formatUptime({ uptime: 0.999, downtimeMs: 1 }, 1)).toBe('99.9');
    expect(formatUptime({ uptime: 0.99987, downtimeMs: 1 })).toBe('99.98');
  });
});

describe('creditFor', () => {
  const tiers = [
    { belowPercent: 99.9, creditPercent: 10 },
    { belowPercent: 99.0, creditPercent: 25 },
    { belowPercent: 95, creditPercent: 100 },
  ];
  it('earns the largest tier the month falls below', () => {
    expect(creditFor(0.9995, tiers)).toBe(0);
    expect(creditFor(0.999, tiers)).toBe(0);
    expect(creditFor(0.9989, tiers)).toBe(10);
    expect(creditFor(0.987, tiers)).toBe(25);
    expect(creditFor(0.94, tiers)).toBe(100);
    expect(creditFor(null, tiers)).toBe(0);
  });
});
