import type { AnyHistoryValue, AnyMachineSnapshot, AnyStateMachine, AnyStateNode, StateValue } from 'xstate';
import { handoffGuardMessages, handoffMachine, handoffPayloadSamples, handoffStatus } from './handoff';
import {
  outageGuardMessages,
  outageMachine,
  outagePayloadSamples,
  outageSecurityLink,
  outageStatus,
} from './outage';
import { securityGuardMessages, securityMachine, securityPayloadSamples, securityStatus } from './security';

export type MachineName = 'outage' | 'security' | 'handoff';
export const MACHINE_NAMES: readonly MachineName[] = ['outage', 'security', 'handoff'];

/** Bump a version whenever a persisted snapshot of the old machine would not restore into the new one. */
export const MACHINE_VERSIONS: Record<MachineName, number> = { outage: 1, security: 1, handoff: 1 };

export interface PersistedLifecycle {
  machine: MachineName;
  version: number;
  /** JSON produced by `getPersistedSnapshot`: value, context, historyValue, status. */
  snapshot: unknown;
}

export interface MachineEntry {
  machine: AnyStateMachine;
  status(value: StateValue): string;
  /** The status named in `cannot X while Y`; for a parallel machine, that of the region handling X. */
  statusFor(value: StateValue, eventType: string): string;
  guardMessages: Readonly<Record<string, string>>;
  payloadSamples: Readonly<Record<string, Record<string, unknown>>>;
  isDone(status: string): boolean;
}

/** Every event type some transition in `node` or below listens for. */
export function eventTypesUnder(node: AnyStateNode): Set<string> {
  const types = new Set<string>(node.transitions.keys());
  for (const child of Object.values(node.states)) for (const type of eventTypesUnder(child)) types.add(type);
  return types;
}

const securityLinkEvents = eventTypesUnder(outageMachine.root.states.security!);

export const MACHINES: Record<MachineName, MachineEntry> = {
  outage: {
    machine: outageMachine,
    status: outageStatus,
    statusFor: (value, type) =>
      securityLinkEvents.has(type) ? `security link is ${outageSecurityLink(value)}` : outageStatus(value),
    guardMessages: outageGuardMessages,
    payloadSamples: outagePayloadSamples,
    isDone: (status) => status === 'closed',
  },
  security: {
    machine: securityMachine,
    status: securityStatus,
    statusFor: securityStatus,
    guardMessages: securityGuardMessages,
    payloadSamples: securityPayloadSamples,
    isDone: (status) => status === 'closed',
  },
  handoff: {
    machine: handoffMachine,
    status: handoffStatus,
    statusFor: handoffStatus,
    guardMessages: handoffGuardMessages,
    payloadSamples: handoffPayloadSamples,
    isDone: (status) => status === 'accepted' || status === 'declined',
  },
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Plain JSON, exactly what a jsonb column hands back (undefined fields dropped). */
export function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

export function persistSnapshot(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): unknown {
  return toJson(machine.getPersistedSnapshot(snapshot));
}

// Persisted history holds `{ id }` stubs; transitions need the real StateNode objects back.
function reviveHistory(machine: AnyStateMachine, persisted: unknown): AnyHistoryValue {
  const revived: Record<string, AnyStateNode[]> = {};
  if (!isRecord(persisted)) return revived;
  for (const [key, refs] of Object.entries(persisted)) {
    if (!Array.isArray(refs)) throw new Error(`${machine.id} snapshot has malformed history for ${key}`);
    revived[key] = refs.map((ref: unknown) => {
      if (!isRecord(ref) || typeof ref.id !== 'string') {
        throw new Error(`${machine.id} snapshot has malformed history for ${key}`);
      }
      return machine.getStateNodeById(ref.id);
    });
  }
  return revived;
}

/**
 * `resolveState` rather than `createActor({ snapshot })`: restoring needs no actor, and it recomputes
 * the done/active status from the state value instead of trusting the stored one.
 */
export function restoreSnapshot(machine: AnyStateMachine, persisted: unknown): AnyMachineSnapshot {
  if (!isRecord(persisted) || persisted.value === undefined || !isRecord(persisted.context)) {
    throw new Error(`${machine.id} snapshot is not a persisted XState snapshot`);
  }
  try {
    return machine.resolveState({
      value: persisted.value as StateValue,
      context: persisted.context,
      historyValue: reviveHistory(machine, persisted.historyValue),
    });
  } catch (error) {
    throw new Error(`${machine.id} snapshot does not fit the machine: ${(error as Error).message}`);
  }
}
