import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { integrationAlerts } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { eventsOf, expectServiceError, ticketRow } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import type { ServiceContext } from '../kernel/context';
import { authenticateIntegrationKey, integrationActor } from './authenticate';
import { createIntegration } from './create';
import { ingestAlertmanager } from './ingest-alertmanager';
import { ingestEvent } from './ingest-event';
import type { CreateIntegrationInput } from './schemas';

const MINUTE = 60_000;

/** An Alertmanager delivery of one group naming one alert (fingerprint), firing or resolved. */
function delivery(
  fingerprint: string,
  status: 'firing' | 'resolved',
  groupKey = '{}:{alertname="LinkDown"}',
) {
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver: 'watchfloor',
    groupLabels: { alertname: 'LinkDown' },
    commonLabels: { alertname: 'LinkDown', severity: 'critical' },
    commonAnnotations: { summary: 'Uplink down' },
    externalURL: 'http://alertmanager.example.net:9093',
    alerts: [
      {
        status,
        labels: { alertname: 'LinkDown', severity: 'critical', instance: fingerprint },
        annotations: { summary: `Uplink down on ${fingerprint}` },
        startsAt: '2026-11-20T08:14:05.123Z',
        endsAt: status === 'resolved' ? '2026-11-20T09:14:05.123Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.net:9090/graph',
        fingerprint,
      },
    ],
  };
}

