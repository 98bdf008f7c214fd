import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { firedEffects, notifications, ticketEscalations, ticketEvents, users } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { demoWorld } from '../../../test/world';
import { verifyAuditChains } from '../audit/verify';
import { createTicket } from '../tickets/create';
import { getTicket } from '../tickets/get';
import { transitionTicket } from '../tickets/transition';
import { sweepDueClocks } from './sweep-clocks';
import { sweepDueEscalations } from './sweep-escalations';

const MINUTE = 60_000;

describe.each(testEngines())('escalation levels on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof demoWorld>>;
  beforeAll(async () => {
    handle = await open();
    world = await demoWorld(handle.db, undefined, { sla: true });
  });
  afterAll(() => handle.close());

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
});
