import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { type AdjacencyMap, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import type { LifecycleEvent } from '@/workflows/machines';
import {
  edgesTaken,
  expectedStatus,
  machines,
  serializeForGraph,
  type TraversalModel,
  traversalModels,
} from '@/workflows/machines/test-support';
import type { TicketKind } from '@/workflows/tickets/constants';
import { CALENDAR_24X7 } from './calendar';
import { applyClockCommand, type PersistedClock, readClock, startClock } from './clock';
import { DAY_MS, MINUTE_MS } from './constants';
import { clockCommandsForTicketEvent, clocksToStartOnCreate, type TicketClockMetric } from './effects';

type GraphStep = { event: LifecycleEvent | { type: 'xstate.init' }; state: AnyMachineSnapshot };
type GraphEdge = { event: LifecycleEvent; state: AnyMachineSnapshot };

const ticketModels = traversalModels.filter(
  (m): m is TraversalModel & { name: TicketKind } => m.name === 'outage' || m.name === 'security',
);

function options(model: TraversalModel) {
  return { events: model.events, input: model.input, serializeState: serializeForGraph };
}

function edgesFrom(transitions: object): GraphEdge[] {
  return Object.values(transitions) as GraphEdge[];
}

// The expected clock states, written out independently of effects.ts from DESIGN §2.4 and issue #4.
const RESPONSE_EVENTS: Record<TicketKind, string[]> = { outage: ['ACK'], security: ['CONFIRM', 'DISMISS'] };
function expectedResolution(kind: TicketKind, status: string): string {
  if (kind === 'outage') {
    if (status === 'on_hold') return 'paused';
    return status === 'resolved' || status === 'closed' ? 'met' : 'running';
  }
  return status === 'post_incident' || status === 'closed' ? 'met' : 'running';
}

interface Clocks {
  response: PersistedClock;
  resolution: PersistedClock;
}

const T0 = Date.parse('2026-03-02T08:00:00Z');

function freshClocks(): Clocks {
  // Targets far beyond any walk, so no clock breaches and met / running / paused are all we see.
  const targetMs = 365 * DAY_MS;
  return {
    response: startClock({ metric: 'response', at: T0, targetMs }),
    resolution: startClock({ metric: 'resolution', at: T0, targetMs }),
  };
}

/**
 * Replays transitions, applying the derived commands to real clocks. Every command must change its clock
 * (the table asks for nothing redundant), and after each step the clocks must be where the oracle says.
 */
function walk(kind: TicketKind, steps: Array<{ event: LifecycleEvent; from: string; to: string }>): string[] {
  const clocks = freshClocks();
  let responded = false;
  let at = T0;
  const seen: string[] = [];
  for (const { event, from, to } of steps) {
    at += MINUTE_MS;
    const commands = clockCommandsForTicketEvent({ kind, eventType: event.type, from, to });
    for (const { metric, command } of commands) {
      const result = applyClockCommand(clocks[metric], { type: command, at }, CALENDAR_24X7);
      if (!result.ok)
        throw new Error(`${kind} ${event.type} (${from} → ${to}): ${command} ${metric}: ${result.message}`);
      expect(
        result.changed,
        `${kind} ${event.type} (${from} → ${to}): ${command} ${metric} changed nothing`,
      ).toBe(true);
      clocks[metric] = result.persisted;
      seen.push(`${event.type}:${metric}:${command}`);
    }
    if (RESPONSE_EVENTS[kind].includes(event.type)) responded = true;
    const where = `${kind} ${event.type} (${from} → ${to})`;
    expect(readClock(clocks.response).state, `${where}: response`).toBe(responded ? 'met' : 'running');
    expect(readClock(clocks.resolution).state, `${where}: resolution`).toBe(expectedResolution(kind, to));
  }
  return seen;
}

function stepsOf(model: TraversalModel, path: readonly GraphStep[]) {
  const steps: Array<{ event: LifecycleEvent; from: string; to: string }> = [];
  for (let i = 1; i < path.length; i++) {
    steps.push({
      event: path[i]!.event as LifecycleEvent,
      from: expectedStatus(model.name, path[i - 1]!.state.value),
      to: expectedStatus(model.name, path[i]!.state.value),
    });
  }
  return steps;
}

describe.each(ticketModels)('SLA clock effects over every $label transition', (model) => {
  const machine = machines[model.name];
  const adjacency = getAdjacencyMap(machine, options(model)) as AdjacencyMap<
    AnyMachineSnapshot,
    LifecycleEvent
  >;
  const pathTo = new Map(
    getShortestPaths(machine, options(model)).map((p) => [
      serializeForGraph(p.state),
      p.steps as GraphStep[],
    ]),
  );

  it('every accepted edge (reached by its shortest path) keeps the clocks where the lifecycle says', () => {
    const commands = new Set<string>();
    let edges = 0;
    for (const [source, { state, transitions }] of Object.entries(adjacency)) {
      for (const { event, state: next } of edgesFrom(transitions)) {
        if (edgesTaken(machine, state, event).length === 0) continue;
        for (const c of walk(model.name, stepsOf(model, [...pathTo.get(source)!, { event, state: next }]))) {
          commands.add(c);
        }
        edges++;
      }
    }
    expect(edges).toBeGreaterThan(10);
    const expected =
      model.name === 'outage'
        ? [
            'ACK:response:STOP',
            'HOLD:resolution:PAUSE',
            'RESUME:resolution:RESUME',
            'RESOLVE:resolution:STOP',
            'REOPEN:resolution:REOPEN',
          ]
        : [
            'CONFIRM:response:STOP',
            'DISMISS:response:STOP',
            'DISMISS:resolution:STOP',
            'REVIEW:resolution:STOP',
            'REOPEN:resolution:REOPEN',
          ];
    expect([...commands].sort()).toEqual(expected.sort());
  });

  it('random walks through the graph (holds, reopens, repeats) keep the clocks in step', () => {
    const byKey = new Map(Object.entries(adjacency));
    const initial = serializeForGraph(getShortestPaths(machine, options(model))[0]!.steps[0]!.state);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), (picks) => {
        let key = initial;
        const steps: Array<{ event: LifecycleEvent; from: string; to: string }> = [];
        for (const pick of picks) {
          const { state, transitions } = byKey.get(key)!;
          const accepted = edgesFrom(transitions).filter(
            (e) => edgesTaken(machine, state, e.event).length > 0,
          );
          if (accepted.length === 0) break;
          const edge = accepted[pick % accepted.length]!;
          steps.push({
            event: edge.event,
            from: expectedStatus(model.name, state.value),
            to: expectedStatus(model.name, edge.state.value),
          });
          key = serializeForGraph(edge.state);
        }
        walk(model.name, steps);
      }),
      { numRuns: 150 },
    );
  });
});

