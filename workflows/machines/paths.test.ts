import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { type AdjacencyMap, getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { OUTAGE_STATUSES, SECURITY_LINK_STATES, SECURITY_STATUSES } from '@/workflows/tickets/constants';
import { HANDOFF_STATUSES } from './handoff';
import {
  type LifecycleEvent,
  type LifecycleView,
  OPEN_OUTAGE_STATUSES,
  startLifecycle,
  stepLifecycle,
} from './index';
import {
  definitionEdges,
  edgesTaken,
  expectedStatus,
  machines,
  roundTrip,
  serializeForGraph,
  stateValueOf,
  type TraversalModel,
  traversalModels,
} from './test-support';

type GraphStep = { event: LifecycleEvent | { type: 'xstate.init' }; state: AnyMachineSnapshot };

function options(model: TraversalModel) {
  return { events: model.events, input: model.input, serializeState: serializeForGraph };
}

type GraphEdge = { event: LifecycleEvent; state: AnyMachineSnapshot };

/** The transitions map is keyed by a branded string, which Object.values cannot see through. */
function edgesFrom(transitions: object): GraphEdge[] {
  return Object.values(transitions) as GraphEdge[];
}

// With AnyStateMachine the generic inference collapses to unknown; these are the machines' real types.
function adjacencyOf(model: TraversalModel): AdjacencyMap<AnyMachineSnapshot, LifecycleEvent> {
  return getAdjacencyMap(machines[model.name], options(model)) as AdjacencyMap<
    AnyMachineSnapshot,
    LifecycleEvent
  >;
}

function assertSameState(model: TraversalModel, view: LifecycleView, state: AnyMachineSnapshot): void {
  expect(stateValueOf(view.persisted)).toEqual(state.value);
  expect(view.status).toBe(expectedStatus(model.name, state.value));
  expect(view.context).toEqual(state.context);
}

/**
 * Replays a graph path through the public API, persisting to JSON between steps as the services do,
 * and returns the definition edges it took.
 */
function replay(model: TraversalModel, steps: readonly GraphStep[]): string[] {
  const machine = machines[model.name];
  const [init, ...rest] = steps;
  expect(init?.event.type).toBe('xstate.init');
  let view = startLifecycle(model.name, model.input);
  assertSameState(model, view, init!.state);
  let previous = init!.state;
  const taken: string[] = [];
  for (const step of rest) {
    const event = step.event as LifecycleEvent;
    taken.push(...edgesTaken(machine, previous, event));
    const result = stepLifecycle(roundTrip(view.persisted), event);
    if (!result.ok) throw new Error(`${event.type} refused on replay: ${result.message}`);
    view = result.view;
    assertSameState(model, view, step.state);
    previous = step.state;
  }
  return taken;
}

describe.each(traversalModels)('$label machine, model-based paths', (model) => {
  const machine = machines[model.name];

  it('shortest paths reach every state, and replay identically through stepLifecycle', () => {
    const paths = getShortestPaths(machine, options(model));
    const statuses = new Set<string>();
    const links = new Set<string>();
    for (const path of paths) {
      replay(model, path.steps as GraphStep[]);
      statuses.add(expectedStatus(model.name, path.state.value));
      if (model.name === 'outage') links.add((path.state.value as { security: string }).security);
    }
    const all = { outage: OUTAGE_STATUSES, security: SECURITY_STATUSES, handoff: HANDOFF_STATUSES }[
      model.name
    ];
    expect([...statuses].sort()).toEqual([...all].sort());
    if (model.name === 'outage') expect([...links].sort()).toEqual([...SECURITY_LINK_STATES].sort());
  });

  it('takes every transition of the definition (shortest path to the source, then the edge)', () => {
    const adjacency = adjacencyOf(model);
    const pathTo = new Map(
      getShortestPaths(machine, options(model)).map((p) => [
        serializeForGraph(p.state),
        p.steps as GraphStep[],
      ]),
    );
    const covered = new Set<string>();
    let replayed = 0;
    for (const [source, { state, transitions }] of Object.entries(adjacency)) {
      for (const { event, state: next } of edgesFrom(transitions)) {
        if (edgesTaken(machine, state, event).length === 0) continue; // refused: no edge to cover
        const taken = replay(model, [...pathTo.get(source)!, { event, state: next }]);
        for (const edge of taken) covered.add(edge);
        replayed++;
      }
    }
    expect(replayed).toBeGreaterThan(0);
    expect([...covered].sort()).toEqual([...definitionEdges(machine)].sort());
  });

  if (model.name !== 'outage') {
    // The outage graph (history x hold reason x evidence flag x link) has too many simple paths to enumerate.
    it('simple paths replay identically through stepLifecycle', () => {
      const paths = getSimplePaths(machine, options(model));
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) replay(model, path.steps as GraphStep[]);
    });
  }
});

describe('outage on_hold graph coverage', () => {
  it('reaches on_hold from every open state and RESUMEs back to each of them', () => {
    const model = traversalModels[0]!;
    const adjacency = adjacencyOf(model);
    const resumedTo = new Set<string>();
    for (const { state, transitions } of Object.values(adjacency)) {
      if (expectedStatus('outage', state.value) !== 'on_hold') continue;
      const resumed = edgesFrom(transitions).find((t) => t.event.type === 'RESUME')!;
      resumedTo.add(expectedStatus('outage', resumed.state.value));
    }
    expect([...resumedTo].sort()).toEqual([...OPEN_OUTAGE_STATUSES].sort());
  });
});
