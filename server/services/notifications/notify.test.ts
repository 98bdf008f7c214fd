import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { notifications, type Ticket, tickets, users } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { handoffRequest } from '../../../test/handoffs';
import { useDemoWorld } from '../../../test/suite';
import { incidentInput, outageInput } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { ROLES } from '../../../workflows/tickets/constants';
import { acceptHandoff } from '../handoffs/accept';
import { requestHandoff } from '../handoffs/request';
import { canSeeTicket, projectionFor } from '../kernel/access';
import type { UserActor } from '../kernel/context';
import { createTicket } from '../tickets/create';
import { type NotificationAudience, notifyAboutTicket, notifyAboutTickets } from './internal/notify';
import { listNotifications } from './list';

describe.each(testEngines())('the notification writer on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  let people: UserActor[];
  const subjects: Record<'outage' | 'incident' | 'handed-off incident', Ticket> = {} as never;
  let keys = 0;
  const key = () => `test:${keys++}`;

  useDemoWorld({ open }, async (setup) => {
    ({ handle, world } = setup);
    const noc = await world.as('noc@watchfloor.test');
    const soc = await world.as('soc@watchfloor.test');
    const outage = await createTicket(noc, outageInput(world));
    const incident = await createTicket(soc, incidentInput(world));
    const handedOff = await createTicket(noc, outageInput(world, { title: 'Odd SSH logins on edge' }));
    const { handoffId } = await requestHandoff(noc, handoffRequest(handedOff.id, world.clock.now()));
    const { incidentId } = await acceptHandoff(soc, { handoffId, into: 'new' });
    const row = async (id: string) => (await handle.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
    subjects.outage = await row(outage.id);
    subjects.incident = await row(incident.id);
    subjects['handed-off incident'] = await row(incidentId);
    people = (await handle.db.select().from(users).where(eq(users.active, true))).map((u) => ({
      type: 'user',
      id: u.id,
      email: u.email,
      role: u.role,
      organisationId: u.organisationId,
    }));
  });

  /** Who a read of the ticket shows enough to: tickets.get's own rule, per person. */
  async function readers(ticket: Ticket, audience: NotificationAudience): Promise<string[]> {
    const ids: string[] = [];
    for (const person of people) {
      if (!(await canSeeTicket(handle.db, person, ticket))) continue;
      const projection = projectionFor(person, ticket);
      if (projection === 'full' || (audience === 'public' && projection === 'public')) ids.push(person.id);
    }
    return ids.sort();
  }

  const subjectNames = Object.keys({
    outage: 0,
    incident: 0,
    'handed-off incident': 0,
  }) as (keyof typeof subjects)[];
  const cases = subjectNames.flatMap((subject) =>
    (['internal', 'public'] as const).map((audience) => ({ subject, audience })),
  );

  it.each(cases)(
    'notifies about the $subject ($audience note) exactly those a read shows it to, named or by role',
    async ({ subject, audience }) => {
      const ticket = subjects[subject];
      const expected = await readers(ticket, audience);
      expect(expected.length).toBeGreaterThan(0);
      for (const to of [{ users: people.map((p) => p.id) }, { roles: ROLES }]) {
        const dedupKey = key();
        const outcome = await notifyAboutTicket(
          handle.db,
          { ticket, to, dedupKey, kind: 'test', title: `${ticket.title} (${dedupKey})`, audience },
          world.clock.now(),
        );
        expect([...outcome.notified].sort()).toEqual(expected);
        const rows = await handle.db
          .select({ userId: notifications.userId })
          .from(notifications)
          .where(eq(notifications.dedupKey, dedupKey));
        expect(rows.map((r) => r.userId).sort()).toEqual(expected);
        const skipped = outcome.skipped.map((s) => ('user' in s ? s.user : s.role));
        if ('users' in to)
          expect(skipped.sort()).toEqual(
            people
              .map((p) => p.id)
              .filter((id) => !expected.includes(id))
              .sort(),
          );
        else expect(outcome.skipped.every((s) => s.reason === 'need_to_know')).toBe(true);
      }
    },
  );

  it('a NOC engineer whose read is a stub gets nothing, and the skip names the role, not the content', async () => {
    const ticket = subjects['handed-off incident'];
    const outcome = await notifyAboutTicket(
      handle.db,
      {
        ticket,
        to: { roles: ['noc_engineer', 'soc_analyst'] },
        dedupKey: key(),
        kind: 'test',
        title: ticket.title,
      },
      world.clock.now(),
    );
    const soc = await world.actor('soc@watchfloor.test');
    expect(outcome).toEqual({
      notified: [soc.id],
      skipped: [{ role: 'noc_engineer', reason: 'need_to_know' }],
    });
  });

  it('never notifies an inactive or unknown user, and says why', async () => {
    const [inactive] = await handle.db
      .insert(users)
      .values({
        email: 'former.soc@watchfloor.test',
        name: 'Former SOC',
        role: 'soc_analyst',
        organisationId: world.org('watchfloor').id,
        active: false,
      })
      .returning({ id: users.id });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const soc = await world.actor('soc@watchfloor.test');
    const dedupKey = key();
    const outcome = await notifyAboutTicket(
      handle.db,
      {
        ticket: subjects.incident,
        to: { users: [inactive!.id, unknown, 'not-a-uuid', null, soc.id], roles: ['soc_analyst'] },
        dedupKey,
        kind: 'test',
        title: 'x',
      },
      world.clock.now(),
    );
    expect(outcome.notified).toEqual([soc.id]);
    expect(outcome.skipped).toEqual([
      { user: inactive!.id, reason: 'inactive' },
      { user: unknown, reason: 'unknown_user' },
      { user: 'not-a-uuid', reason: 'unknown_user' },
    ]);
    const rows = await handle.db.select().from(notifications).where(eq(notifications.dedupKey, dedupKey));
    expect(rows.map((r) => r.userId)).toEqual([soc.id]);
  });

  it('writes a note once per user and key: a retry writes nothing and reports the same people', async () => {
    const note = {
      ticket: subjects.outage,
      to: { roles: ['noc_engineer' as const] },
      dedupKey: key(),
      kind: 'test',
      title: 'Once',
    };
    const first = await notifyAboutTicket(handle.db, note, world.clock.now());
    world.clock.advance(60_000);
    const again = await notifyAboutTicket(handle.db, note, world.clock.now());
    expect(again).toEqual(first);
    const noc = await world.actor('noc@watchfloor.test');
    const rows = await handle.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.dedupKey, note.dedupKey), eq(notifications.userId, noc.id)));
    expect(rows).toHaveLength(1);
  });

  it('judges a batch in one call, each note against its own ticket, answering in order', async () => {
    const noc = await world.actor('noc@watchfloor.test');
    const to = { users: [noc.id] };
    const outcomes = await notifyAboutTickets(
      handle.db,
      [
        { ticket: subjects.incident, to, dedupKey: key(), kind: 'test', title: 'a' },
        { ticket: subjects.outage, to, dedupKey: key(), kind: 'test', title: 'b' },
        { ticket: subjects['handed-off incident'], to, dedupKey: key(), kind: 'test', title: 'c' },
      ],
      world.clock.now(),
    );
    expect(outcomes).toEqual([
      { notified: [], skipped: [{ user: noc.id, reason: 'need_to_know' }] },
      { notified: [noc.id], skipped: [] },
      { notified: [], skipped: [{ user: noc.id, reason: 'need_to_know' }] },
    ]);
    expect(await notifyAboutTickets(handle.db, [], world.clock.now())).toEqual([]);
  });

  it('lists only notes about tickets the reader may still read: a row from before the rule stays hidden', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const before = await listNotifications(noc, { limit: 200 });
    // Written straight into the table, as the escalation sweep did before this rule existed.
    for (const ticket of [subjects.incident, subjects['handed-off incident']])
      await handle.db.insert(notifications).values({
        userId: noc.actor.type === 'user' ? noc.actor.id : '',
        ticketId: ticket.id,
        dedupKey: key(),
        kind: 'escalation',
        title: `escalated (level 1): ${ticket.title}`,
        createdAt: world.clock.now(),
      });
    const after = await listNotifications(noc, { limit: 200 });
    expect(after).toEqual(before);
    const soc = await world.as('soc@watchfloor.test');
    const dedupKey = key();
    await notifyAboutTicket(
      handle.db,
      {
        ticket: subjects.incident,
        to: { roles: ['soc_analyst'] },
        dedupKey,
        kind: 'test',
        title: 'For the SOC',
      },
      world.clock.now(),
    );
    expect((await listNotifications(soc, { limit: 200 })).items.map((n) => n.title)).toContain('For the SOC');
  });
});
