import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { type AdjacencyMap, getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import type { LifecycleEvent } from '@/workflows/machines';
import { definitionEdges, edgesTaken, roundTrip, serializeForGraph } from '@/workflows/machines/test-support';
import { type PersistedClock, startClock, stepClock } from './clock';
import { CLOCK_MACHINE_STATES, type ClockEvent, clockMachine } from './clock-machine';

// A small timeline (target 100 ms, one threshold at 50 %) whose events, between them, can take every edge of
// the definition. Several PAUSE / STOP / RETARGET payloads exist because guards check them against the clock
// (instants never go backwards; elapsed time grows by at most the wall-clock span).
const START: ClockEvent = { type: 'START', at: 0, targetMs: 100, thresholds: [50] };
const EVENTS: ClockEvent[] = [
  START,
  { type: 'START', at: 0, targetMs: 0, thresholds: [50] },
  { type: 'PAUSE', at: 40, elapsedMs: 40 },
  { type: 'PAUSE', at: 40, elapsedMs: 41 }, // more business time than wall-clock time: refused
  { type: 'RESUME', at: 60 },
  { type: 'WARN', threshold: 50, at: 50 },
  { type: 'WARN', threshold: 75, at: 50 }, // not a configured threshold: refused
  { type: 'BREACH', at: 100 },
  { type: 'STOP', at: 80, elapsedMs: 60 },
  { type: 'STOP', at: 90, elapsedMs: 40 },
  { type: 'STOP', at: 300, elapsedMs: 200 },
  { type: 'RETARGET', targetMs: 30, at: 45, elapsedMs: 40 },
  { type: 'REOPEN', at: 400 },
];

const options = {
  events: EVENTS,
  input: { metric: 'resolution' as const },
  serializeState: serializeForGraph,
};

type GraphStep = { event: ClockEvent | { type: 'xstate.init' }; state: AnyMachineSnapshot };
type GraphEdge = { event: ClockEvent; state: AnyMachineSnapshot };

function edgesFrom(transitions: object): GraphEdge[] {
  return Object.values(transitions) as GraphEdge[];
}

const asLifecycle = (event: ClockEvent) => event as unknown as LifecycleEvent;

/** Replays a graph path through startClock / stepClock, through JSON between steps, as the services do. */
function replay(steps: readonly GraphStep[]): string[] {
  const [init, start, ...rest] = steps;
  expect(init?.event.type).toBe('xstate.init');
  const taken: string[] = [];
  if (!start) return taken;
  expect(start.event).toEqual(START); // the only START the guards accept
  let persisted: PersistedClock = startClock({
    metric: 'resolution',
    at: 0,
    targetMs: 100,
    thresholds: [50],
  });
  taken.push(...edgesTaken(clockMachine, init!.state, asLifecycle(START)));
  let previous = start.state;
  const check = (state: AnyMachineSnapshot) => {
    const snapshot = persisted.snapshot as { value: unknown; context: unknown };
    expect(snapshot.value).toEqual(state.value);
    expect(snapshot.context).toEqual(state.context);
  };
  check(start.state);
  for (const step of rest) {
    const event = step.event as ClockEvent;
    taken.push(...edgesTaken(clockMachine, previous, asLifecycle(event)));
    const result = stepClock(roundTrip(persisted), event);
    if (!result.ok) throw new Error(`${event.type} refused on replay: ${result.message}`);
    persisted = result.persisted;
    check(step.state);
    previous = step.state;
  }
  return taken;
}

describe('sla_clock machine, model-based paths', () => {
  it('shortest paths reach every state and replay identically through stepClock', () => {
    const paths = getShortestPaths(clockMachine, options);
    const states = new Set<string>();
    for (const path of paths) {
      replay(path.steps as GraphStep[]);
      states.add(String(path.state.value));
    }
    expect([...states].sort()).toEqual([...CLOCK_MACHINE_STATES].sort());
  });

  it('takes every transition of the definition (shortest path to the source, then the edge)', () => {
    const adjacency = getAdjacencyMap(clockMachine, options) as AdjacencyMap<AnyMachineSnapshot, ClockEvent>;
    const pathTo = new Map(
      getShortestPaths(clockMachine, options).map((p) => [
        serializeForGraph(p.state),
        p.steps as GraphStep[],
      ]),
    );
    const covered = new Set<string>();
    let replayed = 0;
    for (const [source, { state, transitions }] of Object.entries(adjacency)) {
      for (const { event, state: next } of edgesFrom(transitions)) {
        if (edgesTaken(clockMachine, state, asLifecycle(event)).length === 0) continue;
        for (const edge of replay([...pathTo.get(source)!, { event, state: next }])) covered.add(edge);
        replayed++;
      }
    }
    expect(replayed).toBeGreaterThan(20);
    expect([...covered].sort()).toEqual([...definitionEdges(clockMachine)].sort());
  });

  it('simple paths replay identically through stepClock', () => {
    const paths = getSimplePaths(clockMachine, options);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) replay(path.steps as GraphStep[]);
  });

  it('refuses, as values, what the guards reject; the persisted clock is untouched', () => {
    const persisted = startClock({ metric: 'response', at: 0, targetMs: 100, thresholds: [50] });
    const frozen = roundTrip(persisted);
    expect(stepClock(persisted, { type: 'PAUSE', at: 40, elapsedMs: 41 })).toMatchObject({
      ok: false,
      code: 'guard_failed',
    });
    expect(stepClock(persisted, { type: 'REOPEN', at: 40 })).toEqual({
      ok: false,
      code: 'not_accepted',
      message: 'cannot REOPEN while running',
    });
    expect(stepClock(persisted, { type: 'WARN', threshold: 75, at: 40 })).toMatchObject({ ok: false });
    const warned = stepClock(persisted, { type: 'WARN', threshold: 50, at: 50 });
    expect(warned.ok).toBe(true);
    if (!warned.ok) return;
    // The same threshold never warns twice.
    expect(stepClock(warned.persisted, { type: 'WARN', threshold: 50, at: 60 })).toMatchObject({
      ok: false,
      code: 'guard_failed',
    });
    expect(persisted).toEqual(frozen);
  });

  it('BREACH is accepted only while running; PAUSE and RESUME never while breached', () => {
    const running = startClock({ metric: 'response', at: 0, targetMs: 100, thresholds: [] });
    const paused = stepClock(running, { type: 'PAUSE', at: 10, elapsedMs: 10 });
    if (!paused.ok) throw new Error(paused.message);
    expect(stepClock(paused.persisted, { type: 'BREACH', at: 100 })).toMatchObject({ code: 'not_accepted' });
    const breached = stepClock(running, { type: 'BREACH', at: 100 });
    if (!breached.ok) throw new Error(breached.message);
    expect(breached.clock).toMatchObject({ state: 'breached', breachedAt: 100, segmentStart: 0 });
    expect(stepClock(breached.persisted, { type: 'PAUSE', at: 120, elapsedMs: 120 })).toMatchObject({
      code: 'not_accepted',
    });
    expect(stepClock(breached.persisted, { type: 'RESUME', at: 120 })).toMatchObject({
      code: 'not_accepted',
    });
    expect(
      stepClock(breached.persisted, { type: 'RETARGET', at: 120, targetMs: 500, elapsedMs: 120 }),
    ).toMatchObject({ code: 'not_accepted' });
  });
});
