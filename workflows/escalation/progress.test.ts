import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundTrip } from '@/workflows/machines/test-support';
import { type BusinessCalendar, CALENDAR_24X7 } from '@/workflows/sla/calendar';
import {
  applyClockCommand,
  dueChecks,
  fireCheck,
  type PersistedClock,
  startClock,
} from '@/workflows/sla/clock';
import { compileCalendar } from '@/workflows/sla/compile';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@/workflows/sla/constants';
import { escalationCommandForTicketEvent } from './effects';
import type { EscalationLevel, EscalationPolicy, EscalationTrigger } from './policy';
import {
  acknowledgeEscalation,
  dueEscalations,
  type EscalationFacts,
  escalationClockFacts,
  fireEscalation,
  migrateEscalation,
  nextEscalationCheckAt,
  type PersistedEscalation,
  readEscalation,
  startEscalation,
} from './progress';

const M = MINUTE_MS;
const T0 = Date.parse('2026-03-02T08:00:00Z');

function level(trigger: EscalationTrigger): EscalationLevel {
  return { trigger, targets: [{ kind: 'team', id: 'noc' }], actions: ['notify'] };
}

const POLICY: EscalationPolicy = {
  levels: [
    level({ kind: 'unacknowledged', minutes: 10 }),
    level({ kind: 'clock_percent', metric: 'response', percent: 75 }),
    level({ kind: 'clock_breached', metric: 'response' }),
  ],
  repeat: 1,
};

function factsFor(
  clocks: { response?: PersistedClock; resolution?: PersistedClock },
  acknowledgedAt: number | null = null,
) {
  const facts: EscalationFacts = { createdAt: T0, acknowledgedAt, clocks: {} };
  if (clocks.response) facts.clocks.response = escalationClockFacts(clocks.response, CALENDAR_24X7);
  if (clocks.resolution) facts.clocks.resolution = escalationClockFacts(clocks.resolution, CALENDAR_24X7);
  return facts;
}

function fireAll(progress: PersistedEscalation, facts: EscalationFacts, now: number) {
  const fired: Array<{ key: string; dueAt: number }> = [];
  let current = progress;
  for (const due of dueEscalations(current, facts, now)) {
    const result = fireEscalation(roundTrip(current), due);
    if (!result.ok) throw new Error(result.message);
    expect(result.changed).toBe(true);
    current = result.persisted;
    fired.push({ key: due.key, dueAt: due.dueAt });
  }
  return { progress: current, fired };
}

