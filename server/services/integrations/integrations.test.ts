import { readFileSync } from 'node:fs';
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import {
  auditLog,
  integrationAlerts,
  integrationDeliveries,
  integrations,
  tickets,
} from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { eventsOf, expectServiceError, ticketRow } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import type { ServiceContext } from '../kernel/context';
import { completeMaintenance } from '../status/maintenance/complete';
import { scheduleMaintenance } from '../status/maintenance/schedule';
import { startMaintenance } from '../status/maintenance/start';
import { listTickets } from '../tickets/list';
import { authenticateIntegrationKey, integrationActor } from './authenticate';
import { createIntegration } from './create';
import { ingestAlertmanager } from './ingest-alertmanager';
import { ingestChange } from './ingest-change';
import { ingestEvent } from './ingest-event';
import { hashIntegrationKey } from './internal/keys';
import { listIntegrations } from './list';
import { revokeIntegration } from './revoke';
import type { CreateIntegrationInput } from './schemas';

const MINUTE = 60_000;
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/integrations/${name}`, import.meta.url), 'utf8'));

describe.each(testEngines())('alert ingestion on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let admin: ServiceContext;
  useDemoWorld({ open }, async (setup) => {
    ({ db, world } = setup);
    admin = await world.as('admin@watchfloor.test');
  });

  const setupInput = (overrides: Partial<CreateIntegrationInput> = {}): CreateIntegrationInput => ({
    organisationId: world.org('globex').id,
    kind: 'alertmanager',
    name: 'Prometheus fra1',
    defaultServiceId: world.service('globex', 'dc-fra').id,
    ...overrides,
  });
  /** A new integration, its row and a context acting as it. */
  async function integration(overrides: Partial<CreateIntegrationInput> = {}) {
    const created = await createIntegration(admin, setupInput(overrides));
    const row = (await authenticateIntegrationKey(db, created.key))!;
    const ctx: ServiceContext = { db, now: world.clock.now, actor: integrationActor(row) };
    return { created, row, ctx };
  }
  const alertsOf = (integrationId: string) =>
    db
      .select()
      .from(integrationAlerts)
      .where(eq(integrationAlerts.integrationId, integrationId))
      .orderBy(asc(integrationAlerts.firstSeenAt), asc(integrationAlerts.alertKey));
  const ticketsOf = async (integrationId: string) => [
    ...new Set((await alertsOf(integrationId)).map((a) => a.ticketId).filter((id) => id !== null)),
  ];
  const typesOf = async (ticketId: string) => (await eventsOf(db, ticketId)).map((e) => e.type);

  describe('integrations and keys', () => {
    it('lets admins create one, shows the key once and stores only its hash', async () => {
      const { created, row } = await integration();
      expect(created.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(row.keyHash).toBe(hashIntegrationKey(created.key));
      expect(row.keyPrefix).toBe(created.key.slice(0, 8));
      const manager = await world.as('manager@watchfloor.test');
      const listed = await listIntegrations(manager);
      const mine = listed.find((i) => i.id === created.id)!;
      expect(mine).toMatchObject({ keyPrefix: created.key.slice(0, 8), kind: 'alertmanager' });
      expect(JSON.stringify(listed)).not.toContain(created.key);
      const [audit] = await db
        .select()
        .from(auditLog)
        .where(eq(auditLog.subject, `integration:${created.id}`));
      expect(audit!.type).toBe('integration.created');
      expect(JSON.stringify(audit)).not.toContain(created.key);
    });

    it('refuses everyone but admins, and services of another organisation', async () => {
      await expectServiceError(
        createIntegration(await world.as('manager@watchfloor.test'), setupInput()),
        'FORBIDDEN',
      );
      await expectServiceError(
        createIntegration(await world.as('noc@watchfloor.test'), setupInput()),
        'FORBIDDEN',
      );
      await expectServiceError(listIntegrations(await world.as('noc@watchfloor.test')), 'FORBIDDEN');
      const foreign = await expectServiceError(
        createIntegration(admin, setupInput({ defaultServiceId: world.service('acme', 'api').id })),
        'BAD_REQUEST',
      );
      expect(foreign.fieldErrors).toHaveProperty('defaultServiceId');
      const rule = await expectServiceError(
        createIntegration(
          admin,
          setupInput({
            routingRules: [
              { when: [{ field: 'a', equals: 'b' }], serviceIds: [world.service('acme', 'api').id] },
            ],
          }),
        ),
        'BAD_REQUEST',
      );
      expect(rule.fieldErrors).toHaveProperty(['routingRules.0.serviceIds']);
    });

    it('keeps alerts on tickets of their own organisation, in SQL too', async () => {
      const { row } = await integration();
      const [foreign] = await db
        .select({ id: tickets.id })
        .from(tickets)
        .where(eq(tickets.organisationId, world.org('acme').id))
        .limit(1);
      const now = world.clock.now();
      const insert = db.insert(integrationAlerts).values({
        integrationId: row.id,
        alertKey: 'f',
        groupKey: 'g',
        ticketId: foreign!.id,
        status: 'firing',
        summary: 's',
        firstSeenAt: now,
        lastSeenAt: now,
      });
      await expect(insert).rejects.toMatchObject({ cause: { code: '23514' } });
    });

    it('authenticates by key until revoked', async () => {
      const { created, row } = await integration();
      const other = created.key.endsWith('A') ? 'B' : 'A';
      expect(await authenticateIntegrationKey(db, `${created.key.slice(0, -1)}${other}`)).toBeNull();
      expect(await authenticateIntegrationKey(db, 'short')).toBeNull();
      await expectServiceError(
        revokeIntegration(await world.as('manager@watchfloor.test'), { id: row.id }),
        'FORBIDDEN',
      );
      await revokeIntegration(admin, { id: row.id });
      expect(await authenticateIntegrationKey(db, created.key)).toBeNull();
      // A context built before the revocation is refused too.
      await expectServiceError(
        ingestAlertmanager(
          { db, now: world.clock.now, actor: integrationActor(row) },
          (await db.select().from(integrations).where(eq(integrations.id, row.id)))[0]!,
          fixture('alertmanager-v4-firing.json'),
        ),
        'UNAUTHORIZED',
      );
    });
  });

  describe('Alertmanager', () => {
    it('opens one ticket for a group, a timeline entry per alert, and repeats nothing on re-sends', async () => {
      const { row, ctx } = await integration();
      const first = await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json'));
      expect(first.counts).toEqual({ opened: 2 });
      const [ticketId] = await ticketsOf(row.id);
      const ticket = await ticketRow(db, ticketId!);
      expect(ticket).toMatchObject({
        kind: 'outage',
        priority: 'P1',
        source: 'alertmanager',
        status: 'new',
        title: 'Uplink down on edge router',
        organisationId: world.org('globex').id,
      });
      expect(await typesOf(ticketId!)).toEqual([
        'ticket.created',
        'alert.routed',
        'alert.fired',
        'alert.fired',
      ]);
      world.clock.advance(5 * MINUTE);
      const again = await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json'));
      expect(again.counts).toEqual({ repeated: 2 });
      expect(await ticketsOf(row.id)).toEqual([ticketId]);
      expect((await ticketRow(db, ticketId!)).version).toBe(ticket.version);
      expect((await alertsOf(row.id)).map((a) => a.seenCount)).toEqual([2, 2]);
    });

    it('opens exactly one ticket for two identical deliveries at the same moment', async () => {
      const { row, ctx } = await integration();
      const both = await Promise.all([
        ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json')),
        ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json')),
      ]);
      expect(both.map((d) => d.counts).sort((a, b) => (a.opened ? -1 : b.opened ? 1 : 0))).toEqual([
        { opened: 2 },
        { repeated: 2 },
      ]);
      expect(await ticketsOf(row.id)).toHaveLength(1);
      expect(await alertsOf(row.id)).toHaveLength(2);
    });

    it('retries the loser when two groups race for one fingerprint: one live alert, no error', async () => {
      const { row, ctx } = await integration();
      const groupA = fixture('alertmanager-v4-firing.json');
      groupA.alerts = [groupA.alerts[0]];
      const groupB = { ...groupA, groupKey: '{}/{team="noc"}:{site="fra1"}' };
      const both = await Promise.all([
        ingestAlertmanager(ctx, row, groupA),
        ingestAlertmanager(ctx, row, groupB),
      ]);
      expect(both.map((d) => Object.keys(d.counts)[0]).sort()).toEqual(['opened', 'repeated']);
      expect(await alertsOf(row.id)).toHaveLength(1);
      expect(await ticketsOf(row.id)).toHaveLength(1);
    });

    it('marks resolved alerts recovered and moves the ticket to monitoring once all have', async () => {
      const { row, ctx } = await integration();
      await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json'));
      const [ticketId] = await ticketsOf(row.id);
      const half = fixture('alertmanager-v4-resolved.json');
      half.alerts = [half.alerts[0]];
      world.clock.advance(10 * MINUTE);
      expect((await ingestAlertmanager(ctx, row, half)).counts).toEqual({ resolved: 1 });
      expect((await ticketRow(db, ticketId!)).status).toBe('new');
      expect((await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-resolved.json'))).counts).toEqual({
        ignored: 1,
        resolved: 1,
      });
      expect((await ticketRow(db, ticketId!)).status).toBe('monitoring');
      expect((await alertsOf(row.id)).map((a) => a.status)).toEqual(['resolved', 'resolved']);
      // A re-sent resolve changes nothing.
      const version = (await ticketRow(db, ticketId!)).version;
      expect((await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-resolved.json'))).counts).toEqual({
        ignored: 2,
      });
      expect((await ticketRow(db, ticketId!)).version).toBe(version);
    });

    it('resolves the ticket when so configured, reopens it within the window and opens a new one after', async () => {
      const { row, ctx } = await integration({ resolveBehaviour: 'resolve', reopenWindowMinutes: 30 });
      await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json'));
      const [ticketId] = await ticketsOf(row.id);
      world.clock.advance(MINUTE);
      await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-resolved.json'));
      expect((await ticketRow(db, ticketId!)).status).toBe('resolved');
      world.clock.advance(20 * MINUTE);
      expect((await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json'))).counts).toEqual({
        reopened: 2,
      });
      expect(await ticketsOf(row.id)).toEqual([ticketId]);
      expect((await ticketRow(db, ticketId!)).status).toBe('investigating');
      world.clock.advance(MINUTE);
      await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-resolved.json'));
      expect((await ticketRow(db, ticketId!)).status).toBe('resolved');
      world.clock.advance(31 * MINUTE);
      expect((await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json'))).counts).toEqual({
        opened: 2,
      });
      expect(await ticketsOf(row.id)).toHaveLength(2);
    });

    it('records truncated groups, ignores resolve-before-trigger and refuses wrong types with the field', async () => {
      const { row, ctx } = await integration();
      const truncated = {
        ...fixture('alertmanager-v4-firing.json'),
        truncatedAlerts: 17,
        unknownField: true,
      };
      truncated.alerts = [truncated.alerts[0]];
      await ingestAlertmanager(ctx, row, truncated);
      const [delivery] = await db
        .select()
        .from(integrationDeliveries)
        .where(eq(integrationDeliveries.integrationId, row.id));
      expect(delivery).toMatchObject({ alertCount: 1, truncatedAlerts: 17, outcome: { opened: 1 } });
      const listed = (await listIntegrations(admin)).find((i) => i.id === row.id)!;
      expect(listed.lastDelivery).toEqual({ at: world.clock.now(), truncatedAlerts: 17 });
      expect(listed.liveAlerts).toBe(1);

      const other = await integration();
      const early = await ingestAlertmanager(other.ctx, other.row, fixture('alertmanager-v4-resolved.json'));
      expect(early.counts).toEqual({ ignored: 2 });
      expect(await alertsOf(other.row.id)).toEqual([]);

      const wrong = fixture('alertmanager-v4-firing.json');
      wrong.alerts[0].fingerprint = 42;
      const refused = await expectServiceError(ingestAlertmanager(ctx, row, wrong), 'BAD_REQUEST');
      expect(refused.fieldErrors).toHaveProperty(['alerts.0.fingerprint']);
      // An Events v2 key cannot post Alertmanager payloads.
      const events = await integration({ kind: 'events_v2' });
      await expectServiceError(
        ingestAlertmanager(events.ctx, events.row, fixture('alertmanager-v4-firing.json')),
        'FORBIDDEN',
      );
    });

    it('suppresses alerts while maintenance of their service is in progress, and opens once it is over', async () => {
      const { row, ctx } = await integration({ defaultServiceId: world.service('globex', 'erp').id });
      const noc = await world.as('noc@watchfloor.test');
      const now = world.clock.now().getTime();
      const { id } = await scheduleMaintenance(noc, {
        organisationId: world.org('globex').id,
        title: 'ERP upgrade',
        body: 'The ERP is down for the upgrade.',
        scheduledFor: new Date(now + MINUTE),
        scheduledUntil: new Date(now + 60 * MINUTE),
        serviceIds: [world.service('globex', 'erp').id],
      });
      world.clock.advance(2 * MINUTE);
      await startMaintenance(noc, { id, expectedVersion: 1 });
      expect((await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json'))).counts).toEqual({
        suppressed: 2,
      });
      expect(await ticketsOf(row.id)).toEqual([]);
      expect((await alertsOf(row.id)).map((a) => a.status)).toEqual(['suppressed', 'suppressed']);
      expect((await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json'))).counts).toEqual({
        suppressed: 2,
      });
      await completeMaintenance(noc, { id, expectedVersion: 2 });
      world.clock.advance(MINUTE);
      expect((await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json'))).counts).toEqual({
        opened: 2,
      });
      expect(await ticketsOf(row.id)).toHaveLength(1);
      expect((await alertsOf(row.id)).map((a) => [a.status, a.seenCount])).toEqual([
        ['firing', 3],
        ['firing', 3],
      ]);
    });
  });

  describe('Events v2', () => {
    it('routes class=security to a security incident in SOC triage, hidden from a NOC engineer', async () => {
      const { row, ctx } = await integration({ kind: 'events_v2', name: 'IDS' });
      const answer = await ingestEvent(ctx, row, fixture('events-v2-trigger.json'));
      expect(answer).toMatchObject({
        dedupKey: 'ids/sensor-7/rule-2019284/10.20.30.40',
        result: { outcome: 'opened' },
      });
      const incident = await ticketRow(db, answer.result.ticketId!);
      expect(incident).toMatchObject({
        kind: 'security',
        status: 'triage',
        severity: 'critical',
        source: 'events-v2',
      });
      const noc = await world.as('noc@watchfloor.test');
      const nocList = await listTickets(noc, { kind: 'security' });
      expect(nocList.items.map((t) => t.id)).not.toContain(incident.id);
      const soc = await world.as('soc@watchfloor.test');
      expect((await listTickets(soc, { kind: 'security' })).items.map((t) => t.id)).toContain(incident.id);
      // Resolving the alert tells the incident; the SOC decides what the incident does.
      await ingestEvent(ctx, row, { routing_key: 'x', event_action: 'resolve', dedup_key: answer.dedupKey });
      expect((await ticketRow(db, incident.id)).status).toBe('triage');
      expect(await typesOf(incident.id)).toContain('alert.resolved');
    });

    it('maps trigger, acknowledge and resolve onto the outage machine; a trigger after resolve is a new alert', async () => {
      const { row, ctx } = await integration({
        kind: 'events_v2',
        resolveBehaviour: 'resolve',
        reopenWindowMinutes: 0,
      });
      const trigger = {
        routing_key: 'x',
        event_action: 'trigger',
        payload: { summary: 'Disk full on db-1', source: 'db-1', severity: 'error' },
      };
      const opened = await ingestEvent(ctx, row, trigger);
      expect(opened.dedupKey).toMatch(/^[0-9a-f]{32}$/);
      const ticketId = opened.result.ticketId!;
      expect(await ticketRow(db, ticketId)).toMatchObject({ priority: 'P2', status: 'new' });
      const dedup = { routing_key: 'x', dedup_key: opened.dedupKey };
      await ingestEvent(ctx, row, { ...dedup, event_action: 'acknowledge' });
      expect((await ticketRow(db, ticketId)).status).toBe('acknowledged');
      await ingestEvent(ctx, row, { ...dedup, event_action: 'resolve' });
      expect((await ticketRow(db, ticketId)).status).toBe('resolved');
      const again = await ingestEvent(ctx, row, { ...trigger, dedup_key: opened.dedupKey });
      expect(again.result.outcome).toBe('opened');
      expect(again.result.ticketId).not.toBe(ticketId);
      const rows = await alertsOf(row.id);
      expect(rows.map((a) => [a.alertKey, a.status])).toEqual([
        [opened.dedupKey, 'resolved'],
        [opened.dedupKey, 'firing'],
      ]);
      const refused = await expectServiceError(
        ingestEvent(ctx, row, { routing_key: 'x', event_action: 'trigger', payload: { summary: 'x' } }),
        'BAD_REQUEST',
      );
      expect(Object.keys(refused.fieldErrors!)).toEqual(
        expect.arrayContaining(['payload.source', 'payload.severity']),
      );
    });

    it('records change events on the open tickets of the service', async () => {
      const { row, ctx } = await integration({
        kind: 'events_v2',
        defaultServiceId: world.service('globex', 'sd-wan').id,
      });
      const opened = await ingestEvent(ctx, row, {
        routing_key: 'x',
        event_action: 'trigger',
        payload: { summary: 'Branch 12 unreachable', source: 'sdwan', severity: 'warning' },
      });
      const { ticketIds } = await ingestChange(ctx, row, {
        routing_key: 'x',
        payload: { summary: 'Deployed SD-WAN policy v42', source: 'ci' },
        links: [{ href: 'https://ci.example.net/42' }],
      });
      expect(ticketIds).toContain(opened.result.ticketId);
      const events = await eventsOf(db, opened.result.ticketId!);
      expect(events.at(-1)).toMatchObject({
        type: 'change.recorded',
        payload: { summary: 'Deployed SD-WAN policy v42' },
      });
      const others = await db
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.organisationId, world.org('acme').id)));
      expect(ticketIds.some((id) => others.some((o) => o.id === id))).toBe(false);
    });
  });
});
