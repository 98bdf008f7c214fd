import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundTrip } from '@/workflows/machines/test-support';
import { addBusinessTime, businessTimeBetween } from './business-time';
import { type BusinessCalendar, CALENDAR_24X7, type WeeklyInterval } from './calendar';
import {
  applyClockCommand,
  type ClockCheck,
  type ClockCommand,
  clockReachedAt,
  clockRow,
  clockSchedule,
  clockView,
  dueChecks,
  fireCheck,
  migrateClock,
  type PersistedClock,
  readClock,
  startClock,
  sweepClock,
} from './clock';
import { compileCalendar } from './compile';
import { DAY_MS, HOUR_MS, MINUTE_MS, type Weekday } from './constants';

const H = HOUR_MS;
const M = MINUTE_MS;
const t = (iso: string) => Date.parse(iso);
const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5];

function hours(days: Weekday[], start: string, end: string): WeeklyInterval[] {
  return days.map((day) => ({ day, start, end }));
}

/** Berlin office hours with the 2026 Easter holidays (Good Friday 3 April, Easter Monday 6 April). */
const BERLIN: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekly: hours(WEEKDAYS, '09:00', '17:00'),
  holidays: ['2026-04-03', '2026-04-06'],
};
/** A NOC night shift in New York, Monday to Friday nights, wrapping midnight. */
const NIGHTS: BusinessCalendar = {
  timeZone: 'America/New_York',
  weekly: hours(WEEKDAYS, '22:00', '06:00'),
  holidays: [],
};
const KOLKATA: BusinessCalendar = {
  timeZone: 'Asia/Kolkata',
  weekly: [
    ...hours(WEEKDAYS, '09:30', '13:00'),
    ...hours(WEEKDAYS, '14:00', '18:30'),
    { day: 6, start: '10:00', end: '14:00' },
  ],
  holidays: ['2026-01-26'],
};
const CALENDARS = [CALENDAR_24X7, BERLIN, NIGHTS, KOLKATA].map(compileCalendar);

function ok<T extends { ok: boolean; message?: string }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result as Extract<T, { ok: true }>;
}

function apply(persisted: PersistedClock, command: ClockCommand, calendar: BusinessCalendar = CALENDAR_24X7) {
  return ok(applyClockCommand(persisted, command, calendar));
}

describe('startClock', () => {
  it('starts running with the target copied, default thresholds and nothing elapsed', () => {
    const clock = startClock({ metric: 'response', at: t('2026-03-02T08:00:00Z'), targetMs: 15 * M });
    expect(clock.machine).toBe('sla_clock');
    expect(clock.version).toBe(1);
    expect(readClock(clock)).toEqual({
      state: 'running',
      metric: 'response',
      targetMs: 15 * M,
      thresholds: [75, 90],
      elapsedMs: 0,
      segmentStart: t('2026-03-02T08:00:00Z'),
      warned: [],
      startedAt: t('2026-03-02T08:00:00Z'),
      pausedAt: null,
      breachedAt: null,
      metAt: null,
    });
  });

  it('accepts a Date, sorts and de-duplicates thresholds', () => {
    const clock = startClock({
      metric: 'resolution',
      at: new Date('2026-03-02T08:00:00Z'),
      targetMs: H,
      thresholds: [90, 50, 90],
    });
    expect(readClock(clock)).toMatchObject({ startedAt: t('2026-03-02T08:00:00Z'), thresholds: [50, 90] });
  });

  it('throws for a bad target, thresholds, metric or instant (a configuration error)', () => {
    const at = t('2026-03-02T08:00:00Z');
    expect(() => startClock({ metric: 'response', at, targetMs: 0 })).toThrow(/cannot start/);
    expect(() => startClock({ metric: 'response', at, targetMs: 1.5 })).toThrow(/cannot start/);
    expect(() => startClock({ metric: 'response', at, targetMs: H, thresholds: [100] })).toThrow(
      /cannot start/,
    );
    expect(() => startClock({ metric: 'response', at, targetMs: H, thresholds: [0] })).toThrow(
      /cannot start/,
    );
    expect(() => startClock({ metric: 'uptime' as 'response', at, targetMs: H })).toThrow(
      /unknown SLA metric/,
    );
    expect(() => startClock({ metric: 'response', at: new Date('nope'), targetMs: H })).toThrow(RangeError);
  });
});

