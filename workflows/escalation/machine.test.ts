import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { type AdjacencyMap, getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import type { LifecycleEvent } from '@/workflows/machines';
import { definitionEdges, edgesTaken, roundTrip, serializeForGraph } from '@/workflows/machines/test-support';
import { ESCALATION_STATES, type EscalationEvent, escalationMachine } from './machine';
import type { EscalationPolicy } from './policy';
import { type PersistedEscalation, readEscalation, startEscalation, stepEscalation } from './progress';

const POLICY: EscalationPolicy = {
  levels: [
    {
      trigger: { kind: 'unacknowledged', minutes: 5 },
      targets: [{ kind: 'team', id: 'noc' }],
      actions: ['notify'],
    },
    {
      trigger: { kind: 'clock_breached', metric: 'response' },
      targets: [{ kind: 'role', id: 'manager' }],
      actions: ['notify', 'raise_priority'],
    },
  ],
  repeat: 1,
};

const EVENTS: EscalationEvent[] = [
  { type: 'LEVEL_DUE', level: 0, cycle: 0, at: 10 },
  { type: 'LEVEL_DUE', level: 1, cycle: 0, at: 20 },
  { type: 'LEVEL_DUE', level: 0, cycle: 1, at: 30 },
  { type: 'LEVEL_DUE', level: 1, cycle: 1, at: 40 },
  { type: 'LEVEL_DUE', level: 1, cycle: 0, at: 5 }, // out of order / in the past: refused
  { type: 'LEVEL_DUE', level: 2, cycle: 0, at: 50 }, // no such level
  { type: 'ACKNOWLEDGED', at: 25 },
];

const options = {
  events: EVENTS,
  input: { policy: POLICY, startedAt: 0 },
  serializeState: serializeForGraph,
};

type GraphStep = { event: EscalationEvent | { type: 'xstate.init' }; state: AnyMachineSnapshot };
type GraphEdge = { event: EscalationEvent; state: AnyMachineSnapshot };
const asLifecycle = (event: EscalationEvent) => event as unknown as LifecycleEvent;

function replay(steps: readonly GraphStep[]): string[] {
  const [init, ...rest] = steps;
  expect(init?.event.type).toBe('xstate.init');
  let persisted: PersistedEscalation = startEscalation({ policy: POLICY, startedAt: 0 });
  const check = (state: AnyMachineSnapshot) => {
    const snapshot = persisted.snapshot as { value: unknown; context: unknown };
    expect(snapshot.value).toEqual(state.value);
    expect(snapshot.context).toEqual(state.context);
  };
  check(init!.state);
  let previous = init!.state;
  const taken: string[] = [];
  for (const step of rest) {
    const event = step.event as EscalationEvent;
    taken.push(...edgesTaken(escalationMachine, previous, asLifecycle(event)));
    const result = stepEscalation(roundTrip(persisted), event);
    if (!result.ok) throw new Error(`${event.type} refused on replay: ${result.message}`);
    persisted = result.persisted;
    check(step.state);
    previous = step.state;
  }
  return taken;
}

describe('escalation machine, model-based paths', () => {
  it('shortest paths reach every state and replay identically through stepEscalation', () => {
    const states = new Set<string>();
    for (const path of getShortestPaths(escalationMachine, options)) {
      replay(path.steps as GraphStep[]);
      states.add(String(path.state.value));
    }
    expect([...states].sort()).toEqual([...ESCALATION_STATES].sort());
  });

  it('takes every transition of the definition', () => {
    const adjacency = getAdjacencyMap(escalationMachine, options) as AdjacencyMap<
      AnyMachineSnapshot,
      EscalationEvent
    >;
    const pathTo = new Map(
      getShortestPaths(escalationMachine, options).map((p) => [
        serializeForGraph(p.state),
        p.steps as GraphStep[],
      ]),
    );
    const covered = new Set<string>();
    for (const [source, { state, transitions }] of Object.entries(adjacency)) {
      for (const { event, state: next } of Object.values(transitions) as GraphEdge[]) {
        if (edgesTaken(escalationMachine, state, asLifecycle(event)).length === 0) continue;
        for (const edge of replay([...pathTo.get(source)!, { event, state: next }])) covered.add(edge);
      }
    }
    expect([...covered].sort()).toEqual([...definitionEdges(escalationMachine)].sort());
  });

  it('simple paths replay identically; levels fire strictly in order, each key once', () => {
    const paths = getSimplePaths(escalationMachine, options);
    expect(paths.length).toBeGreaterThan(4);
    for (const path of paths) {
      replay(path.steps as GraphStep[]);
      const fired = (path.state.context as { fired: string[] }).fired;
      expect(fired).toEqual(['0:0', '1:0', '0:1', '1:1'].slice(0, fired.length));
    }
  });

  it('runs the last cycle to done, and records cycle 0 offsets and cycle starts', () => {
    let persisted = startEscalation({ policy: POLICY, startedAt: 0 });
    for (const event of EVENTS.slice(0, 4)) {
      const result = stepEscalation(persisted, event);
      if (!result.ok) throw new Error(result.message);
      persisted = result.persisted;
      if (event.type === 'LEVEL_DUE' && event.level === 1 && event.cycle === 0) {
        expect(result.progress).toMatchObject({
          state: 'active',
          level: 0,
          cycle: 1,
          cycleStartedAt: 20,
          offsets: [10, 20],
        });
      }
    }
    expect(readEscalation(persisted)).toMatchObject({
      state: 'done',
      level: 2,
      cycle: 1,
      lastDueAt: 40,
      offsets: [10, 20],
    });
    expect(stepEscalation(persisted, { type: 'ACKNOWLEDGED', at: 50 })).toMatchObject({
      ok: false,
      code: 'not_accepted',
    });
  });

  it('refuses as values: a skipped level, a repeated one, an instant before the previous level', () => {
    const start = startEscalation({ policy: POLICY, startedAt: 0 });
    expect(stepEscalation(start, { type: 'LEVEL_DUE', level: 1, cycle: 0, at: 10 })).toMatchObject({
      ok: false,
      code: 'guard_failed',
    });
    const first = stepEscalation(start, { type: 'LEVEL_DUE', level: 0, cycle: 0, at: 10 });
    if (!first.ok) throw new Error(first.message);
    expect(stepEscalation(first.persisted, { type: 'LEVEL_DUE', level: 0, cycle: 0, at: 10 })).toMatchObject({
      ok: false,
    });
    expect(stepEscalation(first.persisted, { type: 'LEVEL_DUE', level: 1, cycle: 0, at: 9 })).toMatchObject({
      ok: false,
    });
    expect(stepEscalation(start, { type: 'ACKNOWLEDGED', at: Number.NaN })).toMatchObject({ ok: false });
  });
});