describe('dueEscalations', () => {
  const response = startClock({ metric: 'response', at: T0, targetMs: 30 * M });
  const facts = factsFor({ response });

  it('lists the levels due by now, in order, with the instant each became due', () => {
    const progress = startEscalation({ policy: POLICY, startedAt: T0 });
    expect(dueEscalations(progress, facts, T0 + 9 * M)).toEqual([]);
    const due = dueEscalations(progress, facts, T0 + 25 * M);
    expect(due).toEqual([
      { level: 0, cycle: 0, dueAt: T0 + 10 * M, key: '0:0', ...POLICY.levels[0]! },
      { level: 1, cycle: 0, dueAt: T0 + 22.5 * M, key: '1:0', ...POLICY.levels[1]! },
    ]);
    expect(nextEscalationCheckAt(progress, facts)).toBe(T0 + 10 * M);
  });

  it('catches up after downtime: every level of every cycle at its own instant; then nothing is left', () => {
    const progress = startEscalation({ policy: POLICY, startedAt: T0 });
    const { progress: after, fired } = fireAll(progress, facts, T0 + 5 * HOUR_MS);
    // Cycle 1 replays cycle 0's timeline (10, 22.5, 30 min) from cycle 0's last level (30 min).
    expect(fired).toEqual([
      { key: '0:0', dueAt: T0 + 10 * M },
      { key: '1:0', dueAt: T0 + 22.5 * M },
      { key: '2:0', dueAt: T0 + 30 * M },
      { key: '0:1', dueAt: T0 + 40 * M },
      { key: '1:1', dueAt: T0 + 52.5 * M },
      { key: '2:1', dueAt: T0 + 60 * M },
    ]);
    expect(readEscalation(after)).toMatchObject({ state: 'done', fired: fired.map((f) => f.key) });
    expect(dueEscalations(after, facts, T0 + 10 * HOUR_MS)).toEqual([]);
    expect(nextEscalationCheckAt(after, facts)).toBeNull();
  });

  it('fires levels in order: a level whose trigger came first waits for the level before it', () => {
    const policy: EscalationPolicy = {
      levels: [
        level({ kind: 'unacknowledged', minutes: 30 }),
        level({ kind: 'clock_percent', metric: 'response', percent: 50 }),
      ],
      repeat: 0,
    };
    const progress = startEscalation({ policy, startedAt: T0 });
    expect(dueEscalations(progress, facts, T0 + 20 * M)).toEqual([]);
    expect(dueEscalations(progress, facts, T0 + 30 * M).map((d) => [d.key, d.dueAt])).toEqual([
      ['0:0', T0 + 30 * M],
      ['1:0', T0 + 30 * M],
    ]);
  });

  it('a clock trigger waits while its clock is paused short of the level, or when there is no such clock', () => {
    const policy: EscalationPolicy = {
      levels: [
        level({ kind: 'clock_percent', metric: 'resolution', percent: 50 }),
        level({ kind: 'unacknowledged', minutes: 1 }),
      ],
      repeat: 0,
    };
    const progress = startEscalation({ policy, startedAt: T0 });
    expect(dueEscalations(progress, factsFor({}), T0 + DAY_MS)).toEqual([]);
    expect(nextEscalationCheckAt(progress, factsFor({}))).toBeNull();
    const resolution = startClock({ metric: 'resolution', at: T0, targetMs: 4 * HOUR_MS });
    const paused = applyClockCommand(resolution, { type: 'PAUSE', at: T0 + HOUR_MS }, CALENDAR_24X7);
    if (!paused.ok) throw new Error(paused.message);
    expect(nextEscalationCheckAt(progress, factsFor({ resolution: paused.persisted }))).toBeNull();
    expect(dueEscalations(progress, factsFor({ resolution: paused.persisted }), T0 + DAY_MS)).toEqual([]);
    const resumed = applyClockCommand(
      paused.persisted,
      { type: 'RESUME', at: T0 + 3 * HOUR_MS },
      CALENDAR_24X7,
    );
    if (!resumed.ok) throw new Error(resumed.message);
    // One business hour counted before the pause, one more after the resume: 50 % of 4 h.
    expect(nextEscalationCheckAt(progress, factsFor({ resolution: resumed.persisted }))).toBe(
      T0 + 4 * HOUR_MS,
    );
  });

  it('uses the recorded breach once the clock has breached', () => {
    const policy: EscalationPolicy = {
      levels: [level({ kind: 'clock_breached', metric: 'response' })],
      repeat: 0,
    };
    const progress = startEscalation({ policy, startedAt: T0 });
    expect(nextEscalationCheckAt(progress, facts)).toBe(T0 + 30 * M);
    let clock = response;
    for (const check of dueChecks(clock, CALENDAR_24X7, T0 + HOUR_MS)) {
      const result = fireCheck(clock, check);
      if (!result.ok) throw new Error(result.message);
      clock = result.persisted;
    }
    expect(dueEscalations(progress, factsFor({ response: clock }), T0 + HOUR_MS).map((d) => d.dueAt)).toEqual(
      [T0 + 30 * M],
    );
    // A clock that stopped in time never breaches: a breach level never becomes due.
    const met = applyClockCommand(response, { type: 'STOP', at: T0 + 5 * M }, CALENDAR_24X7);
    if (!met.ok) throw new Error(met.message);
    expect(nextEscalationCheckAt(progress, factsFor({ response: met.persisted }))).toBeNull();
  });

  it('acknowledging stops escalation, including levels due but not yet fired', () => {
    const progress = startEscalation({ policy: POLICY, startedAt: T0 });
    expect(dueEscalations(progress, factsFor({ response }, T0 + 20 * M), T0 + HOUR_MS)).toEqual([]);
    expect(nextEscalationCheckAt(progress, factsFor({ response }, T0 + 20 * M))).toBeNull();
    const stopped = acknowledgeEscalation(progress, new Date(T0 + 20 * M));
    if (!stopped.ok) throw new Error(stopped.message);
    expect(stopped.progress).toMatchObject({ state: 'stopped', acknowledgedAt: T0 + 20 * M });
    expect(dueEscalations(stopped.persisted, facts, T0 + HOUR_MS)).toEqual([]);
    expect(nextEscalationCheckAt(stopped.persisted, facts)).toBeNull();
    const again = acknowledgeEscalation(stopped.persisted, T0 + 30 * M);
    expect(again).toMatchObject({ ok: true, changed: false });
    // A fired level cannot be recorded after the acknowledgement either.
    expect(fireEscalation(stopped.persisted, { level: 0, cycle: 0, dueAt: T0 + 10 * M })).toMatchObject({
      ok: false,
    });
  });

  it('recording a level twice is a no-op (a retried batch, a second worker)', () => {
    const progress = startEscalation({ policy: POLICY, startedAt: T0 });
    const [first] = dueEscalations(progress, facts, T0 + 15 * M);
    const once = fireEscalation(progress, first!);
    if (!once.ok) throw new Error(once.message);
    expect(fireEscalation(once.persisted, first!)).toMatchObject({ ok: true, changed: false });
  });

  it('copies the policy at start: later edits to it do not change a running escalation', () => {
    const policy: EscalationPolicy = structuredClone(POLICY);
    const progress = startEscalation({ policy, startedAt: T0 });
    policy.levels[0]!.trigger = { kind: 'unacknowledged', minutes: 1 };
    policy.repeat = 5;
    expect(dueEscalations(progress, facts, T0 + 5 * M)).toEqual([]);
    expect(readEscalation(progress).policy).toEqual(POLICY);
  });

  it('refuses an invalid policy at start, and snapshots from the future', () => {
    expect(() => startEscalation({ policy: { levels: [], repeat: 0 }, startedAt: T0 })).toThrow(
      /Invalid escalation policy/,
    );
    const progress = startEscalation({ policy: POLICY, startedAt: T0 });
    expect(roundTrip(progress)).toStrictEqual(progress);
    expect(() => migrateEscalation({ ...progress, version: 2 })).toThrow(/newer/);
  });
});

