import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { testEngines } from '../../../test/databases';
import { handoffRequest } from '../../../test/handoffs';
import { useDemoWorld } from '../../../test/suite';
import {
  drive,
  expectServiceError,
  incidentInput,
  outageInput,
  RESOLVE,
  userId,
} from '../../../test/tickets';
import { type DemoEmail, type DemoWorld, testClock } from '../../../test/world';
import { MINUTE_MS } from '../../../workflows/sla/constants';
import { PRIORITIES } from '../../../workflows/tickets/constants';
import { TICKET_SORTS } from '../../../workflows/tickets/queues';
import { acceptHandoff } from '../handoffs/accept';
import { requestHandoff } from '../handoffs/request';
import { sweepDueClocks } from '../sla/sweep-clocks';
import { assignTicket } from './assign';
import { countTickets } from './count';
import { createTicket } from './create';
import { listTickets } from './list';
import type { ListTicketsInput } from './schemas';

// The queues' list: filters, sorts and keyset pages, and need-to-know before all three.

type Created = { id: string; number: string };

/** Every page of a list, followed by cursor, as ids. */
async function everyPage(world: DemoWorld, email: DemoEmail, input: ListTicketsInput, limit: number) {
  const ctx = await world.as(email);
  const ids: string[] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listTickets>> = await listTickets(ctx, { ...input, limit, cursor });
    ids.push(...page.items.map((t) => t.id));
    cursor = page.nextCursor;
    if (cursor) cursors.push(cursor);
  } while (cursor);
  return { ids, cursors };
}

describe.each(testEngines())('tickets.list filters, sorts and pages on $engine', ({ open }) => {
  let world: DemoWorld;
  let db: Database;
  // Times: created from 09:00Z (P1 response due 09:15, P2 09:30); the test then sits at 09:20.
  const clock = testClock('2026-11-02T09:00:00.000Z');
  const t: Record<string, Created> = {};

  useDemoWorld({ open, clock, sla: true }, async (setup) => {
    ({ world, db } = setup);
    const noc = await world.as('noc@watchfloor.test');
    // A second apart, so that creation times order them.
    const create = (input: Parameters<typeof outageInput>[1]) => {
      clock.advance(1_000);
      return createTicket(noc, outageInput(world, input));
    };
    t.p1 = await create({ title: 'P1 core down', impact: 'high', urgency: 'high' });
    t.p2 = await create({ title: 'P2 degraded', impact: 'high', urgency: 'medium' });
    t.globex = await create({
      title: 'P4 globex cosmetic',
      organisationId: world.org('globex').id,
      serviceIds: [],
      impact: 'low',
      urgency: 'low',
    });
    t.held = await create({ title: 'On hold' });
    t.resolved = await create({ title: 'Resolved already' });
    t.acked = await create({ title: 'Acknowledged' });
    await assignTicket(noc, { id: t.p2.id, assigneeId: await userId(world, 'noc@watchfloor.test') });
    await drive(noc, t.held.id, [
      { type: 'ACK' },
      { type: 'INVESTIGATE' },
      { type: 'HOLD', reason: 'vendor' },
    ]);
    await drive(noc, t.resolved.id, [{ type: 'ACK' }, { type: 'INVESTIGATE' }, { type: 'FIX' }, RESOLVE]);
    await drive(noc, t.acked.id, [{ type: 'ACK' }]);
    clock.advance(20 * MINUTE_MS);
    await sweepDueClocks(db, clock.now()); // the P1's 15-minute response breaches
  });

  const mine = (ids: string[]) => ids.filter((id) => Object.values(t).some((c) => c.id === id));
  const listed = async (input: ListTicketsInput, email: DemoEmail = 'noc@watchfloor.test') =>
    mine((await listTickets(await world.as(email), { limit: 100, ...input })).items.map((i) => i.id));

  it('filters by priority, customer, service, status and assignee', async () => {
    expect(await listed({ priority: ['P1', 'P2'] })).toEqual(expect.arrayContaining([t.p1!.id, t.p2!.id]));
    expect(await listed({ priority: ['P4'] })).toEqual([t.globex!.id]);
    expect(await listed({ organisationId: world.org('globex').id })).toEqual([t.globex!.id]);
    expect(await listed({ serviceId: world.service('acme', 'website').id })).not.toContain(t.globex!.id);
    expect(await listed({ openOnly: true })).not.toContain(t.resolved!.id);
    expect(await listed({ status: ['resolved'] })).toEqual([t.resolved!.id]);
    expect(await listed({ assignee: 'me' })).toEqual([t.p2!.id]);
    expect(await listed({ assignee: await userId(world, 'noc@watchfloor.test') })).toEqual([t.p2!.id]);
    expect(await listed({ assignee: 'me' }, 'soc@watchfloor.test')).toEqual([]);
    expect(await listed({ assignee: 'none' })).not.toContain(t.p2!.id);
    // Whom a ticket is assigned to is internal: a customer's filter on it matches nothing.
    expect(await listed({ assignee: 'none' }, 'customer@acme.test')).toEqual([]);
  });

  it('filters by clock state and by the next deadline', async () => {
    const all = await listed({});
    expect(await listed({ clock: 'breached' })).toEqual([t.p1!.id]);
    expect(await listed({ clock: 'paused' })).toEqual([t.held!.id]);
    expect(await listed({ clock: 'met' })).toEqual(
      expect.arrayContaining([t.held!.id, t.acked!.id, t.resolved!.id]),
    );
    expect(await listed({ clock: 'running' })).not.toContain(t.resolved!.id);
    expect((await listed({ clock: 'running' })).length).toBeLessThan(all.length);
    // Breaching soon: the breached P1 (due in the past) and the P2's response, due at 09:30.
    expect((await listed({ dueWithinMinutes: 60 })).sort()).toEqual([t.p1!.id, t.p2!.id].sort());
    expect(await listed({ dueWithinMinutes: 0 })).toEqual([t.p1!.id]);
  });

  it('sorts by the next SLA deadline: breached first, tickets without a counting clock last', async () => {
    const order = await listed({ sort: 'urgency' });
    expect(order.slice(0, 2)).toEqual([t.p1!.id, t.p2!.id]);
    // On hold (its resolution clock paused) and resolved: nothing counts, so the older first.
    expect(order.slice(-2)).toEqual([t.held!.id, t.resolved!.id]);
    expect((await listed({ sort: 'priority' }))[0]).toBe(t.p1!.id);
    expect((await listed({ sort: 'newest' }))[0]).toBe(t.acked!.id);
    expect((await listed({ sort: 'oldest' }))[0]).toBe(t.p1!.id);
  });

  it.each(TICKET_SORTS)(
    'pages the %s order by cursor: every ticket once, as one long page has them',
    async (sort) => {
      for (const email of ['admin@watchfloor.test', 'noc@watchfloor.test', 'customer@acme.test'] as const) {
        const whole = (await listTickets(await world.as(email), { sort, limit: 100 })).items.map((i) => i.id);
        const { ids } = await everyPage(world, email, { sort }, 3);
        expect(ids, email).toEqual(whole);
      }
    },
  );

  it('refuses a cursor of another sort, or one crafted, with a field error', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { nextCursor } = await listTickets(noc, { sort: 'urgency', limit: 1 });
    const refused = await expectServiceError(
      listTickets(noc, { sort: 'newest', cursor: nextCursor }),
      'BAD_REQUEST',
    );
    expect(refused.fieldErrors).toEqual({ cursor: ['Unknown cursor'] });
    const forged = (values: unknown[]) =>
      Buffer.from(JSON.stringify({ sort: 'newest', values })).toString('base64url');
    for (const cursor of [
      forged(['2026-11-02T09:00:00.000000Z']),
      forged(['3026-11-02T09:00:00.000000Z', t.p1!.id]),
      forged(['yesterday', t.p1!.id]),
      forged(['2026-11-02T09:00:00.000000Z', 'not-a-uuid']),
      forged([null, t.p1!.id]), // the admin's created_at is never null
    ]) {
      await expectServiceError(
        listTickets(await world.as('admin@watchfloor.test'), { sort: 'newest', cursor }),
        'BAD_REQUEST',
      );
    }
  });
});

