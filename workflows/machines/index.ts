import {
  type AnyMachineSnapshot,
  type AnyTransitionDefinition,
  type EventObject,
  getNextTransitions,
  initialTransition,
} from 'xstate';
import type { Role, SecurityLinkState, Severity } from '../tickets/constants';
import type { HandoffEvent } from './handoff';
import { migrateLifecycle } from './migrate';
import { type OutageEvent, outageSecurityLink } from './outage';
import { pureTransition } from './pure-transition';
import {
  MACHINE_VERSIONS,
  MACHINES,
  type MachineName,
  type PersistedLifecycle,
  persistSnapshot,
  restoreSnapshot,
  stableJson,
} from './registry';
import type { SecurityEvent } from './security';

export type { HandoffContext, HandoffEvent, HandoffStatus } from './handoff';
export { HANDOFF_STATUSES } from './handoff';
export { toMermaid } from './mermaid';
export { migrateLifecycle } from './migrate';
export type { OpenOutageStatus, OutageContext, OutageEvent } from './outage';
export { OPEN_OUTAGE_STATUSES } from './outage';
export type { OutageSnapshotV0 } from './outage-v0';
export { MACHINE_NAMES, MACHINE_VERSIONS, type MachineName, type PersistedLifecycle } from './registry';
export type { DismissResolution, SecurityContext, SecurityEvent, SecurityInput } from './security';

export type LifecycleEvent = OutageEvent | SecurityEvent | HandoffEvent;

/** Only the security machine reads input: a severity already known from the alert. */
export interface LifecycleInput {
  severity?: Severity;
}

export interface LifecycleView {
  persisted: PersistedLifecycle;
  status: string;
  securityLink?: SecurityLinkState;
  preserveEvidence?: boolean;
  context: Record<string, unknown>;
  done: boolean;
}

export type StepResult =
  | { ok: true; view: LifecycleView; changed: boolean }
  | { ok: false; code: 'not_accepted' | 'guard_failed'; message: string };

function viewOf(name: MachineName, snapshot: AnyMachineSnapshot): LifecycleView {
  const entry = MACHINES[name];
  const status = entry.status(snapshot.value);
  const context = { ...(snapshot.context as Record<string, unknown>) };
  const view: LifecycleView = {
    persisted: {
      machine: name,
      version: MACHINE_VERSIONS[name],
      snapshot: persistSnapshot(entry.machine, snapshot),
    },
    status,
    context,
    done: entry.isDone(status),
  };
  if (name === 'outage') {
    view.securityLink = outageSecurityLink(snapshot.value);
    view.preserveEvidence = context.preserveEvidence === true;
  }
  return view;
}

export function startLifecycle(machine: MachineName, input?: LifecycleInput): LifecycleView {
  const entry = MACHINES[machine];
  if (!entry) throw new Error(`unknown lifecycle machine: ${String(machine)}`);
  const [snapshot] = initialTransition(entry.machine, input);
  return viewOf(machine, snapshot);
}

/** Every transition the current configuration defines for `type`, whether or not its guard passes. */
function candidatesFor(snapshot: AnyMachineSnapshot, type: string): AnyTransitionDefinition[] {
  return getNextTransitions(snapshot).filter((t) => t.eventType === type);
}

function guardName(t: AnyTransitionDefinition): string | undefined {
  // Declared as a union that includes inline functions; ours are always referenced by name.
  const guard: unknown = t.guard;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String(guard.type);
  return undefined;
}

function load(persisted: PersistedLifecycle): { name: MachineName; snapshot: AnyMachineSnapshot } {
  const current = migrateLifecycle(persisted);
  return {
    name: current.machine,
    snapshot: restoreSnapshot(MACHINES[current.machine].machine, current.snapshot),
  };
}

export function stepLifecycle(persisted: PersistedLifecycle, event: LifecycleEvent): StepResult {
  const { name, snapshot } = load(persisted);
  const entry = MACHINES[name];
  // Events come from parsed requests: check the discriminant at runtime rather than trusting the type.
  const rawType: unknown = (event as { type?: unknown } | undefined)?.type;
  const type = typeof rawType === 'string' ? rawType : String(rawType);
  // Reserved `xstate.*` types (e.g. xstate.stop) never match a transition, so they end here too.
  const candidates = candidatesFor(snapshot, type);
  if (candidates.length === 0) {
    return {
      ok: false,
      code: 'not_accepted',
      message: `cannot ${type} while ${entry.statusFor(snapshot.value, type)}`,
    };
  }
  const machineEvent = event as EventObject;
  if (entry.machine.getTransitionData(snapshot, machineEvent).length === 0) {
    const guard = candidates.map(guardName).find((g) => g !== undefined);
    const message = (guard && entry.guardMessages[guard]) || `${type} is not allowed now`;
    return { ok: false, code: 'guard_failed', message };
  }
  const next = pureTransition(entry.machine, snapshot, machineEvent);
  const view = viewOf(name, next);
  return {
    ok: true,
    view,
    // Computed on demand: no command path asks, and comparing the two snapshots costs as much as a step.
    get changed() {
      return stableJson(view.persisted.snapshot) !== stableJson(persistSnapshot(entry.machine, snapshot));
    },
  };
}

export function allowedEvents(
  persisted: PersistedLifecycle,
  actorRole: Role,
): Array<{ type: string; needs: string[] }> {
  const { name, snapshot } = load(persisted);
  const samples = MACHINES[name].payloadSamples;
  const types = [...new Set(getNextTransitions(snapshot).map((t) => t.eventType))];
  const allowed: Array<{ type: string; needs: string[] }> = [];
  for (const type of types) {
    if (type.startsWith('xstate.')) continue;
    // Bare first: if the machine already knows the value (e.g. severity), the user need not supply it.
    if (snapshot.can({ type, actorRole })) {
      allowed.push({ type, needs: [] });
      continue;
    }
    const sample = samples[type];
    if (sample && snapshot.can({ type, actorRole, ...sample }))
      allowed.push({ type, needs: Object.keys(sample) });
  }
  return allowed;
}
