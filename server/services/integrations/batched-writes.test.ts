import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { integrationAlerts, integrationDeliveries, slaClocks, tickets } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { eventsOf, ticketRow } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { verifyAuditChains } from '../audit/verify';
import type { ServiceContext } from '../kernel/context';
import { authenticateIntegrationKey, integrationActor } from './authenticate';
import { createIntegration } from './create';
import { ingestAlertmanager } from './ingest-alertmanager';
import { ingestEvent } from './ingest-event';

// The batched write path (issue #14): a delivery's held writes go out in one statement with its record,
// a new ticket's rows in one more, and the delivery commits whole or not at all.

const MINUTE = 60_000;

function delivery(group: string, alerts: { fingerprint: string; status: 'firing' | 'resolved' }[]) {
  return {
    version: '4',
    groupKey: `{}:{alertname="${group}"}`,
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'watchfloor',
    groupLabels: { alertname: group },
    commonLabels: { alertname: group, severity: 'critical' },
    commonAnnotations: { summary: `Group ${group} is failing` },
    externalURL: 'http://alertmanager.test:9093',
    alerts: alerts.map((a) => ({
      status: a.status,
      labels: { alertname: group, severity: 'critical', instance: `${a.fingerprint}:9100` },
      annotations: { summary: `${group} on ${a.fingerprint}` },
      startsAt: '2026-11-20T08:14:05.123Z',
      endsAt: a.status === 'resolved' ? '2026-11-20T08:30:00.000Z' : '0001-01-01T00:00:00Z',
      generatorURL: '',
      fingerprint: a.fingerprint,
    })),
  };
}