describe('persistence', () => {
  it('round-trips through JSON and steps identically from the copy', () => {
    const start = startClock({ metric: 'resolution', at: 0, targetMs: 4 * H });
    const paused = apply(start, { type: 'PAUSE', at: H });
    expect(roundTrip(paused.persisted)).toStrictEqual(paused.persisted);
    const fromCopy = apply(roundTrip(paused.persisted), { type: 'RESUME', at: 2 * H });
    const fromLive = apply(paused.persisted, { type: 'RESUME', at: 2 * H });
    expect(fromCopy).toEqual(fromLive);
  });

  it('refuses versions from the future and unknown machines; accepts the current version', () => {
    const clock = startClock({ metric: 'resolution', at: 0, targetMs: H });
    expect(migrateClock(clock)).toBe(clock);
    expect(() => migrateClock({ ...clock, version: 2 })).toThrow(/newer than this build/);
    expect(() => migrateClock({ ...clock, version: -1 })).toThrow(/invalid version/);
    expect(() => readClock({ ...clock, machine: 'outage' } as unknown as PersistedClock)).toThrow(
      /not a persisted/,
    );
    expect(() => readClock({ ...clock, snapshot: { value: 'sideways', context: {} } })).toThrow();
  });
});

describe('business time: pauses across nights, weekends and holidays', () => {
  it('Berlin: paused Friday 16:00, resumed Monday 10:00 — the paused working hour does not count', () => {
    // Thursday 5 March 2026, 10:00 Berlin (UTC+1); target 16 business hours.
    const start = startClock({ metric: 'resolution', at: t('2026-03-05T10:00:00+01:00'), targetMs: 16 * H });
    const paused = apply(start, { type: 'PAUSE', at: t('2026-03-06T16:00:00+01:00') }, BERLIN);
    // Thursday 10–17 (7 h) + Friday 9–16 (7 h).
    expect(paused.view).toMatchObject({
      state: 'paused',
      elapsedMs: 14 * H,
      remainingMs: 2 * H,
      dueAt: null,
    });
    expect(clockView(paused.persisted, BERLIN, t('2026-03-09T09:59:00+01:00')).elapsedMs).toBe(14 * H);
    const resumed = apply(paused.persisted, { type: 'RESUME', at: t('2026-03-09T10:00:00+01:00') }, BERLIN);
    expect(resumed.view.elapsedMs).toBe(14 * H);
    expect(clockView(resumed.persisted, BERLIN, t('2026-03-09T11:00:00+01:00')).elapsedMs).toBe(15 * H);
    // Two business hours left from Monday 10:00.
    expect(resumed.view.dueAt).toBe(t('2026-03-09T12:00:00+01:00'));
    expect(clockSchedule(resumed.persisted, BERLIN).dueAt).toBe(t('2026-03-09T12:00:00+01:00'));
  });

  it('Berlin: a clock running over Easter counts neither the holidays nor the weekend', () => {
    // Thursday 2 April 2026, 16:00 (UTC+2); target 2 h: 1 h on Thursday, 1 h on Tuesday 7 April.
    const start = startClock({ metric: 'resolution', at: t('2026-04-02T16:00:00+02:00'), targetMs: 2 * H });
    expect(clockSchedule(start, BERLIN).dueAt).toBe(t('2026-04-07T10:00:00+02:00'));
    expect(clockView(start, BERLIN, t('2026-04-06T23:00:00+02:00')).elapsedMs).toBe(H);
    // Paused at 16:30 Thursday and resumed 9:00 Tuesday: 30 min counted, due 10:30.
    const paused = apply(start, { type: 'PAUSE', at: t('2026-04-02T16:30:00+02:00') }, BERLIN);
    const resumed = apply(paused.persisted, { type: 'RESUME', at: t('2026-04-07T09:00:00+02:00') }, BERLIN);
    expect(resumed.view.elapsedMs).toBe(30 * M);
    expect(resumed.view.dueAt).toBe(t('2026-04-07T10:30:00+02:00'));
  });

  it('New York night shift: a clock started at noon counts from 22:00', () => {
    const start = startClock({ metric: 'response', at: t('2026-03-03T12:00:00-05:00'), targetMs: 30 * M });
    expect(clockSchedule(start, NIGHTS).dueAt).toBe(t('2026-03-03T22:30:00-05:00'));
    expect(clockView(start, NIGHTS, t('2026-03-03T21:00:00-05:00')).elapsedMs).toBe(0);
  });
});

