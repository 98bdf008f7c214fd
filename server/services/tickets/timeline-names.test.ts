import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { outageInput, userId } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { appendEvents } from '../kernel/chain';
import { assignTicket } from './assign';
import { commentOnTicket } from './comment';
import { createTicket } from './create';
import { setTicketPriority } from './set-priority';
import { ticketTimeline } from './timeline';

describe.each(testEngines())('timeline names and priority changes on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  useDemoWorld({ open }, (setup) => ({ db, world } = setup));

  it('names people instead of their e-mail addresses, actors and assignees alike', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const manager = await world.as('manager@watchfloor.test');
    const { id } = await createTicket(noc, outageInput(world));
    await commentOnTicket(noc, { id, body: 'Looking into it' });
    await assignTicket(manager, { id, assigneeId: await userId(world, 'noc@watchfloor.test') });
    await assignTicket(manager, { id, assigneeId: await userId(world, 'admin@watchfloor.test') });
    const timeline = await ticketTimeline(manager, { id });
    expect(timeline.map((e) => [e.type, e.actor])).toEqual([
      ['ticket.created', 'Nico NOC'],
      ['comment.added', 'Nico NOC'],
      ['ticket.assigned', 'Morgan Manager'],
      ['ticket.assigned', 'Morgan Manager'],
    ]);
    expect(timeline[2]!.payload).toMatchObject({ fromName: null, toName: 'Nico NOC' });
    expect(timeline[3]!.payload).toMatchObject({ fromName: 'Nico NOC', toName: 'Ada Admin' });
    expect(JSON.stringify(timeline.map((e) => e.actor))).not.toContain('@');
    // Customers still read the operator's name, not a person's.
    const customer = await ticketTimeline(await world.as('customer@acme.test'), { id });
    expect(customer.map((e) => e.actor)).toEqual(['Support team']);
  });

  it('keeps events readable whose people are gone: the stored label and e-mail remain', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await createTicket(noc, outageInput(world));
    const gone = '7c0f5d2e-1111-4a4a-8b8b-000000000000';
    await db.transaction((tx) =>
      appendEvents(tx, { type: 'system', label: 'importer' }, world.clock.now(), id, [
        {
          type: 'ticket.assigned',
          payload: { from: 'not-a-uuid', to: gone, toEmail: 'left@watchfloor.test' },
        },
      ]),
    );
    const entry = (await ticketTimeline(noc, { id })).at(-1)!;
    expect(entry.actor).toBe('importer');
    expect(entry.payload).toEqual({
      from: 'not-a-uuid',
      to: gone,
      toEmail: 'left@watchfloor.test',
      fromName: null,
      toName: null,
    });
  });

  it('records the priority as it was, so the timeline shows old → new even when only urgency moved', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await createTicket(noc, outageInput(world, { impact: 'high', urgency: 'medium' }));
    await setTicketPriority(noc, { id, impact: 'high', urgency: 'high' });
    await setTicketPriority(noc, { id, impact: 'high', urgency: 'low' });
    const changes = (await ticketTimeline(noc, { id })).filter((e) => e.type === 'ticket.priority_changed');
    expect(changes.map((e) => e.payload)).toEqual([
      {
        matrix: 'P1',
        from: { priority: 'P2', impact: 'high', urgency: 'medium' },
        changes: { urgency: { from: 'medium', to: 'high' }, priority: { from: 'P2', to: 'P1' } },
      },
      {
        matrix: 'P3',
        from: { priority: 'P1', impact: 'high', urgency: 'high' },
        changes: { urgency: { from: 'high', to: 'low' }, priority: { from: 'P1', to: 'P3' } },
      },
    ]);
  });
});
