import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { ticketLinks } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { outageInput } from '../../../test/tickets';
import type { demoWorld } from '../../../test/world';
import { commentOnTicket } from './comment';
import { createTicket } from './create';
import { linkTickets } from './link';
import { ticketTimeline } from './timeline';
import { transitionTicket } from './transition';

describe.each(testEngines())('customer timelines and undirected links on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof demoWorld>>;
  useDemoWorld({ open }, (setup) => ({ handle, world } = setup));

  it('numbers a customer timeline without the gaps that hidden events would leave', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await createTicket(noc, outageInput(world));
    await commentOnTicket(noc, { id, body: 'internal: vendor case 4411' });
    await transitionTicket(noc, { id, event: { type: 'ACK' } });
    await commentOnTicket(noc, { id, body: 'internal: still waiting' });
    await commentOnTicket(noc, { id, body: 'We are investigating.', visibility: 'public' });
    const staff = await ticketTimeline(noc, { id });
    const customer = await ticketTimeline(await world.as('customer@acme.test'), { id });
    expect(staff.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(customer.map((e) => [e.seq, e.type])).toEqual([
      [1, 'ticket.created'],
      [2, 'ticket.transitioned'],
      [3, 'comment.added'],
    ]);
  });

  it('stores "relates to" once, whichever side links first', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const a = await createTicket(noc, outageInput(world, { title: 'Side A' }));
    const b = await createTicket(noc, outageInput(world, { title: 'Side B' }));
    expect((await linkTickets(noc, { id: a.id, target: { id: b.id }, type: 'relates_to' })).linked).toBe(
      true,
    );
    expect((await linkTickets(noc, { id: b.id, target: { id: a.id }, type: 'relates_to' })).linked).toBe(
      false,
    );
    // Directed types are kept per direction: B caused A is not A caused B.
    expect((await linkTickets(noc, { id: b.id, target: { id: a.id }, type: 'caused_by' })).linked).toBe(true);
    const links = await handle.db.select().from(ticketLinks).where(eq(ticketLinks.type, 'relates_to'));
    expect(links.filter((l) => [a.id, b.id].includes(l.fromTicketId))).toHaveLength(1);
  });
});