describe('schedule, due checks and catch-up', () => {
  const at0 = t('2026-03-02T08:00:00Z');

  it('schedules the lowest unwarned threshold, then the next, then the breach', () => {
    let clock = startClock({ metric: 'response', at: at0, targetMs: 100 * M });
    expect(clockSchedule(clock, CALENDAR_24X7)).toEqual({
      dueAt: at0 + 100 * M,
      nextCheckAt: at0 + 75 * M,
      nextCheck: { kind: 'warn', threshold: 75 },
    });
    clock = ok(fireCheck(clock, { kind: 'warn', threshold: 75, dueAt: at0 + 75 * M })).persisted;
    expect(clockSchedule(clock, CALENDAR_24X7)).toMatchObject({
      nextCheckAt: at0 + 90 * M,
      nextCheck: { kind: 'warn', threshold: 90 },
    });
    clock = ok(fireCheck(clock, { kind: 'warn', threshold: 90, dueAt: at0 + 90 * M })).persisted;
    expect(clockSchedule(clock, CALENDAR_24X7)).toMatchObject({
      nextCheckAt: at0 + 100 * M,
      nextCheck: { kind: 'breach' },
    });
    clock = ok(fireCheck(clock, { kind: 'breach', dueAt: at0 + 100 * M })).persisted;
    expect(clockSchedule(clock, CALENDAR_24X7)).toEqual({ dueAt: null, nextCheckAt: null, nextCheck: null });
    expect(clockRow(clock, CALENDAR_24X7)).toMatchObject({
      state: 'breached',
      dueAt: at0 + 100 * M,
      nextCheckAt: null,
    });
  });

  it('is null for paused and stopped clocks', () => {
    const clock = startClock({ metric: 'response', at: at0, targetMs: H });
    const paused = apply(clock, { type: 'PAUSE', at: at0 + M });
    expect(clockSchedule(paused.persisted, CALENDAR_24X7)).toEqual({
      dueAt: null,
      nextCheckAt: null,
      nextCheck: null,
    });
    const met = apply(clock, { type: 'STOP', at: at0 + M });
    expect(clockSchedule(met.persisted, CALENDAR_24X7).nextCheckAt).toBeNull();
    expect(dueChecks(met.persisted, CALENDAR_24X7, at0 + 10 * H)).toEqual([]);
  });

  it('after a day of downtime, reports every missed check at the instant it became due, not now', () => {
    // Berlin office hours; the scheduler is down from Monday morning to Tuesday evening.
    const start = startClock({ metric: 'resolution', at: t('2026-03-02T09:00:00+01:00'), targetMs: 8 * H });
    const expected: ClockCheck[] = [
      { kind: 'warn', threshold: 75, dueAt: t('2026-03-02T15:00:00+01:00') },
      { kind: 'warn', threshold: 90, dueAt: t('2026-03-02T16:12:00+01:00') },
      { kind: 'breach', dueAt: t('2026-03-02T17:00:00+01:00') },
    ];
    expect(clockSchedule(start, BERLIN)).toMatchObject({
      dueAt: expected[2]!.dueAt,
      nextCheckAt: expected[0]!.dueAt,
    });
    const now = t('2026-03-03T18:00:00+01:00');
    expect(dueChecks(start, BERLIN, now)).toEqual(expected);
    let clock = start;
    for (const check of dueChecks(clock, BERLIN, now)) {
      const fired = ok(fireCheck(clock, check));
      expect(fired.fired).toEqual([check]);
      clock = fired.persisted;
    }
    expect(dueChecks(clock, BERLIN, now)).toEqual([]);
    const view = clockView(clock, BERLIN, now);
    expect(view).toMatchObject({
      state: 'breached',
      breachedAt: expected[2]!.dueAt,
      dueAt: expected[2]!.dueAt,
      warned: [75, 90],
    });
    // Tuesday's 8 working hours are overrun.
    expect(view.remainingMs).toBe(-8 * H);
  });

  it('only what is due by now (inclusive) is reported', () => {
    const clock = startClock({ metric: 'response', at: at0, targetMs: 100 * M });
    expect(dueChecks(clock, CALENDAR_24X7, at0 + 75 * M - 1)).toEqual([]);
    expect(dueChecks(clock, CALENDAR_24X7, at0 + 75 * M)).toEqual([
      { kind: 'warn', threshold: 75, dueAt: at0 + 75 * M },
    ]);
    expect(dueChecks(clock, CALENDAR_24X7, new Date(at0 + 95 * M)).map((c) => c.kind)).toEqual([
      'warn',
      'warn',
    ]);
  });

  it('firing a check twice is an idempotent no-op; a stale one is refused', () => {
    const clock = startClock({ metric: 'response', at: at0, targetMs: 100 * M });
    const warn: ClockCheck = { kind: 'warn', threshold: 75, dueAt: at0 + 75 * M };
    const once = ok(fireCheck(clock, warn));
    expect(once.changed).toBe(true);
    const twice = ok(fireCheck(once.persisted, warn));
    expect(twice).toMatchObject({ changed: false, fired: [] });
    expect(twice.persisted).toEqual(once.persisted);
    const breach: ClockCheck = { kind: 'breach', dueAt: at0 + 100 * M };
    const breached = ok(fireCheck(once.persisted, breach)).persisted;
    expect(ok(fireCheck(breached, breach)).changed).toBe(false);
    const paused = apply(clock, { type: 'PAUSE', at: at0 + 10 * M }).persisted;
    expect(fireCheck(paused, breach)).toMatchObject({ ok: false, code: 'not_accepted' });
  });
});

