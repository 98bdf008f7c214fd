import { and, asc, eq, or } from 'drizzle-orm';
import { ticketLinks, tickets } from '../../../db/schema';
import {
  formatTicketNumber,
  type TicketKind,
  type TicketLinkType,
  type TicketStatus,
} from '../../../workflows/tickets/constants';
import { projectionFor, ticketVisibility } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { readVisibleTicket } from './internal/read-one';
import { recordRestrictedRead } from './internal/record-read';
import { type TicketIdInput, ticketIdInput } from './schemas';

export interface TicketLinkView {
  type: TicketLinkType;
  /** `outgoing`: this ticket → the other (this one duplicates / is caused by it); `incoming`: the reverse. */
  direction: 'outgoing' | 'incoming';
  ticket: {
    id: string;
    kind: TicketKind;
    number: string;
    /** A stub's title is its public summary, as tickets.get shows it. */
    title: string;
    status: TicketStatus;
    projection: 'full' | 'stub';
  };
}

/**
 * tickets.links: the ticket's links, each with the other ticket as the reader would see it on its own
 * page. Need-to-know applies to both ends: the ticket itself as a read (NOT_FOUND when hidden; a stub's
 * links stay with the SOC), and each linked ticket through the same visibility filter as a list, so an
 * incident the reader may not see is not listed, and one seen as a stub shows the stub's title. Customers
 * get none: links are internal, like the link events their timeline leaves out.
 */
export async function listTicketLinks(
  ctx: ServiceContext,
  rawInput: TicketIdInput,
): Promise<TicketLinkView[]> {
  const input = parseInput(ticketIdInput, rawInput);
  const ticket = await readVisibleTicket(ctx, input.id);
  const projection = projectionFor(ctx.actor, ticket);
  if (projection !== 'full') return [];
  await recordRestrictedRead(ctx, ticket, 'links', projection);
  const rows = await ctx.db
    .select({
      type: ticketLinks.type,
      fromTicketId: ticketLinks.fromTicketId,
      other: {
        id: tickets.id,
        kind: tickets.kind,
        number: tickets.number,
        title: tickets.title,
        status: tickets.status,
        publicSummary: tickets.publicSummary,
      },
    })
    .from(ticketLinks)
    .innerJoin(
      tickets,
      or(
        and(eq(ticketLinks.fromTicketId, ticket.id), eq(tickets.id, ticketLinks.toTicketId)),
        and(eq(ticketLinks.toTicketId, ticket.id), eq(tickets.id, ticketLinks.fromTicketId)),
      ),
    )
    .where(ticketVisibility(ctx.actor))
    .orderBy(asc(ticketLinks.createdAt), asc(tickets.kind), asc(tickets.number), asc(ticketLinks.type));
  return rows.map(({ type, fromTicketId, other }) => {
    const number = formatTicketNumber(other.kind, other.number);
    const stub = projectionFor(ctx.actor, other) === 'stub';
    return {
      type,
      direction: fromTicketId === ticket.id ? 'outgoing' : 'incoming',
      ticket: {
        id: other.id,
        kind: other.kind,
        number,
        title: stub ? (other.publicSummary ?? `Security incident ${number}`) : other.title,
        status: other.status,
        projection: stub ? 'stub' : 'full',
      },
    };
  });
}
