import { and, eq, or } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { alertCorrelations, notifications, tasks, ticketLinks } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { handoffRequest } from '../../../test/handoffs';
import { useDemoWorld } from '../../../test/suite';
import { drive, eventsOf, expectServiceError, outageInput, ticketIn, userId } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { acceptHandoff } from '../handoffs/accept';
import { requestHandoff } from '../handoffs/request';
import { setPreserveHold } from '../handoffs/set-preserve-hold';
import { authenticateIntegrationKey, integrationActor } from '../integrations/authenticate';
import { createIntegration } from '../integrations/create';
import { ingestAlertmanager } from '../integrations/ingest-alertmanager';
import { ingestEvent } from '../integrations/ingest-event';
import type { ServiceContext } from '../kernel/context';
import { requestNocAction } from '../noc-actions/request';
import { addObservable } from '../security/add-observable';
import { createTicket } from '../tickets/create';
import { listTicketLinks } from '../tickets/list-links';
import { askForNocAction } from './ask-for-noc-action';
import { evidenceHolds } from './evidence-holds';

describe.each(testEngines())('alert ↔ incident correlation on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  useDemoWorld({ open }, (setup) => ({ db, world } = setup));

  async function integration(org: 'acme' | 'globex', kind: 'alertmanager' | 'events_v2' = 'alertmanager') {
    const admin = await world.as('admin@watchfloor.test');
    const created = await createIntegration(admin, {
      organisationId: world.org(org).id,
      kind,
      name: `Prometheus ${org}`,
      defaultServiceId: world.service(org, org === 'acme' ? 'website' : 'dc-fra').id,
    });
    const row = (await authenticateIntegrationKey(db, created.key))!;
    const ctx: ServiceContext = { db, now: world.clock.now, actor: integrationActor(row) };
    return { row, ctx };
  }

  /** An Alertmanager delivery of one firing alert with these labels. */
  const delivery = (fingerprint: string, labels: Record<string, string>) => ({
    version: '4',
    groupKey: `{}:{alertname="NodeDown",fp="${fingerprint}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'watchfloor',
    groupLabels: { alertname: 'NodeDown' },
    commonLabels: { alertname: 'NodeDown' },
    commonAnnotations: { summary: 'Node down' },
    externalURL: 'http://alertmanager.example.net:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'NodeDown', severity: 'critical', ...labels } as Record<string, string>,
        annotations: { summary: 'Node exporter unreachable' },
        startsAt: '2026-11-02T08:59:00.000Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.net:9090/graph',
        fingerprint,
      },
    ],
  });

  async function incidentWith(status: string, type: 'hostname' | 'ipv4' | 'username', value: string) {
    const incident = await ticketIn(world, 'security', status, { organisationId: world.org('globex').id });
    if (status !== 'closed') {
      await addObservable(await world.as('soc@watchfloor.test'), { id: incident.id, type, value, ioc: true });
    }
    return incident;
  }
  const linksBetween = (a: string, b: string) =>
    db
      .select()
      .from(ticketLinks)
      .where(
        or(
          and(eq(ticketLinks.fromTicketId, a), eq(ticketLinks.toTicketId, b)),
          and(eq(ticketLinks.fromTicketId, b), eq(ticketLinks.toTicketId, a)),
        ),
      );
  const notesOn = (ticketId: string) =>
    db.select().from(notifications).where(eq(notifications.ticketId, ticketId));

  it('links an alert naming an observable to the open incident at once, tells the SOC once, and a re-send does neither', async () => {
    const incident = await incidentWith('investigating', 'hostname', 'DB01.Globex.Example');
    const { row, ctx } = await integration('globex');
    const payload = delivery('fp-db01', { instance: 'db01.globex.example:9100' });
    const first = await ingestAlertmanager(ctx, row, payload);
    const outageId = first.results[0]!.ticketId!;

    expect((await linksBetween(outageId, incident.id)).map((l) => l.type)).toEqual(['relates_to']);
    const notes = await notesOn(incident.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      userId: await userId(world, 'soc@watchfloor.test'),
      kind: 'correlation.linked',
    });
    expect(notes[0]!.title).toContain('hostname db01.globex.example');

    world.clock.advance(60_000);
    const again = await ingestAlertmanager(ctx, row, payload);
    expect(again.results[0]!.outcome).toBe('repeated');
    expect(await linksBetween(outageId, incident.id)).toHaveLength(1);
    expect(await notesOn(incident.id)).toHaveLength(1);
    // Resolved and firing again: placed on a ticket once more, still linked and told once.
    const resolved = structuredClone(payload);
    resolved.status = 'resolved';
    resolved.alerts[0]!.status = 'resolved';
    expect((await ingestAlertmanager(ctx, row, resolved)).results[0]!.outcome).toBe('resolved');
    world.clock.advance(60_000);
    const refired = await ingestAlertmanager(ctx, row, payload);
    expect(['attached', 'reopened', 'opened']).toContain(refired.results[0]!.outcome);
    expect(await notesOn(incident.id)).toHaveLength(1);
    const correlated = await db
      .select()
      .from(alertCorrelations)
      .where(eq(alertCorrelations.incidentId, incident.id));
    expect(correlated).toHaveLength(1);
    expect(correlated[0]).toMatchObject({ ticketId: outageId, alertKey: 'fp-db01' });
    // The SOC's chain records it once; the outage's, which the NOC reads, names no incident.
    const socEvents = (await eventsOf(db, incident.id)).filter((e) => e.type === 'correlation.linked');
    expect(socEvents).toHaveLength(1);
    expect(socEvents[0]!.payload).toMatchObject({ alertKey: 'fp-db01', linkAdded: true });
    const outageEvents = JSON.stringify(await eventsOf(db, outageId));
    expect(outageEvents).not.toContain(`SEC-`);
    expect(outageEvents).not.toContain('correlation');
  });

  it('tells the SOC once for a group of alerts on one ticket naming the same host, recording each alert', async () => {
    const incident = await incidentWith('investigating', 'ipv4', '203.0.113.50');
    const { row, ctx } = await integration('globex');
    const payload = delivery('fp-a', { instance: '203.0.113.50:9100' });
    payload.alerts.push({
      ...payload.alerts[0]!,
      fingerprint: 'fp-b',
      labels: { ...payload.alerts[0]!.labels, job: 'blackbox' },
    });
    const answer = await ingestAlertmanager(ctx, row, payload);
    expect(new Set(answer.results.map((r) => r.ticketId)).size).toBe(1);
    const rows = await db
      .select()
      .from(alertCorrelations)
      .where(eq(alertCorrelations.incidentId, incident.id));
    expect(rows.map((r) => r.alertKey).sort()).toEqual(['fp-a', 'fp-b']);
    expect(await linksBetween(answer.results[0]!.ticketId!, incident.id)).toHaveLength(1);
    expect(await notesOn(incident.id)).toHaveLength(1);
  });

  it('refuses in SQL a correlation naming a ticket that is no security incident', async () => {
    const { row, ctx } = await integration('globex');
    const a = await ingestAlertmanager(ctx, row, delivery('fp-sql-a', {}));
    const b = await ingestAlertmanager(ctx, row, delivery('fp-sql-b', {}));
    const insert = (db2: Database) =>
      db2.insert(alertCorrelations).values({
        integrationId: row.id,
        alertKey: 'fp-sql-a',
        ticketId: a.results[0]!.ticketId!,
        incidentId: b.results[0]!.ticketId!,
        createdAt: world.clock.now(),
      });
    const error: unknown = await insert(db).then(
      () => null,
      (e: unknown) => e,
    );
    const cause = (error as { cause?: unknown } | null)?.cause;
    expect(`${String(error)} ${String(cause ?? '')}`).toMatch(/must be a security incident/);
  });

  it('does not match a closed incident, a generic observable, a parent domain or a private address of another organisation', async () => {
    const closed = await ticketIn(world, 'security', 'investigating', {
      organisationId: world.org('globex').id,
    });
    const soc = await world.as('soc@watchfloor.test');
    await addObservable(soc, { id: closed.id, type: 'hostname', value: 'web07.globex.example' });
    await drive(await world.as('admin@watchfloor.test'), closed.id, [
      { type: 'CONTAIN' },
      { type: 'ERADICATE' },
      { type: 'RECOVER' },
      { type: 'REVIEW', rootCause: 'Weak password' },
      { type: 'CLOSE', lessonsLearned: 'MFA everywhere' },
    ]);
    const generic = await incidentWith('investigating', 'ipv4', '127.0.0.1');
    const parent = await ticketIn(world, 'security', 'investigating', {
      organisationId: world.org('globex').id,
    });
    await addObservable(soc, { id: parent.id, type: 'domain', value: 'globex.example' });
    const otherOrg = await ticketIn(world, 'security', 'investigating', {
      organisationId: world.org('acme').id,
    });
    await addObservable(soc, { id: otherOrg.id, type: 'ipv4', value: '10.9.8.7' });

    const { row, ctx } = await integration('globex');
    const answer = await ingestAlertmanager(
      ctx,
      row,
      delivery('fp-web07', { instance: 'web07.globex.example:9100', ip: '127.0.0.1', peer: '10.9.8.7' }),
    );
    const outageId = answer.results[0]!.ticketId!;
    for (const incident of [closed, generic, parent, otherOrg]) {
      expect(await linksBetween(outageId, incident.id)).toEqual([]);
      expect(await notesOn(incident.id)).toEqual([]);
    }
    expect(await db.select().from(alertCorrelations).where(eq(alertCorrelations.ticketId, outageId))).toEqual(
      [],
    );
  });

  it('matches Events v2 custom_details users exactly as the username type stores them', async () => {
    const incident = await incidentWith('triage', 'username', 'JDoe');
    const { row, ctx } = await integration('globex', 'events_v2');
    const trigger = (dedup: string, user: string) => ({
      routing_key: 'x',
      event_action: 'trigger',
      dedup_key: dedup,
      payload: {
        summary: 'Repeated failed logins',
        source: 'idp.globex.example',
        severity: 'error',
        custom_details: { user },
      },
    });
    await ingestEvent(ctx, row, trigger('lower', 'jdoe'));
    expect(await notesOn(incident.id)).toEqual([]);
    const answer = await ingestEvent(ctx, row, trigger('exact', 'JDoe'));
    const [alert] = await db
      .select()
      .from(alertCorrelations)
      .where(eq(alertCorrelations.incidentId, incident.id));
    expect(alert).toMatchObject({ alertKey: 'exact' });
    expect(answer.dedupKey).toBe('exact');
    expect(await notesOn(incident.id)).toHaveLength(1);
  });

  /** An incident the SOC accepted from a NOC handoff (it holds 203.0.113.7), preserving evidence. */
  async function heldIncident() {
    const noc = await world.as('noc@watchfloor.test');
    const soc = await world.as('soc@watchfloor.test');
    const handed = await createTicket(noc, outageInput(world));
    await drive(noc, handed.id, [{ type: 'ACK' }, { type: 'INVESTIGATE' }]);
    const { handoffId } = await requestHandoff(noc, handoffRequest(handed.id, world.clock.now()));
    const { incidentId } = await acceptHandoff(soc, { handoffId, into: 'new' });
    await setPreserveHold(soc, { outageId: handed.id, hold: true, reason: 'Router images are evidence' });
    return { handedId: handed.id, incidentId };
  }

  it('warns on the outage while the incident preserves evidence, showing a NOC engineer only the stub', async () => {
    const { handedId, incidentId } = await heldIncident();
    const { row, ctx } = await integration('acme');
    const answer = await ingestAlertmanager(ctx, row, delivery('fp-edge', { instance: '203.0.113.7:9100' }));
    const outageId = answer.results[0]!.ticketId!;
    expect(outageId).not.toBe(handedId);

    const noc = await world.as('noc@watchfloor.test');
    const holds = await evidenceHolds(noc, { id: outageId });
    expect(holds).toHaveLength(1);
    const [hold] = holds;
    expect(Object.keys(hold!).sort()).toEqual(['incidentId', 'number', 'status', 'summary']);
    expect(hold).toMatchObject({ incidentId, status: 'investigating' });
    expect(hold!.summary).toMatch(/^Security incident SEC-\d+$/);
    expect(JSON.stringify(holds)).not.toContain('203.0.113.7');
    // The outage's links show the incident to the NOC as the stub its page is, never its title.
    const links = await listTicketLinks(noc, { id: outageId });
    expect(links.map((l) => l.ticket.projection)).toEqual(['stub']);
    expect(links[0]!.ticket.title).toBe(hold!.summary);
    // Customers learn nothing of it.
    await expectServiceError(
      evidenceHolds(await world.as('customer@acme.test'), { id: outageId }),
      'NOT_FOUND',
    );

    // Instead of remediating, the NOC asks the SOC for a NOC action request…
    const before = (await notesOn(incidentId)).length;
    await askForNocAction(noc, { outageId, incidentId, details: 'I would reboot edge-rtr-9' });
    const asked = (await notesOn(incidentId)).filter((n) => n.kind === 'correlation.noc_action_asked');
    expect(asked.map((n) => n.userId)).toEqual([await userId(world, 'soc@watchfloor.test')]);
    expect((await notesOn(incidentId)).length).toBe(before + 1);
    const onOutage = (await eventsOf(db, outageId)).find((e) => e.type === 'correlation.noc_action_asked')!;
    expect(onOutage.payload).toEqual({ incident: hold!.number, details: 'I would reboot edge-rtr-9' });
    expect((await eventsOf(db, incidentId)).map((e) => e.type)).toContain('correlation.noc_action_asked');
    // …about a held, correlated incident only: any other is not found; the SOC does not work outages.
    const other = await ticketIn(world, 'security', 'investigating', {
      organisationId: world.org('acme').id,
    });
    await expectServiceError(
      askForNocAction(noc, { outageId, incidentId: other.id, details: 'x' }),
      'NOT_FOUND',
    );
    await expectServiceError(
      askForNocAction(await world.as('soc@watchfloor.test'), { outageId, incidentId, details: 'x' }),
      'FORBIDDEN',
    );

    // …and the SOC asks the NOC for an action on the correlated outage.
    const soc = await world.as('soc@watchfloor.test');
    const { taskId } = await requestNocAction(soc, {
      incidentId,
      outageId,
      action: 'collect_logs',
      details: 'Image the disk before any reboot',
    });
    const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId));
    expect(task).toMatchObject({ ticketId: outageId, requestedByTicketId: incidentId, status: 'open' });

    // Lifted: no more warning.
    await setPreserveHold(soc, { outageId: handedId, hold: false });
    expect(await evidenceHolds(noc, { id: outageId })).toEqual([]);
  });

  it('shows no warning for a correlated incident without a hold, and the NOC sees no trace of it', async () => {
    const incident = await incidentWith('containment', 'ipv4', '198.51.100.99');
    const { row, ctx } = await integration('globex');
    const answer = await ingestAlertmanager(ctx, row, delivery('fp-x', { target: '198.51.100.99' }));
    const outageId = answer.results[0]!.ticketId!;
    expect(await linksBetween(outageId, incident.id)).toHaveLength(1);
    const noc = await world.as('noc@watchfloor.test');
    expect(await evidenceHolds(noc, { id: outageId })).toEqual([]);
    expect(await listTicketLinks(noc, { id: outageId })).toEqual([]);
    expect(await notesOn(incident.id).then((n) => n.map((x) => x.userId))).not.toContain(
      await userId(world, 'noc@watchfloor.test'),
    );
  });
});