describe('breached clocks', () => {
  const at0 = t('2026-03-02T08:00:00Z');

  it('keep counting the overrun (remaining time goes negative) and do not pause', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: H, thresholds: [] });
    const breached = ok(fireCheck(start, { kind: 'breach', dueAt: at0 + H })).persisted;
    const remaining = [1, 2, 3].map((h) => clockView(breached, CALENDAR_24X7, at0 + H + h * H).remainingMs);
    expect(remaining).toEqual([-H, -2 * H, -3 * H]);
    const paused = apply(breached, { type: 'PAUSE', at: at0 + 2 * H });
    expect(paused).toMatchObject({ changed: false, fired: [] });
    expect(paused.view).toMatchObject({ state: 'breached', counting: true, pausedAt: null });
    expect(apply(breached, { type: 'RESUME', at: at0 + 2 * H }).changed).toBe(false);
    expect(
      applyClockCommand(breached, { type: 'RETARGET', at: at0 + 2 * H, targetMs: 8 * H }, CALENDAR_24X7),
    ).toMatchObject({ ok: false, code: 'not_accepted' });
  });

  it('STOP makes a breached clock met_late, keeping breachedAt and the overrun', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: H, thresholds: [] });
    const breached = ok(fireCheck(start, { kind: 'breach', dueAt: at0 + H })).persisted;
    const stopped = apply(breached, { type: 'STOP', at: at0 + 3 * H });
    expect(stopped.view).toMatchObject({
      state: 'met_late',
      elapsedMs: 3 * H,
      remainingMs: -2 * H,
      breachedAt: at0 + H,
      metAt: at0 + 3 * H,
      dueAt: null,
      counting: false,
    });
    expect(clockView(stopped.persisted, CALENDAR_24X7, at0 + 30 * H).elapsedMs).toBe(3 * H);
    expect(apply(stopped.persisted, { type: 'STOP', at: at0 + 4 * H }).changed).toBe(false);
  });

  it('a STOP after a breach the scheduler never fired catches up: warnings and breach at their due instants', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: 100 * M });
    const stopped = apply(start, { type: 'STOP', at: at0 + 3 * H });
    expect(stopped.fired).toEqual([
      { kind: 'warn', threshold: 75, dueAt: at0 + 75 * M },
      { kind: 'warn', threshold: 90, dueAt: at0 + 90 * M },
      { kind: 'breach', dueAt: at0 + 100 * M },
    ]);
    expect(stopped.view).toMatchObject({ state: 'met_late', breachedAt: at0 + 100 * M, warned: [75, 90] });
  });

  it('a STOP exactly at the due instant is on time; one millisecond later is late', () => {
    const start = startClock({ metric: 'response', at: at0, targetMs: 100 * M, thresholds: [] });
    expect(apply(start, { type: 'STOP', at: at0 + 100 * M }).view.state).toBe('met');
    expect(apply(start, { type: 'STOP', at: at0 + 100 * M + 1 }).view.state).toBe('met_late');
  });

  it('a PAUSE after a silent breach catches up and leaves the clock breached (counting)', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: H, thresholds: [] });
    const paused = apply(start, { type: 'PAUSE', at: at0 + 2 * H });
    expect(paused).toMatchObject({ changed: true, fired: [{ kind: 'breach', dueAt: at0 + H }] });
    expect(paused.view).toMatchObject({ state: 'breached', counting: true });
  });
});

