import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import {
  custodyEntries,
  evidence,
  handoffs,
  notifications,
  observables,
  ticketLinks,
  ticketServices,
} from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { EVIDENCE_SHA, handoffRequest } from '../../../test/handoffs';
import { clocksOf, expectChainsIntact, MINUTE } from '../../../test/sla';
import { useDemoWorld } from '../../../test/suite';
import {
  drive,
  eventsOf,
  expectServiceError,
  outageInput,
  RESOLVE,
  settle,
  ticketRow,
  userId,
} from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { completeNocAction } from '../noc-actions/complete';
import { listNocActions } from '../noc-actions/list';
import { requestNocAction } from '../noc-actions/request';
import { sweepDueClocks } from '../sla/sweep-clocks';
import { createTicket } from '../tickets/create';
import { getTicket } from '../tickets/get';
import { listTickets } from '../tickets/list';
import { ticketTimeline } from '../tickets/timeline';
import { transitionTicket } from '../tickets/transition';
import { acceptHandoff } from './accept';
import { clearOutage } from './clear';
import { declineHandoff } from './decline';
import { listHandoffs } from './list';
import { requestHandoff } from './request';
import { setPreserveHold } from './set-preserve-hold';
import { sweepHandoffEscalations } from './sweep-ola-breaches';

