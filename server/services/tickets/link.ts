import { and, eq } from 'drizzle-orm';
import { ticketLinks, tickets } from '../../../db/schema';
import { formatTicketNumber, parseTicketNumber } from '../../../workflows/tickets/constants';
import { canSeeTicket } from '../kernel/access';
import { appendEvents } from '../kernel/chain';
import type { ServiceContext } from '../kernel/context';
import { changeTicket, notifyTicketChanged } from '../kernel/engine';
import { notFound, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertMayWork } from './internal/permissions';
import { type LinkInput, linkInput } from './schemas';

/**
 * tickets.link: a typed link between two tickets the actor can see, recorded on both timelines. A
 * target the actor may not see answers NOT_FOUND, like one that does not exist.
 */
export async function linkTickets(ctx: ServiceContext, rawInput: LinkInput) {
  const input = parseInput(linkInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertMayWork(ctx.actor, ticket),
    apply: async (tx, source, now) => {
      const ref = input.target;
      const parsed = 'number' in ref ? parseTicketNumber(ref.number) : null;
      const where =
        'id' in ref
          ? eq(tickets.id, ref.id)
          : and(eq(tickets.kind, parsed!.kind), eq(tickets.number, parsed!.number));
      // NOWAIT: two people linking the same pair in opposite directions get CONFLICT, not a deadlock.
      const [target] = await tx.select().from(tickets).where(where).for('update', { noWait: true });
      if (!target || !(await canSeeTicket(tx, ctx.actor, target))) throw notFound('Linked ticket');
      if (target.id === source.id) throw new ServiceError('BAD_REQUEST', 'A ticket cannot link to itself');
      // "Relates to" has no direction: B relates_to A already says A relates_to B.
      if (input.type === 'relates_to') {
        const [reverse] = await tx
          .select({ type: ticketLinks.type })
          .from(ticketLinks)
          .where(
            and(
              eq(ticketLinks.fromTicketId, target.id),
              eq(ticketLinks.toTicketId, source.id),
              eq(ticketLinks.type, 'relates_to'),
            ),
          );
        if (reverse) return { events: [], result: { linked: false } };
      }
      const inserted = await tx
        .insert(ticketLinks)
        .values({
          fromTicketId: source.id,
          toTicketId: target.id,
          type: input.type,
          createdAt: now,
          createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
        })
        .onConflictDoNothing()
        .returning({ type: ticketLinks.type });
      if (inserted.length === 0) return { events: [], result: { linked: false } };
      const sourceNumber = formatTicketNumber(source.kind, source.number);
      const targetNumber = formatTicketNumber(target.kind, target.number);
      await appendEvents(tx, ctx.actor, now, target.id, [
        { type: 'link.added', payload: { direction: 'incoming', type: input.type, ticket: sourceNumber } },
      ]);
      await notifyTicketChanged(tx, target.id, target.version);
      return {
        events: [
          { type: 'link.added', payload: { direction: 'outgoing', type: input.type, ticket: targetNumber } },
        ],
        result: { linked: true },
      };
    },
  });
}