describe('REOPEN', () => {
  const at0 = t('2026-03-02T08:00:00Z');

  it('a met clock runs again from where it stopped; the stopped interval does not count', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: 4 * H });
    const met = apply(start, { type: 'STOP', at: at0 + H });
    expect(met.view).toMatchObject({ state: 'met', metAt: at0 + H, elapsedMs: H });
    const reopened = apply(met.persisted, { type: 'REOPEN', at: at0 + 10 * H });
    expect(reopened.view).toMatchObject({ state: 'running', metAt: null, elapsedMs: H, dueAt: at0 + 13 * H });
    expect(clockView(reopened.persisted, CALENDAR_24X7, at0 + 11 * H).elapsedMs).toBe(2 * H);
    expect(apply(reopened.persisted, { type: 'REOPEN', at: at0 + 11 * H }).changed).toBe(false);
  });

  it('a met_late clock goes back to breached, keeping its breach, and counts the overrun on', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: H, thresholds: [] });
    const late = apply(start, { type: 'STOP', at: at0 + 2 * H });
    expect(late.view.state).toBe('met_late');
    const reopened = apply(late.persisted, { type: 'REOPEN', at: at0 + 5 * H });
    expect(reopened.view).toMatchObject({
      state: 'breached',
      breachedAt: at0 + H,
      metAt: null,
      elapsedMs: 2 * H,
    });
    expect(clockView(reopened.persisted, CALENDAR_24X7, at0 + 6 * H).remainingMs).toBe(-2 * H);
    expect(clockSchedule(reopened.persisted, CALENDAR_24X7).nextCheckAt).toBeNull();
  });

  it('cannot reopen a paused clock; cannot resume or pause a stopped one', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: H });
    const paused = apply(start, { type: 'PAUSE', at: at0 + M }).persisted;
    expect(applyClockCommand(paused, { type: 'REOPEN', at: at0 + 2 * M }, CALENDAR_24X7)).toEqual({
      ok: false,
      code: 'not_accepted',
      message: 'cannot REOPEN while paused',
    });
    const met = apply(start, { type: 'STOP', at: at0 + M }).persisted;
    for (const type of ['PAUSE', 'RESUME'] as const) {
      expect(applyClockCommand(met, { type, at: at0 + 2 * M }, CALENDAR_24X7)).toMatchObject({ ok: false });
    }
  });
});

