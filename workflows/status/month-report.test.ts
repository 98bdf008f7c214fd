import { describe, expect, it } from 'vitest';
import {
  localMonthOf,
  meetsCommitment,
  percentMet,
  type ServiceMonthFigures,
  serviceMonthFigures,
  totalMonthFigures,
} from './month-report';
import { DEFAULT_IMPACT_WEIGHTS, localMonthWindow } from './uptime';

const MIN = 60_000;
const at = (iso: string) => new Date(iso).getTime();
const NO_CLOCKS = { response: { met: [], missed: [] }, resolution: { met: [], missed: [] } };

describe('localMonthOf', () => {
  it("names the month of the organisation's own calendar", () => {
    // 03:30Z on 1 Nov is still 31 Oct, 23:30 in New York, and already 1 Nov in Berlin.
    expect(localMonthOf('America/New_York', at('2026-11-01T03:30:00Z'))).toEqual({ year: 2026, month: 10 });
    expect(localMonthOf('Europe/Berlin', at('2026-11-01T03:30:00Z'))).toEqual({ year: 2026, month: 11 });
    expect(localMonthOf('Pacific/Auckland', at('2026-12-31T12:00:00Z'))).toEqual({ year: 2027, month: 1 });
  });
});

describe('serviceMonthFigures', () => {
  const october = localMonthWindow('America/New_York', 2026, 10);
  const base = {
    window: october,
    now: at('2026-12-01T00:00:00Z'),
    maintenance: [],
    weights: DEFAULT_IMPACT_WEIGHTS,
    tiers: [
      { belowPercent: 99.9, creditPercent: 10 },
      { belowPercent: 99, creditPercent: 25 },
    ],
    commitment: 99.9,
    clocks: NO_CLOCKS,
  };

  it('counts the incidents whose spans touch the month, including one still open', () => {
    const before = {
      start: at('2026-09-30T00:00:00Z'),
      end: at('2026-10-01T04:00:00Z'),
      status: 'major_outage' as const,
    };
    const inside = {
      start: at('2026-10-05T00:00:00Z'),
      end: at('2026-10-05T00:30:00Z'),
      status: 'major_outage' as const,
    };
    const open = { start: at('2026-10-31T20:00:00Z'), end: null, status: 'partial_outage' as const };
    const figures = serviceMonthFigures({
      ...base,
      spans: [before, inside, open],
      incidents: [
        { id: 'before', spans: [before] },
        { id: 'inside', spans: [inside] },
        { id: 'open', spans: [open] },
      ],
    });
    expect(figures.incidentIds).toEqual(['inside', 'open']);
    // 30 major + 8 h partial (20:00Z to 04:00Z) × 0.3 = 174 minutes.
    expect(figures.downtimeMs).toBeCloseTo(174 * MIN, 6);
    expect(figures.creditPercent).toBe(10);
    expect(figures.met).toBe(false);
  });

  it('keeps a commitment met exactly at its threshold, and a month with nothing counted', () => {
    expect(meetsCommitment(0.999, 99.9)).toBe(true);
    expect(meetsCommitment(0.99899, 99.9)).toBe(false);
    expect(meetsCommitment(null, 99.9)).toBe(true);
  });
});

describe('totalMonthFigures', () => {
  const row = (over: Partial<ServiceMonthFigures>): ServiceMonthFigures => ({
    version: 1,
    elapsedMs: 1000 * MIN,
    maintenanceMs: 0,
    byStatus: { major_outage: 0, partial_outage: 0, degraded_performance: 0 },
    downtimeMs: 0,
    uptime: 1,
    weights: DEFAULT_IMPACT_WEIGHTS,
    commitment: 99.9,
    met: true,
    creditPercent: 0,
    incidentIds: [],
    clocks: NO_CLOCKS,
    ...over,
  });

  it('weighs services by their counted time and counts a shared incident or clock once', () => {
    const total = totalMonthFigures([
      row({
        downtimeMs: 10 * MIN,
        byStatus: { major_outage: 10 * MIN, partial_outage: 0, degraded_performance: 0 },
        incidentIds: ['a', 'b'],
        clocks: { response: { met: ['c1'], missed: ['c2'] }, resolution: { met: [], missed: [] } },
      }),
      row({
        maintenanceMs: 500 * MIN,
        downtimeMs: 5 * MIN,
        incidentIds: ['b'],
        clocks: { response: { met: ['c1'], missed: [] }, resolution: { met: [], missed: ['c3'] } },
      }),
    ]);
    expect(total.uptime).toBeCloseTo(1 - 15 / 1500, 12);
    expect(total.maintenanceMs).toBe(500 * MIN);
    expect(total.incidents).toBe(2);
    expect(total.response).toEqual({ met: 1, missed: 1 });
    expect(total.resolution).toEqual({ met: 0, missed: 1 });
    expect(percentMet(total.response)).toBe(50);
    expect(percentMet({ met: 0, missed: 0 })).toBeNull();
    expect(totalMonthFigures([]).uptime).toBeNull();
  });
});