describe('escalationCommandForTicketEvent', () => {
  it('acknowledging events stop escalation', () => {
    expect(escalationCommandForTicketEvent({ kind: 'outage', eventType: 'ACK' })).toBe('ACKNOWLEDGED');
    expect(escalationCommandForTicketEvent({ kind: 'security', eventType: 'CONFIRM' })).toBe('ACKNOWLEDGED');
    expect(escalationCommandForTicketEvent({ kind: 'security', eventType: 'DISMISS' })).toBe('ACKNOWLEDGED');
    expect(escalationCommandForTicketEvent({ kind: 'outage', eventType: 'INVESTIGATE' })).toBeNull();
    expect(escalationCommandForTicketEvent({ kind: 'security', eventType: 'ACK' })).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------

const BERLIN: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start: '09:00', end: '17:00' })),
  holidays: [],
};
const CALENDARS = [CALENDAR_24X7, BERLIN].map(compileCalendar);

const triggerArb: fc.Arbitrary<EscalationTrigger> = fc.oneof(
  fc.record({ kind: fc.constant('unacknowledged' as const), minutes: fc.integer({ min: 1, max: 240 }) }),
  fc.record({
    kind: fc.constant('clock_percent' as const),
    metric: fc.constantFrom('response' as const, 'resolution' as const),
    percent: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({
    kind: fc.constant('clock_breached' as const),
    metric: fc.constantFrom('response' as const, 'resolution' as const),
  }),
);
const policyArb: fc.Arbitrary<EscalationPolicy> = fc.record({
  levels: fc.array(triggerArb.map(level), { minLength: 1, maxLength: 4 }),
  repeat: fc.integer({ min: 0, max: 3 }),
});

describe('escalation properties', () => {
  it('the levels fired do not depend on how often the scheduler runs: catch-up equals live firing', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.constantFrom(...CALENDARS),
        fc.integer({ min: 15 * M, max: 8 * HOUR_MS }),
        fc.integer({ min: HOUR_MS, max: 3 * DAY_MS }),
        fc.array(fc.integer({ min: 0, max: 10 * DAY_MS }), { maxLength: 25 }),
        (policy, calendar, responseMs, resolutionMs, tickOffsets) => {
          const end = T0 + 10 * DAY_MS;
          const start = () => ({
            response: startClock({ metric: 'response', at: T0, targetMs: responseMs }),
            resolution: startClock({ metric: 'resolution', at: T0, targetMs: resolutionMs }),
          });
          const run = (ticks: number[]) => {
            const clocks = start();
            let progress = startEscalation({ policy, startedAt: T0 });
            const fired: Array<{ key: string; dueAt: number }> = [];
            for (const now of ticks) {
              // The scheduler fires clock checks first (recording breaches), then escalations.
              for (const metric of ['response', 'resolution'] as const) {
                for (const check of dueChecks(clocks[metric], calendar, now)) {
                  const result = fireCheck(clocks[metric], check);
                  if (!result.ok) throw new Error(result.message);
                  clocks[metric] = result.persisted;
                }
              }
              const facts: EscalationFacts = {
                createdAt: T0,
                acknowledgedAt: null,
                clocks: {
                  response: escalationClockFacts(clocks.response, calendar),
                  resolution: escalationClockFacts(clocks.resolution, calendar),
                },
              };
              const next = nextEscalationCheckAt(progress, facts);
              const due = dueEscalations(progress, facts, now);
              if (due.length > 0) expect(next).toBe(due[0]!.dueAt);
              else if (next !== null) expect(next).toBeGreaterThan(now);
              for (const item of due) {
                expect(item.dueAt).toBeLessThanOrEqual(now);
                const result = fireEscalation(progress, item);
                if (!result.ok) throw new Error(result.message);
                progress = result.persisted;
                fired.push({ key: item.key, dueAt: item.dueAt });
              }
              expect(dueEscalations(progress, facts, now)).toEqual([]);
            }
            return { fired, progress: readEscalation(progress) };
          };
          const live = run([...tickOffsets.map((o) => T0 + o).sort((a, b) => a - b), end]);
          const catchUp = run([end]);
          expect(live.fired).toEqual(catchUp.fired);
          // Exactly once, strictly in order, never going back in time, never more than the policy allows.
          const keys = live.fired.map((f) => f.key);
          const all = Array.from({ length: policy.repeat + 1 }, (_, c) =>
            policy.levels.map((_, l) => `${l}:${c}`),
          ).flat();
          expect(keys).toEqual(all.slice(0, keys.length));
          const instants = live.fired.map((f) => f.dueAt);
          expect(instants).toEqual([...instants].sort((a, b) => a - b));
          expect(instants.every((i) => i >= T0)).toBe(true);
          if (keys.length === all.length) expect(live.progress.state).toBe('done');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('repeats replay cycle 0 from the end of the previous cycle', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        (minutes, repeat) => {
          const policy: EscalationPolicy = {
            levels: minutes.map((m) => level({ kind: 'unacknowledged', minutes: m })),
            repeat,
          };
          const progress = startEscalation({ policy, startedAt: T0 });
          const due = dueEscalations(
            progress,
            { createdAt: T0, acknowledgedAt: null, clocks: {} },
            T0 + 365 * DAY_MS,
          );
          expect(due).toHaveLength(minutes.length * (repeat + 1));
          const cycle0 = due.filter((d) => d.cycle === 0).map((d) => d.dueAt - T0);
          let cycleStart = T0;
          for (let c = 0; c <= repeat; c++) {
            const cycle = due.filter((d) => d.cycle === c);
            expect(cycle.map((d) => d.dueAt - cycleStart)).toEqual(cycle0);
            cycleStart = cycle[cycle.length - 1]!.dueAt;
          }
        },
      ),
    );
  });
});