describe('idempotent commands and skew', () => {
  const at0 = t('2026-03-02T08:00:00Z');

  it('PAUSE on a paused clock, RESUME on a running one, STOP on a stopped one change nothing', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: 4 * H });
    const resumedAgain = apply(start, { type: 'RESUME', at: at0 + M });
    expect(resumedAgain).toMatchObject({ ok: true, changed: false, fired: [] });
    expect(resumedAgain.persisted).toEqual(start);
    const paused = apply(start, { type: 'PAUSE', at: at0 + H }).persisted;
    const pausedAgain = apply(paused, { type: 'PAUSE', at: at0 + 2 * H });
    expect(pausedAgain.changed).toBe(false);
    expect(pausedAgain.view).toMatchObject({ state: 'paused', pausedAt: at0 + H, elapsedMs: H });
    const met = apply(paused, { type: 'STOP', at: at0 + 3 * H });
    expect(met.view).toMatchObject({ state: 'met', elapsedMs: H, pausedAt: null, metAt: at0 + 3 * H });
    expect(apply(met.persisted, { type: 'STOP', at: at0 + 4 * H }).changed).toBe(false);
  });

  it('treats a command instant before the last change as that change (clock skew never fails a transition)', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: 4 * H });
    const paused = apply(start, { type: 'PAUSE', at: at0 - 5000 });
    expect(paused.view).toMatchObject({ state: 'paused', pausedAt: at0, elapsedMs: 0 });
  });
});

describe('RETARGET', () => {
  const at0 = t('2026-03-02T08:00:00Z');

  it('copies the new target; the same target is a no-op', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: 4 * H });
    const longer = apply(start, { type: 'RETARGET', at: at0 + H, targetMs: 8 * H });
    expect(longer.view).toMatchObject({ targetMs: 8 * H, elapsedMs: H, dueAt: at0 + 8 * H });
    expect(apply(longer.persisted, { type: 'RETARGET', at: at0 + 2 * H, targetMs: 8 * H }).changed).toBe(
      false,
    );
  });

  it('shortened below the elapsed time, makes every check due immediately — at the retarget, not before', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: 8 * H });
    const shorter = apply(start, { type: 'RETARGET', at: at0 + 3 * H, targetMs: 2 * H });
    expect(shorter.fired).toEqual([]);
    expect(shorter.view.remainingMs).toBe(-H);
    expect(clockSchedule(shorter.persisted, CALENDAR_24X7)).toMatchObject({
      dueAt: at0 + 3 * H,
      nextCheckAt: at0 + 3 * H,
    });
    expect(dueChecks(shorter.persisted, CALENDAR_24X7, at0 + 3 * H)).toEqual([
      { kind: 'warn', threshold: 75, dueAt: at0 + 3 * H },
      { kind: 'warn', threshold: 90, dueAt: at0 + 3 * H },
      { kind: 'breach', dueAt: at0 + 3 * H },
    ]);
  });

  it('on a paused clock, a target below the elapsed time breaches at the resume, or stops late', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: 8 * H, thresholds: [] });
    const paused = apply(start, { type: 'PAUSE', at: at0 + 3 * H }).persisted;
    const shorter = apply(paused, { type: 'RETARGET', at: at0 + 4 * H, targetMs: 2 * H }).persisted;
    const resumed = apply(shorter, { type: 'RESUME', at: at0 + 5 * H }).persisted;
    expect(dueChecks(resumed, CALENDAR_24X7, at0 + 5 * H)).toEqual([{ kind: 'breach', dueAt: at0 + 5 * H }]);
    const stopped = apply(shorter, { type: 'STOP', at: at0 + 5 * H });
    expect(stopped.view).toMatchObject({ state: 'met_late', breachedAt: at0 + 5 * H });
  });

  it('refuses a bad target as a value', () => {
    const start = startClock({ metric: 'resolution', at: at0, targetMs: H });
    expect(
      applyClockCommand(start, { type: 'RETARGET', at: at0, targetMs: -1 }, CALENDAR_24X7),
    ).toMatchObject({
      ok: false,
      code: 'guard_failed',
    });
  });
});