describe.each(testEngines())('NOC → SOC handoff on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;

  useDemoWorld({ open, sla: true }, (setup) => ({ db, world } = setup));

  /** A fresh outage the NOC has acknowledged and is investigating. */
  async function investigatingOutage() {
    const noc = await world.as('noc@watchfloor.test');
    const outage = await createTicket(noc, outageInput(world));
    await drive(noc, outage.id, [{ type: 'ACK' }, { type: 'INVESTIGATE' }]);
    return outage;
  }

  async function requested() {
    const outage = await investigatingOutage();
    const noc = await world.as('noc@watchfloor.test');
    const { handoffId } = await requestHandoff(noc, handoffRequest(outage.id, world.clock.now()));
    return { outage, handoffId };
  }

  it('walks the whole journey: request, accept, NOC action, containment to close', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const soc = await world.as('soc@watchfloor.test');
    const outage = await investigatingOutage();
    const before = await clocksOf(db, outage.id);

    const request = await requestHandoff(noc, handoffRequest(outage.id, world.clock.now()));
    expect(request.acceptanceDueAt).toEqual(new Date(world.clock.now().getTime() + 15 * MINUTE));
    let outageRow = await ticketRow(db, outage.id);
    expect(outageRow.securityLink).toBe('handoff_requested');
    expect(outageRow.status).toBe('investigating');
    const [told] = await db
      .select()
      .from(notifications)
      .where(eq(notifications.dedupKey, `handoff:${request.handoffId}:requested`));
    expect(told).toMatchObject({
      userId: await userId(world, 'soc@watchfloor.test'),
      kind: 'handoff.requested',
    });
    const pending = await listHandoffs(soc, {});
    const mine = pending.find((h) => h.id === request.handoffId)!;
    expect(mine.outage.number).toBe(outage.number);
    expect(mine.acceptanceClock).toMatchObject({ state: 'running', metric: 'handoff_acceptance' });
    // The NOC's observables are on the outage too, canonical.
    const outageObservables = await db.select().from(observables).where(eq(observables.ticketId, outage.id));
    expect(outageObservables.map((o) => o.value).sort()).toEqual(['203.0.113.7', 'update-check.example.net']);

    world.clock.advance(5 * MINUTE);
    const accepted = await acceptHandoff(soc, { handoffId: request.handoffId, into: 'new' });
    const incident = await ticketRow(db, accepted.incidentId);
    expect(incident).toMatchObject({
      kind: 'security',
      status: 'investigating',
      severity: 'high',
      tlp: 'AMBER',
      source: 'handoff',
      organisationId: outageRow.organisationId,
    });
    expect(accepted.incidentNumber).toBe(`SEC-${incident.number}`);
    outageRow = await ticketRow(db, outage.id);
    expect(outageRow.securityLink).toBe('under_soc_investigation');
    expect(outageRow.status).toBe('investigating');

    // The outage's own clocks are untouched; the acceptance OLA is met.
    const after = await clocksOf(db, outage.id);
    expect(after.resolution!.startedAt).toEqual(before.resolution!.startedAt);
    expect(after.resolution!.state).toBe('running');
    const acceptance = Object.values(after).find((c) => c.metric === 'handoff_acceptance')!;
    expect(acceptance).toMatchObject({ state: 'met', subjectKey: request.handoffId });

    // Context copied: services, observables, evidence with its first custody entry, a link, the timeline.
    const services = await db.select().from(ticketServices).where(eq(ticketServices.ticketId, incident.id));
    expect(services.map((s) => s.serviceId)).toEqual([world.service('acme', 'website').id]);
    const copied = await db.select().from(observables).where(eq(observables.ticketId, incident.id));
    expect(copied.map((o) => `${o.type}:${o.value}:${o.ioc}`).sort()).toEqual([
      'domain:update-check.example.net:false',
      'ipv4:203.0.113.7:true',
    ]);
    const [item] = await db.select().from(evidence).where(eq(evidence.ticketId, incident.id));
    expect(item).toMatchObject({ sha256: EVIDENCE_SHA, sizeBytes: 48_213, custodian: 'Nora NOC' });
    const ledger = await db.select().from(custodyEntries).where(eq(custodyEntries.evidenceId, item!.id));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ seq: 1, fromCustodian: null, toCustodian: 'Nora NOC' });
    const links = await db
      .select()
      .from(ticketLinks)
      .where(and(eq(ticketLinks.fromTicketId, outage.id), eq(ticketLinks.toTicketId, incident.id)));
    expect(links.map((l) => l.type)).toEqual(['handoff']);
    const received = (await eventsOf(db, incident.id)).find((e) => e.type === 'handoff.received')!;
    const snapshot = received.payload.outageTimeline as { type: string }[];
    expect(snapshot.map((e) => e.type)).toContain('handoff.requested');
    expect(received.payload).toMatchObject({ outage: outage.number, confidence: 'medium' });
    expect((received.payload.nocActions as unknown[]).length).toBe(1);

    // The NOC sees a stub of the incident: number, state, public summary; no history.
    const stub = await getTicket(noc, { id: incident.id });
    expect(stub).toMatchObject({ projection: 'stub', status: 'investigating', description: null, tlp: null });
    expect(stub.title).not.toContain('Suspected attack');
    expect(await ticketTimeline(noc, { id: incident.id })).toEqual([]);
    const nocQueue = await listTickets(noc, { kind: 'security' });
    expect(nocQueue.items.every((t) => t.projection === 'stub')).toBe(true);
    expect(nocQueue.items.map((t) => t.number)).toContain(accepted.incidentNumber);
    // …but cannot work it.
    await expectServiceError(
      transitionTicket(noc, { id: incident.id, event: { type: 'CONTAIN' } }),
      'FORBIDDEN',
    );

    // Containment: the SOC preserves evidence and asks the NOC to block the address.
    await transitionTicket(soc, { id: incident.id, event: { type: 'CONTAIN' } });
    await setPreserveHold(soc, { outageId: outage.id, hold: true, reason: 'Router images are evidence' });
    const action = await requestNocAction(soc, {
      incidentId: incident.id,
      outageId: outage.id,
      action: 'block_address',
      details: 'Block 203.0.113.7 at the edge ACLs',
    });
    expect(action.dueAt).toEqual(new Date(world.clock.now().getTime() + 60 * MINUTE));
    const [listed] = await listNocActions(noc, { id: outage.id });
    expect(listed).toMatchObject({
      status: 'open',
      action: 'block_address',
      incident: accepted.incidentNumber,
    });
    expect(listed!.clock).toMatchObject({ state: 'running', metric: 'noc_action' });

    world.clock.advance(20 * MINUTE);
    await completeNocAction(noc, {
      taskId: action.taskId,
      result: 'ACL 110 deny 203.0.113.7 on edge-rtr-1/2',
    });
    const incidentTimeline = await ticketTimeline(soc, { id: incident.id });
    const completion = incidentTimeline.find((e) => e.type === 'noc_action.completed')!;
    expect(completion.payload).toMatchObject({ result: 'ACL 110 deny 203.0.113.7 on edge-rtr-1/2' });
    expect(completion.actor).toBe('Nico NOC');
    const [done] = await listNocActions(noc, { id: outage.id });
    expect(done).toMatchObject({ status: 'done' });
    expect(done!.clock).toMatchObject({ state: 'met' });

    // With evidence preserved the NOC cannot close the outage.
    await drive(noc, outage.id, [{ type: 'FIX' }, RESOLVE]);
    await expectServiceError(
      transitionTicket(noc, { id: outage.id, event: { type: 'CLOSE' } }),
      'PRECONDITION_FAILED',
      'evidence',
    );

    // Recovery, review, close; the SOC lifts the hold and clears the outage, which the NOC then closes.
    await drive(soc, incident.id, [
      { type: 'ERADICATE' },
      { type: 'RECOVER' },
      { type: 'REVIEW', rootCause: 'Exposed SSH on the management VRF with a reused password' },
    ]);
    await setPreserveHold(soc, { outageId: outage.id, hold: false });
    await clearOutage(soc, {
      outageId: outage.id,
      note: 'Credential stuffing, contained; not an ongoing threat',
    });
    await transitionTicket(soc, {
      id: incident.id,
      event: { type: 'CLOSE', lessonsLearned: 'Management plane behind the VPN only' },
    });
    await transitionTicket(noc, { id: outage.id, event: { type: 'CLOSE' } });
    expect((await ticketRow(db, outage.id)).securityLink).toBe('cleared');
    expect((await ticketRow(db, incident.id)).status).toBe('closed');

    const outageEvents = (await eventsOf(db, outage.id)).map((e) => e.type);
    expect(outageEvents).toEqual(
      expect.arrayContaining([
        'handoff.requested',
        'handoff.accepted',
        'handoff.preserve_hold_set',
        'noc_action.requested',
        'noc_action.completed',
        'handoff.preserve_hold_lifted',
        'handoff.cleared',
      ]),
    );
    // Every read of the incident by a person is on its chain; timelines leave the records out.
    const incidentEvents = await eventsOf(db, incident.id);
    const reads = incidentEvents.filter((e) => e.type === 'ticket.viewed');
    expect(reads.map((e) => e.actorLabel)).toEqual(
      expect.arrayContaining(['noc@watchfloor.test', 'soc@watchfloor.test']),
    );
    expect((await ticketTimeline(soc, { id: incident.id })).some((e) => e.type === 'ticket.viewed')).toBe(
      false,
    );
    await expectChainsIntact(db);
  });

  it('declines with a reason: back to the NOC, who is told and may hand off again', async () => {
    const { outage, handoffId } = await requested();
    const manager = await world.as('manager@watchfloor.test');
    await expectServiceError(declineHandoff(manager, { handoffId, reason: '  ' }), 'BAD_REQUEST');
    await declineHandoff(manager, { handoffId, reason: 'Flaps match the carrier maintenance window' });
    const row = await ticketRow(db, outage.id);
    expect(row.securityLink).toBe('none');
    const declined = (await eventsOf(db, outage.id)).find((e) => e.type === 'handoff.declined')!;
    expect(declined.payload.reason).toBe('Flaps match the carrier maintenance window');
    const [note] = await db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.ticketId, outage.id),
          eq(notifications.userId, await userId(world, 'noc@watchfloor.test')),
        ),
      );
    expect(note).toMatchObject({
      kind: 'handoff.declined',
      body: 'Flaps match the carrier maintenance window',
    });
    const clock = Object.values(await clocksOf(db, outage.id)).find((c) => c.subjectKey === handoffId)!;
    expect(clock.state).toBe('met');
    // Decided handoffs refuse further decisions; the NOC can try again with a new one.
    const soc = await world.as('soc@watchfloor.test');
    await expectServiceError(
      acceptHandoff(soc, { handoffId, into: 'new' }),
      'PRECONDITION_FAILED',
      'declined',
    );
    const noc = await world.as('noc@watchfloor.test');
    const again = await requestHandoff(noc, handoffRequest(outage.id, world.clock.now()));
    expect(again.handoffId).not.toBe(handoffId);
  });

  it('escalates a handoff nobody accepts within its OLA, once, and it can still be accepted', async () => {
    const { outage, handoffId } = await requested();
    world.clock.advance(16 * MINUTE);
    const now = world.clock.now();
    await sweepDueClocks(db, now);
    const first = await Promise.all([1, 2, 3].map(() => sweepHandoffEscalations(db, now)));
    // Concurrent sweeps escalate each overdue handoff (this one, and any earlier test left open) once.
    const escalatedRows = await db.select().from(handoffs).where(eq(handoffs.status, 'escalated'));
    expect(first.reduce((n, r) => n + r.escalated, 0)).toBe(escalatedRows.length);
    const [row] = await db.select().from(handoffs).where(eq(handoffs.id, handoffId));
    expect(row!.status).toBe('escalated');
    const escalations = (await eventsOf(db, outage.id)).filter((e) => e.type === 'handoff.escalated');
    expect(escalations).toHaveLength(1);
    const notified = await db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(eq(notifications.dedupKey, `handoff:${handoffId}:escalated`));
    expect(notified.map((n) => n.userId).sort()).toEqual(
      [await userId(world, 'soc@watchfloor.test'), await userId(world, 'manager@watchfloor.test')].sort(),
    );
    expect((await sweepHandoffEscalations(db, world.clock.now())).escalated).toBe(0);

    const soc = await world.as('soc@watchfloor.test');
    await acceptHandoff(soc, { handoffId, into: 'new' });
    const clock = Object.values(await clocksOf(db, outage.id)).find((c) => c.subjectKey === handoffId)!;
    expect(clock.state).toBe('met_late');
  });

  it('accepts into an existing open incident, which gains the context and the link', async () => {
    const soc = await world.as('soc@watchfloor.test');
    const existing = await createTicket(soc, {
      kind: 'security',
      title: 'Credential stuffing against the management plane',
      organisationId: world.org('acme').id,
      impact: 'medium',
      urgency: 'high',
      severity: 'medium',
    });
    const { outage, handoffId } = await requested();
    const result = await acceptHandoff(soc, {
      handoffId,
      into: 'existing',
      incident: { number: existing.number },
    });
    expect(result.incidentId).toBe(existing.id);
    const types = (await eventsOf(db, existing.id)).map((e) => e.type);
    expect(types).toContain('handoff.received');
    expect(types).toContain('evidence.added');
    const services = await db.select().from(ticketServices).where(eq(ticketServices.ticketId, existing.id));
    expect(services).toHaveLength(1);
    expect((await ticketRow(db, outage.id)).securityLink).toBe('under_soc_investigation');
  });

  it('lets exactly one of several concurrent decisions on a handoff win', async () => {
    const { outage, handoffId } = await requested();
    const soc = await world.as('soc@watchfloor.test');
    const manager = await world.as('manager@watchfloor.test');
    const outcomes = await Promise.all([
      settle(acceptHandoff(soc, { handoffId, into: 'new' })),
      settle(acceptHandoff(manager, { handoffId, into: 'new' })),
      settle(declineHandoff(manager, { handoffId, reason: 'Known carrier issue' })),
      settle(acceptHandoff(soc, { handoffId, into: 'new' })),
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    for (const o of outcomes.filter((o) => !o.ok))
      expect(['PRECONDITION_FAILED', 'CONFLICT']).toContain(o.ok ? null : o.error.code);
    // One decision, so at most one incident and one link came of it.
    const links = await db.select().from(ticketLinks).where(eq(ticketLinks.fromTicketId, outage.id));
    const [row] = await db.select().from(handoffs).where(eq(handoffs.id, handoffId));
    expect(links).toHaveLength(row!.status === 'accepted' ? 1 : 0);
    const decided = (await eventsOf(db, outage.id)).filter((e) =>
      ['handoff.accepted', 'handoff.declined'].includes(e.type),
    );
    expect(decided).toHaveLength(1);
    await expectChainsIntact(db);
  });

  it('completes a NOC action once, however many people press the button', async () => {
    const { outage, handoffId } = await requested();
    const soc = await world.as('soc@watchfloor.test');
    const { incidentId } = await acceptHandoff(soc, { handoffId, into: 'new' });
    const { taskId } = await requestNocAction(soc, {
      incidentId,
      outageId: outage.id,
      action: 'isolate_segment',
      details: 'Isolate VLAN 210',
    });
    const noc = await world.as('noc@watchfloor.test');
    const admin = await world.as('admin@watchfloor.test');
    const outcomes = await Promise.all(
      [noc, admin, noc].map((ctx) => settle(completeNocAction(ctx, { taskId, result: 'VLAN 210 shut' }))),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const completions = (await eventsOf(db, incidentId)).filter((e) => e.type === 'noc_action.completed');
    expect(completions).toHaveLength(1);
  });

  it('refuses what the rules forbid, with the right codes', async () => {
    const { outage, handoffId } = await requested();
    const noc = await world.as('noc@watchfloor.test');
    const customer = await world.as('customer@acme.test');
    // One open handoff per outage.
    await expectServiceError(
      requestHandoff(noc, handoffRequest(outage.id, world.clock.now())),
      'PRECONDITION_FAILED',
      'REQUEST_HANDOFF',
    );
    await expectServiceError(acceptHandoff(noc, { handoffId, into: 'new' }), 'FORBIDDEN');
    await expectServiceError(acceptHandoff(customer, { handoffId, into: 'new' }), 'NOT_FOUND');
    await expectServiceError(listHandoffs(customer, {}), 'FORBIDDEN');
    const soc = await world.as('soc@watchfloor.test');
    await expectServiceError(requestHandoff(soc, handoffRequest(outage.id, world.clock.now())), 'FORBIDDEN');
    // A symptom start in the future is a typo, reported on its field.
    const fresh = await investigatingOutage();
    const future = new Date(world.clock.now().getTime() + 60 * MINUTE);
    const error = await expectServiceError(
      requestHandoff(noc, handoffRequest(fresh.id, world.clock.now(), { symptomStartAt: future })),
      'BAD_REQUEST',
    );
    expect(error.fieldErrors?.symptomStartAt).toBeDefined();
    const bad = await expectServiceError(
      requestHandoff(
        noc,
        handoffRequest(fresh.id, world.clock.now(), { observables: [{ type: 'ipv4', value: '999.1.1.1' }] }),
      ),
      'BAD_REQUEST',
    );
    expect(bad.fieldErrors?.['observables.0.value']).toBeDefined();
    // A NOC action needs an outage handed off to the asking incident.
    const accepted = await acceptHandoff(soc, { handoffId, into: 'new' });
    await expectServiceError(
      requestNocAction(soc, {
        incidentId: accepted.incidentId,
        outageId: fresh.id,
        action: 'collect_logs',
        details: 'Firewall logs 09:00–10:00',
      }),
      'PRECONDITION_FAILED',
      'not handed off',
    );
    await expectServiceError(
      requestNocAction(noc, {
        incidentId: accepted.incidentId,
        outageId: outage.id,
        action: 'collect_logs',
        details: 'Firewall logs',
      }),
      'FORBIDDEN',
    );
  });
});
