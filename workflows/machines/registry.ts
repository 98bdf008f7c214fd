import type { AnyHistoryValue, AnyMachineSnapshot, AnyStateMachine, AnyStateNode, StateValue } from 'xstate';
import { toPlainJson } from '../plain-json';
import { handoffGuardMessages, handoffMachine, handoffPayloadSamples, handoffStatus } from './handoff';
import {
  outageGuardMessages,
  outageMachine,
  outagePayloadSamples,
  outageSecurityLink,
  outageStatus,
} from './outage';
import { securityGuardMessages, securityMachine, securityPayloadSamples, securityStatus } from './security';
import type { Stepped } from './step';

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

export function persistSnapshot(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): unknown {
  // Plain JSON, exactly what a jsonb column hands back (undefined fields dropped).
  return toPlainJson(machine.getPersistedSnapshot(snapshot));
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

/** Key order of a jsonb round-trip is not ours to rely on, so "changed" compares sorted JSON. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a single-machine column stores: the machine's id, its version, and the JSON snapshot. */
export interface VersionedSnapshot<Id extends string> {
  machine: Id;
  version: number;
  snapshot: unknown;
}

/** MIGRATIONS[n] turns a version-n snapshot into a version-(n+1) one. */
export type SnapshotMigrations = Readonly<Partial<Record<number, (snapshot: unknown) => unknown>>>;

/**
 * Migrate / load / persist for a machine stored on its own (an SLA clock, an escalation): old versions are
 * brought up to date step by step; unknown shapes, invalid or newer versions throw.
 */
export function versionedPersistence<Id extends string>(options: {
  id: Id;
  version: number;
  machine: AnyStateMachine;
  migrations: SnapshotMigrations;
}) {
  const { id, version: current, machine, migrations } = options;
  function migrate(persisted: VersionedSnapshot<Id>): VersionedSnapshot<Id> {
    if (!isRecord(persisted) || persisted.machine !== id) {
      throw new Error(`not a persisted ${id}: ${JSON.stringify(persisted)?.slice(0, 80)}`);
    }
    const { version } = persisted;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
      throw new Error(`${id} snapshot has an invalid version: ${String(version)}`);
    }
    if (version > current) {
      throw new Error(`${id} snapshot version ${version} is newer than this build understands (${current})`);
    }
    if (version === current) return persisted;
    let snapshot = persisted.snapshot;
    for (let from = version; from < current; from++) {
      const step = migrations[from];
      if (!step) throw new Error(`no migration for ${id} snapshots from version ${from}`);
      snapshot = step(snapshot);
    }
    return { machine: id, version: current, snapshot };
  }
  return {
    migrate,
    load: (persisted: VersionedSnapshot<Id>): AnyMachineSnapshot =>
      restoreSnapshot(machine, migrate(persisted).snapshot),
    persist: (snapshot: AnyMachineSnapshot): VersionedSnapshot<Id> => ({
      machine: id,
      version: current,
      snapshot: persistSnapshot(machine, snapshot),
    }),
    /** A step's next snapshot, persisted (reusing the persisted form the step computed, if it did). */
    persistStep: (step: Stepped): VersionedSnapshot<Id> => ({
      machine: id,
      version: current,
      snapshot: step.persisted,
    }),
  };
}