describe('clockReachedAt (escalation triggers)', () => {
  const at0 = t('2026-03-02T08:00:00Z');

  it('is exact while running, null while paused short of the level, and bounded by pause / stop / breach', () => {
    const start = startClock({ metric: 'response', at: at0, targetMs: 100 * M, thresholds: [] });
    expect(clockReachedAt(start, CALENDAR_24X7, 50)).toBe(at0 + 50 * M);
    expect(clockReachedAt(start, CALENDAR_24X7, 150)).toBe(at0 + 150 * M);
    const paused = apply(start, { type: 'PAUSE', at: at0 + 60 * M }).persisted;
    expect(clockReachedAt(paused, CALENDAR_24X7, 80)).toBeNull();
    expect(clockReachedAt(paused, CALENDAR_24X7, 50)).toBe(at0 + 60 * M);
    const resumed = apply(paused, { type: 'RESUME', at: at0 + 120 * M }).persisted;
    expect(clockReachedAt(resumed, CALENDAR_24X7, 80)).toBe(at0 + 140 * M);
    const breached = ok(fireCheck(resumed, { kind: 'breach', dueAt: at0 + 160 * M })).persisted;
    expect(clockReachedAt(breached, CALENDAR_24X7, 100)).toBe(at0 + 160 * M);
    expect(clockReachedAt(breached, CALENDAR_24X7, 150)).toBe(at0 + 210 * M);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties: random command sequences at increasing instants, with the scheduler firing due checks.

const FIRST = t('2026-01-05T00:00:00Z');
type Move =
  | { kind: 'command'; type: 'PAUSE' | 'RESUME' | 'STOP' | 'REOPEN'; advance: number }
  | { kind: 'retarget'; targetMs: number; advance: number }
  | { kind: 'tick'; advance: number };

const advanceArb = fc.oneof(
  fc.integer({ min: 0, max: 90 * M }),
  fc.integer({ min: 0, max: 3 * DAY_MS }),
  fc.constant(0),
);
const moveArb: fc.Arbitrary<Move> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      type: fc.constantFrom('PAUSE', 'RESUME', 'STOP', 'REOPEN'),
      advance: advanceArb,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('retarget' as const),
      targetMs: fc.integer({ min: M, max: 16 * H }),
      advance: advanceArb,
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('tick' as const), advance: advanceArb }), weight: 3 },
);
const scenarioArb = fc.record({
  calendar: fc.constantFrom(...CALENDARS),
  start: fc.integer({ min: FIRST, max: FIRST + 300 * DAY_MS }),
  targetMs: fc.integer({ min: M, max: 16 * H }),
  thresholds: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 4 }),
  moves: fc.array(moveArb, { maxLength: 40 }),
});

/** jsonb does not keep key order. */
function reorderKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reorderKeys) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reorderKeys(v)]),
    ) as T;
  }
  return value;
}

