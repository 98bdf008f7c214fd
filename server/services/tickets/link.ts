import { and, eq, or } from 'drizzle-orm';
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
    load: async (tx, source) => {
      const ref = input.target;
      const parsed = 'number' in ref ? parseTicketNumber(ref.number) : null;
      const where =
        'id' in ref
          ? eq(tickets.id, ref.id)
          : and(eq(tickets.kind, parsed!.kind), eq(tickets.number, parsed!.number));
      // NOWAIT: two people linking the same pair in opposite directions get CONFLICT, not a deadlock.
      const [target] = await tx.select().from(tickets).where(where).for('update', { noWait: true });
      if (!target || !(await canSeeTicket(tx, ctx.actor, target))) return { target: undefined };
      const existing = await tx
        .select({ from: ticketLinks.fromTicketId, type: ticketLinks.type })
        .from(ticketLinks)
        .where(
          or(
            and(eq(ticketLinks.fromTicketId, source.id), eq(ticketLinks.toTicketId, target.id)),
            and(eq(ticketLinks.fromTicketId, target.id), eq(ticketLinks.toTicketId, source.id)),
          ),
        );
      return { target, existing };
    },
    decide: (source, now, { loaded: { target, existing } }) => {
      if (!target) throw notFound('Linked ticket');
      if (target.id === source.id) throw new ServiceError('BAD_REQUEST', 'A ticket cannot link to itself');
      const already = existing.some(
        (link) =>
          link.type === input.type &&
          // "Relates to" has no direction: B relates_to A already says A relates_to B.
          (link.from === source.id || input.type === 'relates_to'),
      );
      if (already) return { events: [], result: { linked: false } };
      const sourceNumber = formatTicketNumber(source.kind, source.number);
      const targetNumber = formatTicketNumber(target.kind, target.number);
      return {
        events: [
          { type: 'link.added', payload: { direction: 'outgoing', type: input.type, ticket: targetNumber } },
        ],
        side: {
          link: {
            fromTicketId: source.id,
            toTicketId: target.id,
            type: input.type,
            createdAt: now,
            createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
          },
          // The other side's timeline, after the head read under its lock.
          target: {
            ticketId: target.id,
            head: { seq: target.eventSeq, hash: target.eventHash },
            version: target.version,
            events: [
              {
                type: 'link.added',
                payload: { direction: 'incoming', type: input.type, ticket: sourceNumber },
              },
            ],
          },
        },
        result: { linked: true },
      };
    },
    apply: async (tx, { side }, _source, now) => {
      await tx.insert(ticketLinks).values(side.link);
      const { ticketId, head, version, events } = side.target;
      await appendEvents(tx, ctx.actor, now, { ticketId, head }, events);
      await notifyTicketChanged(tx, ticketId, version);
      return {};
    },
  });
}