describe.each(testEngines())('batched ingestion writes on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let admin: ServiceContext;
  useDemoWorld({ open }, async (setup) => {
    ({ db, world } = setup);
    admin = await world.as('admin@watchfloor.test');
  });

  async function integration(kind: 'alertmanager' | 'events_v2' = 'alertmanager') {
    const created = await createIntegration(admin, {
      organisationId: world.org('globex').id,
      kind,
      name: `batched ${kind} ${Math.random()}`,
      defaultServiceId: world.service('globex', 'dc-fra').id,
      resolveBehaviour: 'resolve',
    });
    const row = (await authenticateIntegrationKey(db, created.key))!;
    const ctx: ServiceContext = { db, now: world.clock.now, actor: integrationActor(row) };
    return { row, ctx };
  }
  const alertsOf = (integrationId: string) =>
    db
      .select()
      .from(integrationAlerts)
      .where(eq(integrationAlerts.integrationId, integrationId))
      .orderBy(asc(integrationAlerts.alertKey), asc(integrationAlerts.firstSeenAt));
  const deliveriesOf = (integrationId: string) =>
    db.select().from(integrationDeliveries).where(eq(integrationDeliveries.integrationId, integrationId));
  const ticketsWithKey = (dedupKey: string) =>
    db.select().from(tickets).where(eq(tickets.dedupKey, dedupKey));
  const typesOf = async (ticketId: string) => (await eventsOf(db, ticketId)).map((e) => e.type);

  it('applies new, repeated and resolved alerts of one delivery together, and the ticket moves once none fires', async () => {
    const { row, ctx } = await integration();
    const opened = await ingestAlertmanager(
      ctx,
      row,
      delivery('mixed', [
        { fingerprint: 'a', status: 'firing' },
        { fingerprint: 'b', status: 'firing' },
      ]),
    );
    expect(opened.counts).toEqual({ opened: 2 });
    const ticketId = opened.results[0]!.ticketId!;
    // The new ticket's rows, written in the delivery's one held statement, are all there.
    const types = await typesOf(ticketId);
    expect(types.filter((t) => t !== 'sla.clock_started')).toEqual([
      'ticket.created',
      'alert.routed',
      'alert.fired',
      'alert.fired',
    ]);
    expect(await db.select().from(slaClocks).where(eq(slaClocks.ticketId, ticketId))).toHaveLength(
      types.filter((t) => t === 'sla.clock_started').length,
    );
    expect((await verifyAuditChains(db, { ticketId })).firstBreak).toBeNull();

    world.clock.advance(MINUTE);
    const mixed = await ingestAlertmanager(
      ctx,
      row,
      delivery('mixed', [
        { fingerprint: 'a', status: 'firing' },
        { fingerprint: 'b', status: 'resolved' },
        { fingerprint: 'c', status: 'firing' },
      ]),
    );
    expect(mixed.results).toEqual([
      { key: 'a', outcome: 'repeated', ticketId },
      { key: 'b', outcome: 'resolved', ticketId },
      { key: 'c', outcome: 'attached', ticketId },
    ]);
    // c, written in the same delivery as b's resolve, still fires: the ticket stays open.
    expect((await ticketRow(db, ticketId)).status).toBe('new');
    expect((await alertsOf(row.id)).map((a) => [a.alertKey, a.status, a.seenCount])).toEqual([
      ['a', 'firing', 2],
      ['b', 'resolved', 2],
      ['c', 'firing', 1],
    ]);
    expect((await deliveriesOf(row.id)).map((d) => d.outcome)).toEqual([
      { opened: 2 },
      { repeated: 1, resolved: 1, attached: 1 },
    ]);

    world.clock.advance(MINUTE);
    const rest = await ingestAlertmanager(
      ctx,
      row,
      delivery('mixed', [
        { fingerprint: 'a', status: 'resolved' },
        { fingerprint: 'c', status: 'resolved' },
      ]),
    );
    expect(rest.counts).toEqual({ resolved: 2 });
    expect((await ticketRow(db, ticketId)).status).toBe('resolved');
    expect(await ticketsWithKey('{}:{alertname="mixed"}')).toHaveLength(1);
    expect((await verifyAuditChains(db, { ticketId })).firstBreak).toBeNull();
  });

  it('takes a storm (a cluster of 100 alerts in one group) on one ticket, through partial and full recovery', async () => {
    const { row, ctx } = await integration();
    const nodes = Array.from({ length: 100 }, (_, i) => `node-${String(i).padStart(3, '0')}`);
    const firing = (names: string[]) =>
      names.map((fingerprint) => ({ fingerprint, status: 'firing' as const }));
    const resolved = (names: string[]) =>
      names.map((fingerprint) => ({ fingerprint, status: 'resolved' as const }));
    const opened = await ingestAlertmanager(ctx, row, delivery('cluster-down', firing(nodes)));
    expect(opened.counts).toEqual({ opened: 100 });
    const ticketId = opened.results[0]!.ticketId!;
    expect(new Set(opened.results.map((r) => r.ticketId))).toEqual(new Set([ticketId]));
    world.clock.advance(MINUTE);
    expect((await ingestAlertmanager(ctx, row, delivery('cluster-down', firing(nodes)))).counts).toEqual({
      repeated: 100,
    });
    // Half the nodes come back in one notification, the rest still firing in it: the ticket stays open,
    // with the resolves on its timeline.
    world.clock.advance(MINUTE);
    const half = await ingestAlertmanager(
      ctx,
      row,
      delivery('cluster-down', [...resolved(nodes.slice(0, 50)), ...firing(nodes.slice(50))]),
    );
    expect(half.counts).toEqual({ resolved: 50, repeated: 50 });
    expect((await ticketRow(db, ticketId)).status).toBe('new');
    expect((await typesOf(ticketId)).filter((t) => t === 'alert.resolved')).toHaveLength(50);
    world.clock.advance(MINUTE);
    const rest = await ingestAlertmanager(ctx, row, delivery('cluster-down', resolved(nodes.slice(50))));
    expect(rest.counts).toEqual({ resolved: 50 });
    expect((await ticketRow(db, ticketId)).status).toBe('resolved');
    expect((await typesOf(ticketId)).filter((t) => t === 'alert.resolved')).toHaveLength(100);
    expect(await ticketsWithKey('{}:{alertname="cluster-down"}')).toHaveLength(1);
    expect((await alertsOf(row.id)).filter((a) => a.status !== 'resolved')).toEqual([]);
    expect((await verifyAuditChains(db, { ticketId })).firstBreak).toBeNull();
  });

  it('never opens two tickets for concurrent duplicate deliveries, Alertmanager and Events v2 alike', async () => {
    const am = await integration();
    const payload = delivery('storm', [
      { fingerprint: 's1', status: 'firing' },
      { fingerprint: 's2', status: 'firing' },
      { fingerprint: 's3', status: 'firing' },
    ]);
    const all = await Promise.all(
      Array.from({ length: 6 }, () => ingestAlertmanager(am.ctx, am.row, payload)),
    );
    expect(all.filter((d) => d.counts.opened === 3)).toHaveLength(1);
    expect(all.filter((d) => d.counts.repeated === 3)).toHaveLength(5);
    const [ticket, ...others] = await ticketsWithKey('{}:{alertname="storm"}');
    expect(others).toEqual([]);
    expect(await alertsOf(am.row.id)).toHaveLength(3);
    expect((await alertsOf(am.row.id)).map((a) => a.seenCount)).toEqual([6, 6, 6]);
    expect(await deliveriesOf(am.row.id)).toHaveLength(6);

    const ev = await integration('events_v2');
    const trigger = {
      routing_key: 'k',
      event_action: 'trigger',
      dedup_key: 'disk-full-db1',
      payload: { summary: 'Disk full on db1', source: 'db1', severity: 'error' },
    };
    const events = await Promise.all(Array.from({ length: 6 }, () => ingestEvent(ev.ctx, ev.row, trigger)));
    expect(events.filter((e) => e.result.outcome === 'opened')).toHaveLength(1);
    expect(await ticketsWithKey('disk-full-db1')).toHaveLength(1);
    expect((await verifyAuditChains(db, { ticketId: ticket!.id })).firstBreak).toBeNull();
  });

  it('commits nothing of a delivery whose last write fails, and its retry opens the one ticket', async () => {
    const { row, ctx } = await integration();
    // The delivery's record goes out last, in the statement with the new ticket's rows: refuse it once.
    await db.execute(
      sql.raw(`create function refuse_poison() returns trigger as $$
        begin
          if new.group_key = '{}:{alertname="poison"}' then raise exception 'poisoned delivery'; end if;
          return new;
        end; $$ language plpgsql`),
    );
    await db.execute(
      sql.raw(
        'create trigger refuse_poison before insert on integration_deliveries for each row execute function refuse_poison()',
      ),
    );
    const payload = delivery('poison', [
      { fingerprint: 'p1', status: 'firing' },
      { fingerprint: 'p2', status: 'firing' },
    ]);
    const ticketsBefore = await db.$count(tickets);
    try {
      await expect(ingestAlertmanager(ctx, row, payload)).rejects.toThrow();
      // Not acknowledged, and nothing of it written: no ticket, no alert, no record.
      expect(await db.$count(tickets)).toBe(ticketsBefore);
      expect(await alertsOf(row.id)).toEqual([]);
      expect(await deliveriesOf(row.id)).toEqual([]);
    } finally {
      await db.execute(sql.raw('drop trigger refuse_poison on integration_deliveries'));
      await db.execute(sql.raw('drop function refuse_poison()'));
    }
    // The sender retries the whole delivery: exactly what one delivery makes, once.
    const retried = await ingestAlertmanager(ctx, row, payload);
    expect(retried.counts).toEqual({ opened: 2 });
    expect(await ticketsWithKey('{}:{alertname="poison"}')).toHaveLength(1);
    expect(await deliveriesOf(row.id)).toHaveLength(1);
    expect((await verifyAuditChains(db, { ticketId: retried.results[0]!.ticketId! })).firstBreak).toBeNull();
  });
});