describe.each(testEngines())('alert grouping and flapping on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let admin: ServiceContext;
  useDemoWorld({ open }, async (setup) => {
    ({ db, world } = setup);
    admin = await world.as('admin@watchfloor.test');
  });

  async function integration(overrides: Partial<CreateIntegrationInput> = {}) {
    const created = await createIntegration(admin, {
      organisationId: world.org('globex').id,
      kind: 'alertmanager',
      name: 'Prometheus fra1',
      defaultServiceId: world.service('globex', 'dc-fra').id,
      ...overrides,
    });
    const row = (await authenticateIntegrationKey(db, created.key))!;
    const ctx: ServiceContext = { db, now: world.clock.now, actor: integrationActor(row) };
    const send = async (fingerprint: string, status: 'firing' | 'resolved') =>
      (await ingestAlertmanager(ctx, row, delivery(fingerprint, status))).counts;
    return { row, send };
  }
  const alertsOf = (integrationId: string) =>
    db
      .select()
      .from(integrationAlerts)
      .where(eq(integrationAlerts.integrationId, integrationId))
      .orderBy(asc(integrationAlerts.firstSeenAt), asc(integrationAlerts.alertKey));
  const typesOf = async (ticketId: string) => (await eventsOf(db, ticketId)).map((e) => e.type);

  describe('grouping window and max life', () => {
    it('joins a new alert to its group’s open ticket within the window, opens anew past it', async () => {
      const { row, send } = await integration({ groupingWindowMinutes: 10, groupMaxLifeMinutes: 30 });
      expect(await send('rtr-01', 'firing')).toEqual({ opened: 1 });
      world.clock.advance(8 * MINUTE);
      expect(await send('rtr-02', 'firing')).toEqual({ attached: 1 });
      world.clock.advance(11 * MINUTE);
      expect(await send('rtr-03', 'firing')).toEqual({ opened: 1 });
      const rows = await alertsOf(row.id);
      expect(rows.map((a) => a.alertKey)).toEqual(['rtr-01', 'rtr-02', 'rtr-03']);
      expect(rows[1]!.ticketId).toBe(rows[0]!.ticketId);
      expect(rows[2]!.ticketId).not.toBe(rows[0]!.ticketId);
      const fired = (await eventsOf(db, rows[0]!.ticketId!)).filter((e) => e.type === 'alert.fired');
      expect(fired.map((e) => (e.payload as { alertsOnTicket: number }).alertsOnTicket)).toEqual([1, 2]);
      expect(await typesOf(rows[0]!.ticketId!)).toEqual([
        'ticket.created',
        'alert.routed',
        'alert.fired',
        'alert.fired',
      ]);
    });

    it('opens anew once the group reached its max life, however busy it is', async () => {
      const { row, send } = await integration({ groupingWindowMinutes: 10, groupMaxLifeMinutes: 30 });
      await send('rtr-01', 'firing');
      for (const [i, minutes] of [9, 9, 9].entries()) {
        world.clock.advance(minutes * MINUTE);
        expect(await send(`rtr-1${i}`, 'firing')).toEqual({ attached: 1 });
      }
      world.clock.advance(3 * MINUTE); // 30 minutes after the ticket opened
      expect(await send('rtr-20', 'firing')).toEqual({ opened: 1 });
      const tickets = new Set((await alertsOf(row.id)).map((a) => a.ticketId));
      expect(tickets.size).toBe(2);
    });

    it('without a window (the default) a group keeps its open ticket, as before', async () => {
      const { send } = await integration();
      await send('rtr-01', 'firing');
      world.clock.advance(6 * 60 * MINUTE);
      expect(await send('rtr-02', 'firing')).toEqual({ attached: 1 });
    });

    it('groups Events v2 triggers by payload.group and component once a window is set', async () => {
      const { row } = await integration({
        kind: 'events_v2',
        groupingWindowMinutes: 10,
        resolveBehaviour: 'resolve',
      });
      const ctx: ServiceContext = { db, now: world.clock.now, actor: integrationActor(row) };
      const trigger = (dedup_key: string, component: string) =>
        ingestEvent(ctx, row, {
          routing_key: 'x',
          event_action: 'trigger',
          dedup_key,
          payload: {
            summary: `Disk full on ${dedup_key}`,
            source: dedup_key,
            severity: 'error',
            group: 'db',
            component,
          },
        });
      const a = await trigger('db-1', 'disk');
      world.clock.advance(2 * MINUTE);
      const b = await trigger('db-2', 'disk');
      const c = await trigger('db-3', 'cpu');
      expect([a.result.outcome, b.result.outcome, c.result.outcome]).toEqual([
        'opened',
        'attached',
        'opened',
      ]);
      expect(b.result.ticketId).toBe(a.result.ticketId);
      // Resolves name only the dedup key; the ticket recovers once both of its alerts have.
      await ingestEvent(ctx, row, { routing_key: 'x', event_action: 'resolve', dedup_key: 'db-1' });
      expect((await ticketRow(db, a.result.ticketId!)).status).not.toBe('resolved');
      await ingestEvent(ctx, row, { routing_key: 'x', event_action: 'resolve', dedup_key: 'db-2' });
      expect((await ticketRow(db, a.result.ticketId!)).status).toBe('resolved');
    });

    it('without a window Events v2 keeps one ticket per dedup key, as before', async () => {
      const { row } = await integration({ kind: 'events_v2' });
      const ctx: ServiceContext = { db, now: world.clock.now, actor: integrationActor(row) };
      const trigger = (dedup_key: string) =>
        ingestEvent(ctx, row, {
          routing_key: 'x',
          event_action: 'trigger',
          dedup_key,
          payload: { summary: 'Disk full', source: dedup_key, severity: 'error', group: 'db' },
        });
      expect((await trigger('db-1')).result.outcome).toBe('opened');
      expect((await trigger('db-2')).result.outcome).toBe('opened');
    });

    it('refuses limits out of range, in SQL too', async () => {
      const refused = await expectServiceError(
        createIntegration(admin, {
          organisationId: world.org('globex').id,
          kind: 'alertmanager',
          name: 'x',
          defaultServiceId: world.service('globex', 'dc-fra').id,
          groupingWindowMinutes: -1,
          flapThreshold: 1000,
        }),
        'BAD_REQUEST',
      );
      expect(refused.fieldErrors).toHaveProperty('groupingWindowMinutes');
      expect(refused.fieldErrors).toHaveProperty('flapThreshold');
      const { row } = await integration();
      const { integrations } = await import('../../../db/schema');
      await expect(
        db.update(integrations).set({ flapWindowMinutes: 0 }).where(eq(integrations.id, row.id)),
      ).rejects.toMatchObject({ cause: { code: '23514' } });
    });
  });

  describe('flapping', () => {
    it('marks an alert firing more than the threshold flapping: one note, and its ticket stays open', async () => {
      const { row, send } = await integration({
        resolveBehaviour: 'resolve',
        reopenWindowMinutes: 60,
        flapThreshold: 2,
        flapWindowMinutes: 30,
      });
      await send('rtr-01', 'firing');
      const ticketId = (await alertsOf(row.id))[0]!.ticketId!;
      world.clock.advance(MINUTE);
      await send('rtr-01', 'resolved');
      expect((await ticketRow(db, ticketId)).status).toBe('resolved');
      world.clock.advance(MINUTE);
      expect(await send('rtr-01', 'firing')).toEqual({ reopened: 1 }); // the 2nd fire: not yet flapping
      world.clock.advance(MINUTE);
      await send('rtr-01', 'resolved');
      world.clock.advance(MINUTE);
      expect(await send('rtr-01', 'firing')).toEqual({ reopened: 1 }); // the 3rd: flapping
      const before = await typesOf(ticketId);
      expect(before.filter((t) => t === 'alert.flapping')).toHaveLength(1);
      for (let i = 0; i < 3; i++) {
        world.clock.advance(MINUTE);
        expect(await send('rtr-01', 'resolved')).toEqual({ resolved: 1 });
        expect((await ticketRow(db, ticketId)).status).not.toBe('resolved');
        world.clock.advance(MINUTE);
        expect(await send('rtr-01', 'firing')).toEqual({ attached: 1 });
      }
      // Its re-fires and resolves while flapping added nothing to the timeline.
      expect(await typesOf(ticketId)).toEqual(before);
      const rows = await alertsOf(row.id);
      expect(rows.map((a) => a.flapping)).toEqual([false, false, true, true, true, true]);
      expect(new Set(rows.map((a) => a.ticketId))).toEqual(new Set([ticketId]));
    });

    it('stops flapping once its fires fall out of the window; the ticket then recovers', async () => {
      const { row, send } = await integration({
        resolveBehaviour: 'resolve',
        reopenWindowMinutes: 60,
        flapThreshold: 2,
        flapWindowMinutes: 10,
      });
      for (let i = 0; i < 3; i++) {
        await send('rtr-01', 'firing');
        world.clock.advance(MINUTE);
        await send('rtr-01', 'resolved');
        world.clock.advance(MINUTE);
      }
      const ticketId = (await alertsOf(row.id))[0]!.ticketId!;
      expect((await ticketRow(db, ticketId)).status).not.toBe('resolved');
      world.clock.advance(30 * MINUTE);
      expect(await send('rtr-01', 'firing')).toEqual({ attached: 1 });
      expect((await alertsOf(row.id)).at(-1)!.flapping).toBe(false);
      world.clock.advance(MINUTE);
      await send('rtr-01', 'resolved');
      expect((await ticketRow(db, ticketId)).status).toBe('resolved');
      expect((await typesOf(ticketId)).at(-1)).not.toBe('alert.flapping');
    });

    it('never flaps with the default threshold (0)', async () => {
      const { row, send } = await integration({ reopenWindowMinutes: 60 });
      for (let i = 0; i < 6; i++) {
        await send('rtr-01', 'firing');
        world.clock.advance(MINUTE);
        await send('rtr-01', 'resolved');
        world.clock.advance(MINUTE);
      }
      expect((await alertsOf(row.id)).some((a) => a.flapping)).toBe(false);
    });
  });
});
