import {
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createActor,
  type EventObject,
} from 'xstate';

// XState's `transition(machine, snapshot, event)` builds a throw-away actor for every call, and the
// actor's constructor computes the machine's initial state: about 20 µs, most of the cost of a step,
// paid on every ticket command and every SLA check the scheduler fires. Our machines are pure — no
// invoke, no spawn, no delayed or custom side-effect actions; `assign` is applied within the step — so
// one inert scope per machine serves every step. pure-transition.test.ts checks, for every reachable
// state and event of every machine, that the result equals `transition()`'s and that `transition()`
// reports no action left to execute (which would be dropped here).

const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

function inertScope(machine: AnyStateMachine): AnyActorScope {
  const existing = scopes.get(machine);
  if (existing) return existing;
  const self = createActor(machine);
  const scope = {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: () => {},
  } as unknown as AnyActorScope;
  scopes.set(machine, scope);
  return scope;
}

/**
 * `transition(machine, snapshot, event)[0]` for our pure machines, without the per-call actor. An event
 * no transition takes returns the very same snapshot object (tested for every state × event).
 */
export function pureTransition<S extends AnyMachineSnapshot>(
  machine: AnyStateMachine,
  snapshot: S,
  event: EventObject,
): S {
  return machine.transition(snapshot, event, inertScope(machine)) as S;
}