describe.each(testEngines())('tickets.list under need-to-know on $engine', ({ open }) => {
  let world: DemoWorld;
  const clock = testClock('2026-11-02T09:00:00.000Z');
  const t: Record<string, Created> = {};

  useDemoWorld({ open, clock, sla: true }, async (setup) => {
    ({ world } = setup);
    const noc = await world.as('noc@watchfloor.test');
    const soc = await world.as('soc@watchfloor.test');
    // A P2 outage at 09:00 (response due 09:30); at 09:10 a second one (due 09:40) with a handoff waiting
    // for the SOC: its acceptance OLA is due at 09:25, before either SLA.
    t.first = await createTicket(noc, outageInput(world, { title: 'First' }));
    clock.advance(10 * MINUTE_MS);
    t.handed = await createTicket(noc, outageInput(world, { title: 'Handed' }));
    await requestHandoff(noc, handoffRequest(t.handed.id, clock.now()));
    const source = await createTicket(noc, outageInput(world, { title: 'Taken over' }));
    const { handoffId } = await requestHandoff(noc, handoffRequest(source.id, clock.now()));
    // At 09:11 the SOC takes one over (the NOC's stub, newer than all its outages) and opens a critical
    // incident of its own (response due 09:26, the most urgent clock of all).
    clock.advance(MINUTE_MS);
    const { incidentId, incidentNumber } = await acceptHandoff(soc, { handoffId, into: 'new' });
    t.stub = { id: incidentId, number: incidentNumber };
    t.secret = await createTicket(
      soc,
      incidentInput(world, { title: 'Not handed off', severity: 'critical' }),
    );
  });

  const idsOf = async (email: DemoEmail, input: ListTicketsInput) =>
    (await listTickets(await world.as(email), { limit: 100, ...input })).items;

  it("sorts and pages a NOC engineer's stubs last, whatever their hidden times and clocks", async () => {
    const stubs = (await idsOf('noc@watchfloor.test', {}))
      .filter((i) => i.projection === 'stub')
      .map((i) => i.id);
    expect(stubs).toContain(t.stub!.id);
    for (const sort of TICKET_SORTS) {
      const { ids, cursors } = await everyPage(world, 'noc@watchfloor.test', { sort }, 1);
      expect(ids.slice(-stubs.length).sort(), sort).toEqual([...stubs].sort());
      expect(ids).not.toContain(t.secret!.id);
      // A cursor after a stub carries nothing of it but its id (which the stub shows).
      for (const cursor of cursors) {
        const { values } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
          values: unknown[];
        };
        if (stubs.includes(values.at(-1) as string))
          expect(
            values.slice(0, -1).every((v) => v === null),
            sort,
          ).toBe(true);
      }
    }
    // The SOC reads the incidents in full and sees them where their keys put them.
    const position = async (sort: ListTicketsInput['sort'], id: string) =>
      (await idsOf('soc@watchfloor.test', { sort })).findIndex((i) => i.id === id);
    expect(await position('urgency', t.secret!.id)).toBeLessThan(await position('urgency', t.first!.id));
    expect(await position('newest', t.stub!.id)).toBeLessThan(await position('newest', t.first!.id));
  });

  it('counts what the list shows: in total and per priority, a stub in no priority', async () => {
    const filters: ListTicketsInput[] = [{}, { kind: 'outage', openOnly: true }, { dueWithinMinutes: 60 }];
    for (const email of ['noc@watchfloor.test', 'soc@watchfloor.test', 'customer@acme.test'] as const) {
      for (const input of filters) {
        const items = await idsOf(email, input);
        const counts = await countTickets(await world.as(email), input);
        const what = `${email} ${JSON.stringify(input)}`;
        expect(counts.total, what).toBe(items.length);
        for (const priority of PRIORITIES) {
          const shown = items.filter((i) => i.projection !== 'stub' && i.priority === priority).length;
          expect(counts.byPriority[priority], `${what} ${priority}`).toBe(shown);
        }
      }
    }
    // The NOC's stub counts in its total but in no priority; the SOC sees the same ticket's priority.
    const noc = await countTickets(await world.as('noc@watchfloor.test'), { kind: 'security' });
    const stubs = await idsOf('noc@watchfloor.test', { kind: 'security' });
    expect(stubs.map((i) => i.id)).toContain(t.stub!.id);
    expect(stubs.every((i) => i.projection === 'stub')).toBe(true);
    expect(noc.total).toBe(stubs.length);
    expect(Object.values(noc.byPriority).reduce((a, b) => a + b, 0)).toBe(0);
    const soc = await countTickets(await world.as('soc@watchfloor.test'), { kind: 'security' });
    expect(Object.values(soc.byPriority).reduce((a, b) => a + b, 0)).toBe(soc.total);
  });

  it('never answers a filter on what a stub hides with the stub', async () => {
    const ids = async (email: DemoEmail, input: ListTicketsInput) =>
      (await idsOf(email, input)).map((i) => i.id);
    const hidden: ListTicketsInput[] = [
      { priority: ['P1', 'P2', 'P3', 'P4'] },
      { organisationId: world.org('acme').id },
      { clock: 'running' },
      { dueWithinMinutes: 60 * 24 * 7 },
    ];
    for (const input of hidden) {
      expect(await ids('noc@watchfloor.test', input), JSON.stringify(input)).not.toContain(t.stub!.id);
      expect(await ids('soc@watchfloor.test', input), JSON.stringify(input)).toContain(t.stub!.id);
    }
    expect(await ids('noc@watchfloor.test', { assignee: 'none' })).not.toContain(t.stub!.id);
    // What the stub shows (kind, status) still filters it in.
    expect(await ids('noc@watchfloor.test', { kind: 'security', status: ['investigating'] })).toContain(
      t.stub!.id,
    );
  });

  it("orders a customer's outages by their SLAs, not by the operator's internal OLAs", async () => {
    const order = async (email: DemoEmail) =>
      (await idsOf(email, { sort: 'urgency' }))
        .map((i) => i.id)
        .filter((id) => id === t.first!.id || id === t.handed!.id);
    expect(await order('noc@watchfloor.test')).toEqual([t.handed!.id, t.first!.id]);
    expect(await order('customer@acme.test')).toEqual([t.first!.id, t.handed!.id]);
    const overdue = async (email: DemoEmail) =>
      (await idsOf(email, { dueWithinMinutes: 0 })).map((i) => i.id);
    clock.advance(15 * MINUTE_MS); // 09:26: the OLA is past due, no SLA of the two outages is
    expect(await overdue('noc@watchfloor.test')).toContain(t.handed!.id);
    expect(await overdue('customer@acme.test')).not.toContain(t.handed!.id);
    expect(await overdue('customer@acme.test')).not.toContain(t.first!.id);
  });
});
