import { outageV0ToV1 } from './outage-v0';
import {
  isRecord,
  MACHINE_NAMES,
  MACHINE_VERSIONS,
  type MachineName,
  type PersistedLifecycle,
} from './registry';

type Migration = (snapshot: unknown) => unknown;

/** MIGRATIONS[machine][n] turns a version-n snapshot into a version-(n+1) one. */
const MIGRATIONS: Record<MachineName, Readonly<Partial<Record<number, Migration>>>> = {
  outage: { 0: outageV0ToV1 },
  security: {},
  handoff: {},
};

export function migrateLifecycle(persisted: PersistedLifecycle): PersistedLifecycle {
  const { machine, version } = isRecord(persisted) ? persisted : ({} as Partial<PersistedLifecycle>);
  if (!MACHINE_NAMES.includes(machine as MachineName)) {
    throw new Error(`unknown lifecycle machine: ${String(machine)}`);
  }
  const name = machine as MachineName;
  const current = MACHINE_VERSIONS[name];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new Error(`${name} snapshot has an invalid version: ${String(version)}`);
  }
  if (version > current) {
    throw new Error(`${name} snapshot version ${version} is newer than this build understands (${current})`);
  }
  if (version === current) return persisted;
  let snapshot = persisted.snapshot;
  for (let from = version; from < current; from++) {
    const step = MIGRATIONS[name][from];
    if (!step) throw new Error(`no migration for ${name} snapshots from version ${from}`);
    snapshot = step(snapshot);
  }
  return { machine: name, version: current, snapshot };
}