describe('clock properties', () => {
  it('elapsed is the business time of the counting intervals, never more than the wall-clock span; rows stay consistent', () => {
    fc.assert(
      fc.property(scenarioArb, ({ calendar, start, targetMs, thresholds, moves }) => {
        let clock = startClock({ metric: 'resolution', at: start, targetMs, thresholds });
        let now = start;
        let countingSince: number | null = start;
        let counted = 0; // business ms in closed counting intervals — the oracle
        const fired: ClockCheck[] = [];
        for (const move of moves) {
          now += move.advance;
          if (move.kind === 'tick') {
            // The sweep's one-pass path must agree exactly with dueChecks + fireCheck + clockRow.
            const swept = sweepClock(reorderKeys(roundTrip(clock)), calendar, now);
            const firedBefore = fired.length;
            for (const check of dueChecks(clock, calendar, now)) {
              const result = ok(fireCheck(reorderKeys(roundTrip(clock)), check));
              expect(result.fired).toEqual([check]);
              clock = result.persisted;
              fired.push(check);
            }
            expect(dueChecks(clock, calendar, now)).toEqual([]);
            expect(swept.fired).toEqual(fired.slice(firedBefore));
            expect(swept.row).toEqual(clockRow(clock, calendar));
            if (swept.fired.length) expect(swept.persisted).toEqual(clock);
          } else {
            const command: ClockCommand =
              move.kind === 'retarget'
                ? { type: 'RETARGET', at: now, targetMs: move.targetMs }
                : { type: move.type, at: now };
            const result = applyClockCommand(reorderKeys(roundTrip(clock)), command, calendar);
            expect(applyClockCommand(clock, command, calendar)).toEqual(result);
            if (result.ok) {
              fired.push(...result.fired);
              if (!result.changed) expect(result.persisted).toEqual(clock);
              expect(result.persisted).toStrictEqual(roundTrip(result.persisted));
              clock = result.persisted;
              const counting = result.view.counting;
              if (countingSince !== null && !counting) {
                counted += businessTimeBetween(new Date(countingSince), new Date(now), calendar);
                countingSince = null;
              } else if (countingSince === null && counting) {
                countingSince = now;
              }
            }
          }
          const view = clockView(clock, calendar, now);
          const open =
            countingSince === null
              ? 0
              : businessTimeBetween(new Date(countingSince), new Date(now), calendar);
          expect(view.elapsedMs).toBe(counted + open);
          expect(view.elapsedMs).toBeLessThanOrEqual(now - start);
          expect(view.remainingMs).toBe(view.targetMs - view.elapsedMs);
          // The sla_clocks CHECK constraints.
          const row = clockRow(clock, calendar);
          expect(row.state === 'paused').toBe(row.pausedAt !== null);
          expect(row.state === 'breached' || row.state === 'met_late').toBe(row.breachedAt !== null);
          expect(row.state === 'met' || row.state === 'met_late').toBe(row.metAt !== null);
          expect(row.targetMs).toBeGreaterThan(0);
          expect(row.elapsedMs).toBeGreaterThanOrEqual(0);
          expect(row.nextCheckAt === null).toBe(row.state !== 'running');
        }
        // Each threshold warns at most once, the breach fires at most once, in time order.
        const warnings = fired.filter((c) => c.kind === 'warn').map((c) => c.threshold);
        expect(new Set(warnings).size).toBe(warnings.length);
        expect(fired.filter((c) => c.kind === 'breach').length).toBeLessThanOrEqual(1);
        const instants = fired.map((c) => c.dueAt);
        expect(instants).toEqual([...instants].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });

  it('after the scheduler catches up, a running clock is short of its target and a breached one past it', () => {
    fc.assert(
      fc.property(scenarioArb, ({ calendar, start, targetMs, thresholds, moves }) => {
        let clock = startClock({ metric: 'response', at: start, targetMs, thresholds });
        let now = start;
        for (const move of moves) {
          now += move.advance;
          if (move.kind === 'command') {
            const result = applyClockCommand(clock, { type: move.type, at: now }, calendar);
            if (result.ok) clock = result.persisted;
          }
          for (const check of dueChecks(clock, calendar, now)) clock = ok(fireCheck(clock, check)).persisted;
          const view = clockView(clock, calendar, now);
          if (view.state === 'running') expect(view.elapsedMs).toBeLessThan(view.targetMs);
          if (view.state === 'breached') expect(view.elapsedMs).toBeGreaterThanOrEqual(view.targetMs);
          if (view.state === 'running') expect(view.dueAt!).toBeGreaterThan(now);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('dueChecks lists each pending check once, in time order, at its scheduled instant; firing them all empties it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CALENDARS),
        fc.integer({ min: FIRST, max: FIRST + 300 * DAY_MS }),
        fc.integer({ min: M, max: 16 * H }),
        fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 5 }),
        fc.integer({ min: 0, max: 20 * DAY_MS }),
        (calendar, start, targetMs, thresholds, downtime) => {
          const clock = startClock({ metric: 'resolution', at: start, targetMs, thresholds });
          const sorted = [...thresholds].sort((a, b) => a - b);
          // The full schedule, computed independently with addBusinessTime from the start.
          const schedule: ClockCheck[] = [
            ...sorted.map((threshold) => ({
              kind: 'warn' as const,
              threshold,
              dueAt: addBusinessTime(
                new Date(start),
                Math.ceil((targetMs * threshold) / 100),
                calendar,
              ).getTime(),
            })),
            { kind: 'breach', dueAt: addBusinessTime(new Date(start), targetMs, calendar).getTime() },
          ];
          const now = start + downtime;
          const due = dueChecks(clock, calendar, now);
          expect(due).toEqual(schedule.filter((c) => c.dueAt <= now));
          let current = clock;
          for (const check of due) current = ok(fireCheck(current, check)).persisted;
          expect(dueChecks(current, calendar, now)).toEqual([]);
          const next = schedule.find((c) => c.dueAt > now);
          expect(clockSchedule(current, calendar).nextCheckAt).toBe(next ? next.dueAt : null);
        },
      ),
      { numRuns: 200 },
    );
  });
});
