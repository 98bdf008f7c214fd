import { and, eq } from 'drizzle-orm';
import { tickets } from '../../../db/schema';
import { columnsOf } from '../../../db/sql';
import {
  formatTicketNumber,
  type Priority,
  parseTicketNumber,
  type TicketSource,
  type TicketStatus,
} from '../../../workflows/tickets/constants';
import { canSeeTicket } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { clocksOfTickets } from '../sla/internal/clock-views';
import { type PublicComment, publicCommentsOf } from './internal/public-comments';
import { ownServiceNames, type PublicClock, publicClock } from './internal/public-facts';
import { type PublicUpdate, publicUpdatesOf } from './internal/public-updates';
import { portalReader } from './internal/reader';
import { type PortalTicketInput, portalTicketInput } from './schemas';

/** What the portal shows of an outage: its public facts only, each named here. */
export interface PortalTicket {
  id: string;
  number: string;
  title: string;
  status: TicketStatus;
  priority: Priority;
  /** The affected services of the ticket's own organisation. */
  services: string[];
  /** How the ticket was opened: `portal` when the customer reported it. */
  source: TicketSource;
  createdAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** What resolved it, as support wrote it for the customer (the cause category stays internal). */
  resolutionSummary: string | null;
  /** The customer's SLAs (response, resolution); the operator's internal OLAs are not theirs. */
  clocks: PublicClock[];
  updates: PublicUpdate[];
  comments: PublicComment[];
}

/**
 * portal.ticket: an outage of the caller's own organisation as its customer may read it. Anything else
 * answers NOT_FOUND, exactly as a number that names no ticket: another organisation's outage, and every
 * security incident (customers learn of those only through a published notice). Staff may call it too and
 * get the same public view of any outage, so they see what the customer sees.
 */
export async function getPortalTicket(
  ctx: ServiceContext,
  rawInput: PortalTicketInput,
): Promise<PortalTicket> {
  const actor = portalReader(ctx.actor);
  const ref = parseInput(portalTicketInput, rawInput);
  const parsed = 'number' in ref ? parseTicketNumber(ref.number) : null;
  // A security number is never an answer here, whoever asks; the same NOT_FOUND as a missing ticket.
  if (parsed && parsed.kind !== 'outage') throw notFound('Ticket');
  const which = 'id' in ref ? eq(tickets.id, ref.id) : eq(tickets.number, parsed!.number);
  const [ticket] = await ctx.db
    .select(
      columnsOf(
        tickets,
        'id',
        'kind',
        'number',
        'organisationId',
        'title',
        'status',
        'priority',
        'source',
        'createdAt',
        'acknowledgedAt',
        'resolvedAt',
        'closedAt',
        'resolutionSummary',
      ),
    )
    .from(tickets)
    .where(and(eq(tickets.kind, 'outage'), which))
    .limit(1);
  if (!ticket || !(await canSeeTicket(ctx.db, actor, ticket))) throw notFound('Ticket');

  const [names, clocks, updates, comments] = await Promise.all([
    ownServiceNames(ctx.db, [ticket.id], ticket.organisationId),
    clocksOfTickets(ctx.db, [ticket.id], ctx.now(), { includeOlas: false }),
    publicUpdatesOf(ctx.db, ticket.id, ticket.organisationId),
    publicCommentsOf(ctx.db, ticket.id, ticket.organisationId),
  ]);
  return {
    id: ticket.id,
    number: formatTicketNumber(ticket.kind, ticket.number),
    title: ticket.title,
    status: ticket.status,
    priority: ticket.priority,
    services: names.get(ticket.id) ?? [],
    source: ticket.source,
    createdAt: ticket.createdAt,
    acknowledgedAt: ticket.acknowledgedAt,
    resolvedAt: ticket.resolvedAt,
    closedAt: ticket.closedAt,
    resolutionSummary: ticket.resolutionSummary,
    clocks: (clocks.get(ticket.id) ?? []).map(publicClock),
    updates,
    comments,
  };
}
