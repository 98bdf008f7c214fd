import { type AnyMachineSnapshot, getNextTransitions, initialTransition } from 'xstate';
import type { Role, SecurityLinkState, Severity } from '../tickets/constants';
import type { HandoffEvent } from './handoff';
import { migrateLifecycle } from './migrate';
import { type OutageEvent, outageSecurityLink } from './outage';
import {
  MACHINE_VERSIONS,
  MACHINES,
  type MachineName,
  type PersistedLifecycle,
  persistSnapshot,
  restoreSnapshot,
} from './registry';
import type { SecurityEvent } from './security';
import { type StepRefusal, stepPersisted } from './step';

export type { HandoffContext, HandoffEvent, HandoffStatus } from './handoff';
export { HANDOFF_STATUSES } from './handoff';
export { toMermaid } from './mermaid';
export { migrateLifecycle } from './migrate';
export type { OpenOutageStatus, OutageContext, OutageEvent } from './outage';
export { OPEN_OUTAGE_STATUSES } from './outage';
export type { OutageSnapshotV0 } from './outage-v0';
export { MACHINE_NAMES, MACHINE_VERSIONS, type MachineName, type PersistedLifecycle } from './registry';
export type { DismissResolution, SecurityContext, SecurityEvent, SecurityInput } from './security';
export { type RestoredMachine, type Stepped, type StepRefusal, stepPersisted } from './step';

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

export type StepResult = { ok: true; view: LifecycleView; changed: boolean } | StepRefusal;

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
  const step = stepPersisted(
    {
      machine: entry.machine,
      snapshot,
      describe: (type) => entry.statusFor(snapshot.value, type),
      guardMessages: entry.guardMessages,
    },
    event,
  );
  if (!step.ok) return step;
  return {
    ok: true,
    view: viewOf(name, step.next),
    get changed() {
      return step.changed;
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
