import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyTransitionDefinition,
  type EventObject,
  getNextTransitions,
} from 'xstate';
import { pureTransition } from './pure-transition';
import { persistSnapshot, stableJson } from './registry';

/** Why a persisted machine did not take an event: a value for the caller to report, never an exception. */
export type StepRefusal = { ok: false; code: 'not_accepted' | 'guard_failed'; message: string };

/** A persisted machine, restored, with what its refusals say. */
export interface RestoredMachine {
  machine: AnyStateMachine;
  snapshot: AnyMachineSnapshot;
  /** The state named in `cannot X while <state>` (for a parallel machine, the region that handles X). */
  describe(eventType: string): string;
  /** Per guard name: what to tell a person when it fails. */
  guardMessages: Readonly<Record<string, string>>;
}

export interface Stepped {
  ok: true;
  next: AnyMachineSnapshot;
  /** `next` in persisted form (persistSnapshot); computed on first use, once. */
  readonly persisted: unknown;
  /** Whether the persisted form differs from before; computed on demand (it costs as much as a step). */
  readonly changed: boolean;
}

function guardName(t: AnyTransitionDefinition): string | undefined {
  // Declared as a union that includes inline functions; ours are always referenced by name.
  const guard: unknown = t.guard;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String(guard.type);
  return undefined;
}

/**
 * The one way to step a persisted machine (lifecycles, SLA clocks, escalations): an event no transition
 * of the current configuration listens for is `not_accepted`, one whose guards all fail is `guard_failed`
 * with the guard's message, anything else steps purely.
 */
export function stepPersisted(restored: RestoredMachine, event: unknown): Stepped | StepRefusal {
  const { machine, snapshot } = restored;
  // Events come from parsed requests: check the discriminant at runtime rather than trusting the type.
  const rawType: unknown = (event as { type?: unknown } | undefined)?.type;
  const type = typeof rawType === 'string' ? rawType : String(rawType);
  // Reserved `xstate.*` types (e.g. xstate.stop) never match a transition, so they end here too.
  const candidates = getNextTransitions(snapshot).filter((t) => t.eventType === type);
  if (candidates.length === 0)
    return { ok: false, code: 'not_accepted', message: `cannot ${type} while ${restored.describe(type)}` };
  const machineEvent = event as EventObject;
  if (machine.getTransitionData(snapshot, machineEvent).length === 0) {
    const guard = candidates.map(guardName).find((g) => g !== undefined);
    const message = (guard && restored.guardMessages[guard]) || `${type} is not allowed now`;
    return { ok: false, code: 'guard_failed', message };
  }
  const next = pureTransition(machine, snapshot, machineEvent);
  let persisted: unknown;
  let changed: boolean | undefined;
  const persistedNext = () => {
    if (persisted === undefined) persisted = persistSnapshot(machine, next);
    return persisted;
  };
  return {
    ok: true,
    next,
    get persisted() {
      return persistedNext();
    },
    get changed() {
      changed ??= stableJson(persistedNext()) !== stableJson(persistSnapshot(machine, snapshot));
      return changed;
    },
  };
}