describe('clockCommandsForTicketEvent, by example', () => {
  const cases: Array<[TicketKind, string, string, string, Array<[TicketClockMetric, string]>]> = [
    ['outage', 'ACK', 'new', 'acknowledged', [['response', 'STOP']]],
    ['outage', 'HOLD', 'new', 'on_hold', [['resolution', 'PAUSE']]],
    ['outage', 'INVESTIGATE', 'acknowledged', 'investigating', []],
    ['outage', 'RESUME', 'on_hold', 'identified', [['resolution', 'RESUME']]],
    ['outage', 'RESOLVE', 'monitoring', 'resolved', [['resolution', 'STOP']]],
    ['outage', 'CLOSE', 'resolved', 'closed', []],
    ['outage', 'REOPEN', 'resolved', 'investigating', [['resolution', 'REOPEN']]],
    ['outage', 'REQUEST_HANDOFF', 'investigating', 'investigating', []],
    ['security', 'CONFIRM', 'triage', 'investigating', [['response', 'STOP']]],
    [
      'security',
      'DISMISS',
      'triage',
      'closed',
      [
        ['response', 'STOP'],
        ['resolution', 'STOP'],
      ],
    ],
    ['security', 'RECOVER', 'eradication', 'recovery', []],
    ['security', 'REVIEW', 'recovery', 'post_incident', [['resolution', 'STOP']]],
    ['security', 'CLOSE', 'post_incident', 'closed', []],
    ['security', 'REOPEN', 'closed', 'investigating', [['resolution', 'REOPEN']]],
  ];
  it.each(cases)('%s %s (%s → %s)', (kind, eventType, from, to, expected) => {
    expect(clockCommandsForTicketEvent({ kind, eventType, from, to })).toEqual(
      expected.map(([metric, command]) => ({ metric, command })),
    );
  });

  it('starts response and resolution clocks on creation, for both kinds', () => {
    expect(clocksToStartOnCreate('outage')).toEqual(['response', 'resolution']);
    expect(clocksToStartOnCreate('security')).toEqual(['response', 'resolution']);
  });
});
