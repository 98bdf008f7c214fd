import { describe, expect, it } from 'vitest';
import { OUTAGE_STATUSES } from '@/workflows/tickets/constants';
import {
  type LifecycleView,
  MACHINE_VERSIONS,
  migrateLifecycle,
  type OutageSnapshotV0,
  type PersistedLifecycle,
  startLifecycle,
  stepLifecycle,
} from './index';
import { roundTrip, stateValueOf } from './test-support';

const v0 = (snapshot: OutageSnapshotV0): PersistedLifecycle => ({ machine: 'outage', version: 0, snapshot });

function ok(result: ReturnType<typeof stepLifecycle>): LifecycleView {
  if (!result.ok) throw new Error(result.message);
  return result.view;
}

describe('outage v0 -> v1', () => {
  it('turns the flat string value into the parallel v1 value with an unlinked security region', () => {
    const migrated = migrateLifecycle(v0({ value: 'investigating', context: {} }));
    expect(migrated.version).toBe(1);
    expect(stateValueOf(migrated)).toEqual({ lifecycle: { open: 'investigating' }, security: 'none' });
    expect((migrated.snapshot as { context: unknown }).context).toEqual({
      holdReason: null,
      preserveEvidence: false,
    });
    expect(migrated).toStrictEqual(roundTrip(migrated));
  });

  it.each(OUTAGE_STATUSES.filter((s) => s !== 'on_hold'))('keeps status %s', (status) => {
    const view = ok(stepLifecycle(v0({ value: status, context: {} }), { type: 'REQUEST_HANDOFF' }));
    expect(view.status).toBe(status);
    expect(view.securityLink).toBe('handoff_requested');
    expect(view.persisted.version).toBe(MACHINE_VERSIONS.outage);
  });

  it('steps a v0 snapshot directly: stepLifecycle migrates first', () => {
    const view = ok(stepLifecycle(v0({ value: 'investigating', context: {} }), { type: 'FIX' }));
    expect(view.status).toBe('monitoring');
    expect(view.persisted.version).toBe(1);
  });

  it.each(['new', 'acknowledged', 'investigating', 'identified', 'monitoring'] as const)(
    'an outage held from %s keeps its reason and RESUMEs back there',
    (heldFrom) => {
      const held = v0({ value: 'on_hold', context: { holdReason: 'change_window', heldFrom } });
      const migrated = migrateLifecycle(held);
      expect(stateValueOf(migrated)).toEqual({ lifecycle: 'on_hold', security: 'none' });
      expect((migrated.snapshot as { context: unknown }).context).toEqual({
        holdReason: 'change_window',
        preserveEvidence: false,
      });
      const resumed = ok(stepLifecycle(roundTrip(migrated), { type: 'RESUME' }));
      expect(resumed.status).toBe(heldFrom);
    },
  );

  it('refuses an on_hold v0 snapshot that does not say where it was held from', () => {
    expect(() => migrateLifecycle(v0({ value: 'on_hold', context: { holdReason: 'vendor' } }))).toThrow(
      /does not say where it was held from/,
    );
  });

  it('refuses a malformed v0 snapshot', () => {
    expect(() =>
      migrateLifecycle({ machine: 'outage', version: 0, snapshot: { value: 'triage', context: {} } }),
    ).toThrow(/outage v0 snapshot is malformed/);
  });
});

describe('migrateLifecycle', () => {
  it('returns a current snapshot untouched', () => {
    const persisted = startLifecycle('security').persisted;
    expect(migrateLifecycle(persisted)).toBe(persisted);
  });

  it.each([
    [
      { machine: 'outage', version: 2, snapshot: {} },
      /outage snapshot version 2 is newer than this build understands \(1\)/,
    ],
    [{ machine: 'security', version: 0, snapshot: {} }, /no migration for security snapshots from version 0/],
    [{ machine: 'handoff', version: 1.5, snapshot: {} }, /handoff snapshot has an invalid version: 1.5/],
    [{ machine: 'ticket', version: 1, snapshot: {} }, /unknown lifecycle machine: ticket/],
  ])('throws a clear error for %j', (persisted, message) => {
    expect(() => migrateLifecycle(persisted as PersistedLifecycle)).toThrow(message);
    expect(() => stepLifecycle(persisted as PersistedLifecycle, { type: 'ACK' })).toThrow(message);
  });
});
