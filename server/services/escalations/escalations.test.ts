import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import {
  escalationPolicies,
  firedEffects,
  notifications,
  slaPolicies,
  ticketEscalations,
  ticketEvents,
  users,
} from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { incidentInput } from '../../../test/tickets';
import type { demoWorld } from '../../../test/world';
import type { EscalationLevel } from '../../../workflows/escalation';
import { verifyAuditChains } from '../audit/verify';
import { listNotifications } from '../notifications/list';
import { sweepDueClocks } from '../sla/sweep-clocks';
import { createTicket } from '../tickets/create';
import { getTicket } from '../tickets/get';
import { transitionTicket } from '../tickets/transition';
import { sweepDueEscalations } from './sweep';

const MINUTE = 60_000;

describe.each(testEngines())('escalation levels on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof demoWorld>>;
  useDemoWorld({ open, sla: true }, (setup) => ({ handle, world } = setup));

  const sweepAll = async () => {
    await sweepDueClocks(handle.db, world.clock.now());
    return sweepDueEscalations(handle.db, world.clock.now());
  };
  const notesFor = async (email: string, ticketId: string) => {
    const [user] = await handle.db.select().from(users).where(eq(users.email, email));
    return handle.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, user!.id), eq(notifications.ticketId, ticketId)));
  };
  // Other (demo) tickets escalate too: count this ticket's levels only.
  const levelsFired = async (ticketId: string) =>
    (await handle.db.select().from(firedEffects).where(eq(firedEffects.ticketId, ticketId)))
      .map((k) => k.key)
      .filter((k) => k.startsWith('escalation:'))
      .sort();
  const newP2 = async () =>
    createTicket(await world.as('noc@watchfloor.test'), {
      title: 'Mail relay queueing',
      organisationId: world.org('acme').id,
      impact: 'medium',
      urgency: 'high',
    });

  it('fires levels in order, once each, at their due instants, then stops', async () => {
    const { id } = await newP2(); // P2: response 30 min
    world.clock.advance(9 * MINUTE);
    await sweepAll();
    expect(await levelsFired(id)).toEqual([]);
    world.clock.advance(2 * MINUTE);
    await sweepAll(); // 10 min unacknowledged → the NOC is notified
    expect(await levelsFired(id)).toEqual(['escalation:0:0']);
    expect(await notesFor('noc@watchfloor.test', id)).toHaveLength(1);
    expect(await notesFor('manager@watchfloor.test', id)).toHaveLength(0);
    await sweepAll();
    expect(await notesFor('noc@watchfloor.test', id)).toHaveLength(1);

    world.clock.advance(30 * MINUTE); // response breached at 30 min → managers, priority raised
    await sweepAll();
    expect(await levelsFired(id)).toEqual(['escalation:0:0', 'escalation:1:0']);
    expect(await notesFor('manager@watchfloor.test', id)).toHaveLength(1);
    const ticket = await getTicket(await world.as('noc@watchfloor.test'), { id });
    expect(ticket.priority).toBe('P1');
    const keys = await handle.db.select().from(firedEffects).where(eq(firedEffects.ticketId, id));
    const level = (key: string) => keys.find((k) => k.key === key)!;
    expect(level('escalation:0:0').dueAt.getTime() - ticket.createdAt!.getTime()).toBe(10 * MINUTE);
    expect(level('escalation:1:0').dueAt.getTime() - ticket.createdAt!.getTime()).toBe(30 * MINUTE);
    const [progress] = await handle.db
      .select()
      .from(ticketEscalations)
      .where(eq(ticketEscalations.ticketId, id));
    expect(progress!.state).toBe('done');
    expect(progress!.nextCheckAt).toBeNull();
    expect((await verifyAuditChains(handle.db, { ticketId: id })).firstBreak).toBeNull();
  });

  it('stops on acknowledgement: nothing further fires', async () => {
    const { id } = await newP2();
    world.clock.advance(5 * MINUTE);
    await transitionTicket(await world.as('noc@watchfloor.test'), { id, event: { type: 'ACK' } });
    const [progress] = await handle.db
      .select()
      .from(ticketEscalations)
      .where(eq(ticketEscalations.ticketId, id));
    expect(progress!.state).toBe('stopped');
    world.clock.advance(120 * MINUTE);
    await sweepAll();
    expect(await notesFor('noc@watchfloor.test', id)).toHaveLength(0);
    const stopped = await handle.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.type, 'escalation.stopped')));
    expect(stopped).toHaveLength(1);
  });

  it('catches up after downtime: every overdue level fires once, recorded when it was due', async () => {
    const { id } = await newP2();
    world.clock.advance(24 * 60 * MINUTE);
    await sweepAll();
    await sweepAll();
    expect(await levelsFired(id)).toEqual(['escalation:0:0', 'escalation:1:0']);
    const keys = await handle.db.select().from(firedEffects).where(eq(firedEffects.ticketId, id));
    const created = (await getTicket(await world.as('noc@watchfloor.test'), { id })).createdAt!.getTime();
    expect(
      keys
        .filter((k) => k.key.startsWith('escalation:'))
        .map((k) => k.dueAt.getTime() - created)
        .sort((a, b) => a - b),
    ).toEqual([10 * MINUTE, 30 * MINUTE]);
  });

  it('fires each level once when several workers sweep at the same moment', async () => {
    const { id } = await newP2();
    world.clock.advance(45 * MINUTE);
    await sweepDueClocks(handle.db, world.clock.now());
    await Promise.all([1, 2, 3, 4].map(() => sweepDueEscalations(handle.db, world.clock.now())));
    expect(await levelsFired(id)).toEqual(['escalation:0:0', 'escalation:1:0']);
    expect(await notesFor('manager@watchfloor.test', id)).toHaveLength(1);
    const fired = await handle.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.type, 'escalation.fired')));
    expect(fired).toHaveLength(2);
    expect((await verifyAuditChains(handle.db, { ticketId: id })).firstBreak).toBeNull();
  });

  const firedEvents = async (ticketId: string) =>
    (
      await handle.db
        .select()
        .from(ticketEvents)
        .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, 'escalation.fired')))
    )
      .sort((a, b) => a.seq - b.seq)
      .map((e) => e.payload);
  const newIncident = async (title: string) =>
    // Left in triage: unacknowledged, so the demo policy's first level (team NOC, 10 min) comes due.
    createTicket(await world.as('soc@watchfloor.test'), incidentInput(world, { title }));

  it('keeps a security incident from the NOC: its level skips team NOC (recorded), managers hear of level 2', async () => {
    const title = 'Admin console brute force from one ASN';
    const { id, number } = await newIncident(title);
    world.clock.advance(11 * MINUTE);
    await sweepAll();
    expect(await levelsFired(id)).toEqual(['escalation:0:0']);
    expect(await notesFor('noc@watchfloor.test', id)).toHaveLength(0);
    expect(await firedEvents(id)).toEqual([
      expect.objectContaining({
        level: 0,
        notified: 0,
        skipped: [{ role: 'noc_engineer', reason: 'need_to_know' }],
      }),
    ]);
    world.clock.advance(20 * MINUTE); // response (30 min for a high-severity incident) breached
    await sweepAll();
    const [managerNote] = await notesFor('manager@watchfloor.test', id);
    expect(managerNote?.title).toBe(`${number} escalated (level 2): ${title}`);
    const noc = await world.as('noc@watchfloor.test');
    const listed = await listNotifications(noc, { limit: 200 });
    expect(listed.items.filter((n) => n.ticket === number || n.title.includes(title))).toEqual([]);
    expect((await verifyAuditChains(handle.db, { ticketId: id })).firstBreak).toBeNull();
  });

  it('reassigns to the first target who may hold the ticket, recording the ones it passed over', async () => {
    const noc = await world.actor('noc@watchfloor.test');
    const soc = await world.actor('soc@watchfloor.test');
    const level = (targets: EscalationLevel['targets']): EscalationLevel => ({
      trigger: { kind: 'unacknowledged', minutes: 10 },
      targets,
      actions: ['notify', 'reassign'],
    });
    const [policy] = await handle.db
      .insert(escalationPolicies)
      .values({
        name: 'Reassign probe',
        repeat: 0,
        levels: [
          level([
            { kind: 'user', id: noc.id },
            { kind: 'team', id: 'soc' },
          ]),
          level([{ kind: 'team', id: 'noc' }]),
        ],
        createdAt: world.clock.now(),
        updatedAt: world.clock.now(),
      })
      .returning({ id: escalationPolicies.id });
    const [acme] = await handle.db.select().from(slaPolicies).where(eq(slaPolicies.name, 'Acme standard'));
    await handle.db
      .update(slaPolicies)
      .set({ escalationPolicyId: policy!.id })
      .where(eq(slaPolicies.id, acme!.id));
    try {
      const incident = await newIncident('Token replay on the VPN portal');
      const outage = await newP2();
      world.clock.advance(11 * MINUTE);
      await sweepAll();
      const incidentView = await getTicket(await world.as('soc@watchfloor.test'), { id: incident.id });
      expect(incidentView.assignee?.id).toBe(soc.id);
      expect(await firedEvents(incident.id)).toEqual([
        expect.objectContaining({ notified: 1, skipped: [{ user: noc.id, reason: 'need_to_know' }] }),
        // Nobody in team NOC may hold it: it stays with the SOC analyst, and the skip is recorded.
        expect.objectContaining({ notified: 0, skipped: [{ role: 'noc_engineer', reason: 'need_to_know' }] }),
      ]);
      expect(await notesFor('noc@watchfloor.test', incident.id)).toHaveLength(0);
      // The same levels on an outage: the NOC engineer takes it first (a SOC analyst may not work it).
      const outageView = await getTicket(await world.as('noc@watchfloor.test'), { id: outage.id });
      expect(outageView.assignee?.id).toBe(noc.id);
      expect(await firedEvents(outage.id)).toEqual([
        expect.objectContaining({ notified: 2 }),
        expect.objectContaining({ notified: 1 }),
      ]);
      expect((await firedEvents(outage.id))[0]).not.toHaveProperty('skipped');
    } finally {
      await handle.db
        .update(slaPolicies)
        .set({ escalationPolicyId: acme!.escalationPolicyId })
        .where(eq(slaPolicies.id, acme!.id));
    }
  });
});
