import { describe, expect, it } from 'vitest';
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
  initialTransition,
  transition,
} from 'xstate';
import { type ClockEvent, clockMachine } from '../sla/clock-machine';
import { pureTransition } from './pure-transition';
import { persistSnapshot, stableJson } from './registry';
import { machines, traversalModels } from './test-support';

// pureTransition must be `transition()` exactly, for every state each machine can reach and every event
// we send it, and `transition()` must never hand back actions to execute (pureTransition drops them).

const CLOCK_EVENTS: ClockEvent[] = [
  { type: 'START', at: 0, targetMs: 100, thresholds: [50, 90] },
  { type: 'WARN', threshold: 50, at: 50 },
  { type: 'WARN', threshold: 90, at: 90 },
  { type: 'BREACH', at: 100 },
  { type: 'PAUSE', at: 40, elapsedMs: 40 },
  { type: 'RESUME', at: 60 },
  { type: 'STOP', at: 80, elapsedMs: 60 },
  { type: 'STOP', at: 300, elapsedMs: 200 },
  { type: 'RETARGET', targetMs: 30, at: 45, elapsedMs: 40 },
  { type: 'REOPEN', at: 400 },
];

const models: { label: string; machine: AnyStateMachine; input?: unknown; events: EventObject[] }[] = [
  ...traversalModels.map((m) => ({
    label: m.label,
    machine: machines[m.name],
    input: m.input,
    events: m.events as EventObject[],
  })),
  { label: 'sla clock', machine: clockMachine, input: { metric: 'response' }, events: CLOCK_EVENTS },
];

const key = (machine: AnyStateMachine, snapshot: AnyMachineSnapshot) =>
  stableJson(persistSnapshot(machine, snapshot));

describe('pureTransition', () => {
  it.each(models)(
    'equals transition() on every reachable state × event of $label',
    ({ machine, input, events }) => {
      const [initial] = initialTransition(machine, input);
      const seen = new Map([[key(machine, initial), initial]]);
      const queue = [initial];
      let compared = 0;
      while (queue.length) {
        const snapshot = queue.shift()!;
        for (const event of events) {
          const [expected, actions] = transition(machine, snapshot, event);
          expect(actions).toEqual([]);
          const actual = pureTransition(machine, snapshot, event);
          expect(key(machine, actual)).toBe(key(machine, expected));
          expect(actual.status).toBe(expected.status);
          // Callers (sweepClock) tell a refused event by getting the very same snapshot back.
          expect(actual === snapshot).toBe(machine.getTransitionData(snapshot, event).length === 0);
          compared += 1;
          const k = key(machine, expected);
          if (!seen.has(k)) {
            seen.set(k, expected);
            queue.push(expected);
          }
        }
      }
      expect(seen.size).toBeGreaterThan(2);
      expect(compared).toBe(seen.size * events.length);
    },
  );
});
