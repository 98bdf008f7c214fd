import { and, asc, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../../db/client';
import { auditLog, maintenances, maintenanceUpdates } from '../../../../db/schema';
import { testEngines } from '../../../../test/databases';
import { useDemoWorld } from '../../../../test/suite';
import { expectServiceError, tryRolledBack } from '../../../../test/tickets';
import type { DemoWorld } from '../../../../test/world';
import type { ServiceContext } from '../../kernel/context';
import type { ScheduleMaintenanceInput } from '../schemas';
import { cancelMaintenance } from './cancel';
import { completeMaintenance } from './complete';
import { listMaintenances } from './list';
import { scheduleMaintenance } from './schedule';
import { startMaintenance } from './start';
import { sweepDueMaintenances } from './sweep-due';

const HOUR = 3_600_000;

describe.each(testEngines())('scheduled maintenance on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let noc: ServiceContext;
  let manager: ServiceContext;
  let soc: ServiceContext;
  let customer: ServiceContext;

  useDemoWorld({ open }, async (setup) => {
    ({ db, world } = setup);
    noc = await world.as('noc@watchfloor.test');
    manager = await world.as('manager@watchfloor.test');
    soc = await world.as('soc@watchfloor.test');
    customer = await world.as('customer@acme.test');
  });

  const inHours = (hours: number) => new Date(world.clock.now().getTime() + hours * HOUR);
  const window = (overrides: Partial<ScheduleMaintenanceInput> = {}): ScheduleMaintenanceInput => ({
    organisationId: world.org('acme').id,
    title: 'Payments database upgrade',
    body: 'Card payments may be declined for up to 10 minutes.',
    scheduledFor: inHours(2),
    scheduledUntil: inHours(4),
    serviceIds: [world.service('acme', 'payments').id],
    ...overrides,
  });
  const row = async (id: string) => (await db.select().from(maintenances).where(eq(maintenances.id, id)))[0]!;
  const updatesOf = (id: string) =>
    db
      .select({
        state: maintenanceUpdates.state,
        body: maintenanceUpdates.body,
        actor: maintenanceUpdates.actorLabel,
      })
      .from(maintenanceUpdates)
      .where(eq(maintenanceUpdates.maintenanceId, id))
      .orderBy(asc(maintenanceUpdates.createdAt), asc(maintenanceUpdates.state));
  const auditOf = (id: string) =>
    db
      .select({ type: auditLog.type, actor: auditLog.actorLabel, payload: auditLog.payload })
      .from(auditLog)
      .where(and(eq(auditLog.subject, `maintenance:${id}`), like(auditLog.type, 'maintenance.%')))
      .orderBy(asc(auditLog.id));

  describe('schedule', () => {
    it('lets NOC engineers, managers and admins schedule; SOC analysts and customers not', async () => {
      await expectServiceError(scheduleMaintenance(soc, window()), 'FORBIDDEN');
      await expectServiceError(scheduleMaintenance(customer, window()), 'FORBIDDEN');
      await expectServiceError(listMaintenances(customer), 'FORBIDDEN');
      const { id, version } = await scheduleMaintenance(noc, window());
      expect(version).toBe(1);
      expect(await row(id)).toMatchObject({
        state: 'scheduled',
        startedAt: null,
        title: 'Payments database upgrade',
      });
      expect(await updatesOf(id)).toEqual([
        {
          state: 'scheduled',
          body: 'Card payments may be declined for up to 10 minutes.',
          actor: 'noc@watchfloor.test',
        },
      ]);
      expect(await auditOf(id)).toMatchObject([
        { type: 'maintenance.scheduled', actor: 'noc@watchfloor.test' },
      ]);
    });

    it('needs a window that ends after it starts, in the future, on services of one organisation', async () => {
      const backwards = await expectServiceError(
        scheduleMaintenance(noc, window({ scheduledFor: inHours(4), scheduledUntil: inHours(2) })),
        'BAD_REQUEST',
      );
      expect(backwards.fieldErrors).toEqual({ scheduledUntil: ['The window must end after it starts'] });
      await expectServiceError(
        scheduleMaintenance(noc, window({ scheduledFor: inHours(-3), scheduledUntil: inHours(-1) })),
        'BAD_REQUEST',
        'already over',
      );
      const foreign = await expectServiceError(
        scheduleMaintenance(
          noc,
          window({ serviceIds: [world.service('acme', 'website').id, world.service('globex', 'erp').id] }),
        ),
        'BAD_REQUEST',
      );
      expect(foreign.fieldErrors?.['serviceIds.1']).toEqual(['Not a service of this customer']);
      const none = await expectServiceError(
        scheduleMaintenance(noc, window({ serviceIds: [] })),
        'BAD_REQUEST',
      );
      expect(none.fieldErrors).toEqual({ serviceIds: ['Choose at least one service'] });
      await expectServiceError(scheduleMaintenance(noc, window({ title: '' })), 'BAD_REQUEST');
      const lists = await listMaintenances(noc, { organisationId: world.org('acme').id });
      expect(lists.upcoming.filter((m) => m.title !== 'Payments database upgrade')).toEqual([]);
    });
  });

  describe('transitions', () => {
    it('starts early, completes, each with its public update and audit row; stale versions are CONFLICT', async () => {
      const { id } = await scheduleMaintenance(noc, window());
      await expectServiceError(completeMaintenance(noc, { id, expectedVersion: 1 }), 'PRECONDITION_FAILED');
      await expectServiceError(startMaintenance(soc, { id, expectedVersion: 1 }), 'FORBIDDEN');
      await expectServiceError(startMaintenance(noc, { id, expectedVersion: 7 }), 'CONFLICT');
      world.clock.advance(HOUR);
      const started = await startMaintenance(noc, { id, expectedVersion: 1, body: 'Starting early.' });
      expect(started).toMatchObject({ from: 'scheduled', to: 'in_progress', version: 2 });
      expect(await row(id)).toMatchObject({ state: 'in_progress', startedAt: world.clock.now(), version: 2 });
      // The first writer won: the same button pressed from a page loaded before is refused.
      await expectServiceError(cancelMaintenance(manager, { id, expectedVersion: 1 }), 'CONFLICT');
      await expectServiceError(cancelMaintenance(manager, { id, expectedVersion: 2 }), 'PRECONDITION_FAILED');
      world.clock.advance(HOUR / 2);
      await completeMaintenance(manager, { id, expectedVersion: 2 });
      expect(await row(id)).toMatchObject({ state: 'completed', completedAt: world.clock.now(), version: 3 });
      expect(await updatesOf(id)).toEqual([
        expect.objectContaining({ state: 'scheduled' }),
        { state: 'in_progress', body: 'Starting early.', actor: 'noc@watchfloor.test' },
        { state: 'completed', body: 'Maintenance is complete.', actor: 'manager@watchfloor.test' },
      ]);
      expect((await auditOf(id)).map((a) => a.type)).toEqual([
        'maintenance.scheduled',
        'maintenance.started',
        'maintenance.completed',
      ]);
      const lists = await listMaintenances(noc);
      expect(lists.recent.find((m) => m.id === id)).toMatchObject({
        state: 'completed',
        services: [{ name: 'Payments' }],
        actions: [],
      });
    });

    it('cancels a scheduled window only, and lists windows by where they stand', async () => {
      const upcoming = await scheduleMaintenance(noc, window({ title: 'Upcoming' }));
      const cancelled = await scheduleMaintenance(noc, window({ title: 'Cancelled' }));
      const running = await scheduleMaintenance(noc, window({ title: 'Running' }));
      await cancelMaintenance(noc, { id: cancelled.id, expectedVersion: 1 });
      await startMaintenance(noc, { id: running.id });
      await expectServiceError(cancelMaintenance(noc, { id: running.id }), 'PRECONDITION_FAILED');
      expect(await row(cancelled.id)).toMatchObject({ state: 'cancelled', startedAt: null });
      const lists = await listMaintenances(noc);
      expect(lists.inProgress.find((m) => m.id === running.id)?.actions).toEqual(['COMPLETE']);
      expect(lists.upcoming.find((m) => m.id === upcoming.id)?.actions).toEqual(['START', 'CANCEL']);
      expect(lists.recent.find((m) => m.id === cancelled.id)?.state).toBe('cancelled');
      // SOC analysts read the lists but take no steps.
      const bySoc = await listMaintenances(soc);
      expect(bySoc.upcoming.find((m) => m.id === upcoming.id)?.actions).toEqual([]);
    });

    it('rolls a step back whole when a write fails', async () => {
      const { id } = await scheduleMaintenance(noc, window());
      const outcome = await tryRolledBack(db, async (tx) => {
        await tx.execute(
          `create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused' using errcode = '23514'; end $$`,
        );
        await tx.execute(
          'create trigger refuse before insert on maintenance_updates for each row execute function refuse()',
        );
        const ctx = { ...noc, db: tx as unknown as Database };
        await expect(startMaintenance(ctx, { id, expectedVersion: 1 })).rejects.toThrow();
        // Inside the same outer transaction: the step's own transaction took the row's change back.
        const [after] = await tx.select().from(maintenances).where(eq(maintenances.id, id));
        const audits = await tx
          .select({ type: auditLog.type })
          .from(auditLog)
          .where(eq(auditLog.subject, `maintenance:${id}`));
        return { state: after?.state, version: after?.version, audits: audits.map((a) => a.type) };
      });
      expect(outcome).toEqual({
        ok: true,
        value: { state: 'scheduled', version: 1, audits: ['maintenance.scheduled'] },
      });
    });
  });

  describe('the scheduler', () => {
    it('starts windows whose start came and completes those whose end came, stamped as announced', async () => {
      // Windows of earlier tests are due too by now: the sweep takes all of them.
      await sweepDueMaintenances(db, inHours(1_000));
      world.clock.advance(2_000 * HOUR);
      const { id } = await scheduleMaintenance(noc, window());
      const announcedStart = inHours(2);
      const announcedEnd = inHours(4);
      expect((await sweepDueMaintenances(db, inHours(1))).maintenances).toBe(0);
      const first = await sweepDueMaintenances(db, new Date(announcedStart.getTime() + 3_000));
      expect(first).toMatchObject({ maintenances: 1, started: 1, completed: 0 });
      expect(await row(id)).toMatchObject({ state: 'in_progress', startedAt: announcedStart, version: 2 });
      // Not due again until its end.
      expect((await sweepDueMaintenances(db, inHours(3))).maintenances).toBe(0);
      const second = await sweepDueMaintenances(db, new Date(announcedEnd.getTime() + 3_000));
      expect(second).toMatchObject({ started: 0, completed: 1 });
      expect(await row(id)).toMatchObject({ state: 'completed', completedAt: announcedEnd, version: 3 });
      expect((await updatesOf(id)).map((u) => [u.state, u.actor])).toEqual([
        ['scheduled', 'noc@watchfloor.test'],
        ['in_progress', 'scheduler'],
        ['completed', 'scheduler'],
      ]);
      expect((await auditOf(id)).map((a) => [a.type, a.actor])).toEqual([
        ['maintenance.scheduled', 'noc@watchfloor.test'],
        ['maintenance.started', 'scheduler'],
        ['maintenance.completed', 'scheduler'],
      ]);
    });

    it('starts and completes in one sweep a window it slept through, and leaves cancelled ones alone', async () => {
      const slept = await scheduleMaintenance(noc, window());
      const cancelled = await scheduleMaintenance(noc, window());
      await cancelMaintenance(noc, { id: cancelled.id });
      const result = await sweepDueMaintenances(db, inHours(10));
      expect(result).toMatchObject({ maintenances: 1, started: 1, completed: 1 });
      expect(result.steps.map((s) => [s.maintenanceId, s.event])).toEqual([
        [slept.id, 'START'],
        [slept.id, 'COMPLETE'],
      ]);
      expect(await row(slept.id)).toMatchObject({
        state: 'completed',
        startedAt: inHours(2),
        completedAt: inHours(4),
      });
      expect((await row(cancelled.id)).state).toBe('cancelled');
    });

    it('leaves a window started by hand to be completed only, never started twice', async () => {
      const { id } = await scheduleMaintenance(noc, window());
      await startMaintenance(noc, { id });
      const during = await sweepDueMaintenances(db, inHours(2.5));
      expect(during.steps.filter((s) => s.maintenanceId === id)).toEqual([]);
      expect((await row(id)).version).toBe(2);
      const after = await sweepDueMaintenances(db, inHours(4));
      expect(after.steps.filter((s) => s.maintenanceId === id).map((s) => s.event)).toEqual(['COMPLETE']);
      expect(await row(id)).toMatchObject({
        state: 'completed',
        startedAt: world.clock.now(),
        completedAt: inHours(4),
      });
    });
  });
});
