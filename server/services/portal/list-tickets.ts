import { and, desc, eq, ilike, inArray, notInArray, or, type SQL, sql } from 'drizzle-orm';
import { ticketServices, tickets } from '../../../db/schema';
import { columnsOf } from '../../../db/sql';
import {
  DONE_STATUSES,
  formatTicketNumber,
  MAX_TICKET_NUMBER,
  type Priority,
  type TicketStatus,
} from '../../../workflows/tickets/constants';
import { ticketVisibility } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { clocksOfTickets } from '../sla/internal/clock-views';
import { latestSupportComments } from './internal/public-comments';
import { excerpt, ownServiceNames, type PublicClock, publicClock } from './internal/public-facts';
import { latestUpdates } from './internal/public-updates';
import { portalReader } from './internal/reader';
import { type ListPortalTicketsInput, listPortalTicketsInput } from './schemas';

/** The latest thing support told the customer about a ticket: a published update or a public comment. */
export interface LastPublicUpdate {
  kind: 'status_update' | 'comment';
  /** The update's title and stage ("Investigating"), or null for a comment. */
  title: string | null;
  status: string | null;
  excerpt: string;
  at: Date;
}

export interface PortalTicketRow {
  number: string;
  title: string;
  status: TicketStatus;
  priority: Priority;
  services: string[];
  createdAt: Date;
  resolvedAt: Date | null;
  clocks: PublicClock[];
  lastUpdate: LastPublicUpdate | null;
}

export interface PortalTicketPage {
  items: PortalTicketRow[];
  /** More tickets match than were listed: narrow the filters to find older ones. */
  truncated: boolean;
}

const done = sql.join(
  DONE_STATUSES.map((s) => sql`${s}`),
  sql`, `,
);
/** Open tickets first, then the newest. */
const ORDER = [
  sql`case when ${tickets.status} in (${done}) then 1 else 0 end`,
  desc(tickets.createdAt),
  desc(tickets.number),
];

/** `OUT-1042` or `1042`: a ticket number typed into the search box. */
const NUMBER_TEXT = /^(?:out-?)?(\d{1,10})$/i;

/** Title words (LIKE's wildcards typed by the user match themselves), or the ticket's number. */
function textCondition(text: string): SQL | undefined {
  const match = NUMBER_TEXT.exec(text);
  const number = match ? Number(match[1]) : null;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(
    ilike(tickets.title, pattern),
    number !== null && number <= MAX_TICKET_NUMBER ? eq(tickets.number, number) : undefined,
  );
}

/**
 * portal.tickets: the outages of the caller's own organisation with their public facts (status, priority,
 * the customer's SLA clocks, the last public update), filtered by state, affected service and text. Text
 * matches titles and numbers only: a description is internal, and a filter that matched it would tell
 * what it says. Staff get the same public view of their own organisation's outages.
 */
export async function listPortalTickets(
  ctx: ServiceContext,
  rawInput: ListPortalTicketsInput = {},
): Promise<PortalTicketPage> {
  const actor = portalReader(ctx.actor);
  const input = parseInput(listPortalTicketsInput, rawInput);
  const organisationId = actor.organisationId;
  const conditions: (SQL | undefined)[] = [
    ticketVisibility(actor),
    eq(tickets.kind, 'outage'),
    eq(tickets.organisationId, organisationId),
  ];
  if (input.status === 'open') conditions.push(notInArray(tickets.status, [...DONE_STATUSES]));
  if (input.status === 'resolved') conditions.push(inArray(tickets.status, [...DONE_STATUSES]));
  if (input.serviceId)
    conditions.push(
      sql`exists (select 1 from ${ticketServices} s where s.ticket_id = ${tickets.id} and s.service_id = ${input.serviceId})`,
    );
  if (input.text) conditions.push(textCondition(input.text));

  const rows = await ctx.db
    .select(
      columnsOf(tickets, 'id', 'kind', 'number', 'title', 'status', 'priority', 'createdAt', 'resolvedAt'),
    )
    .from(tickets)
    .where(and(...conditions))
    .orderBy(...ORDER)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const ids = page.map((r) => r.id);
  const [names, clocks, updates, comments] = await Promise.all([
    ownServiceNames(ctx.db, ids, organisationId),
    clocksOfTickets(ctx.db, ids, ctx.now(), { includeOlas: false }),
    latestUpdates(ctx.db, ids, organisationId),
    latestSupportComments(ctx.db, ids, organisationId),
  ]);
  return {
    items: page.map((t) => ({
      number: formatTicketNumber(t.kind, t.number),
      title: t.title,
      status: t.status,
      priority: t.priority,
      services: names.get(t.id) ?? [],
      createdAt: t.createdAt,
      resolvedAt: t.resolvedAt,
      clocks: (clocks.get(t.id) ?? []).map(publicClock),
      lastUpdate: lastOf(updates.get(t.id), comments.get(t.id)),
    })),
    truncated: rows.length > input.limit,
  };
}

function lastOf(
  update: { title: string; status: string; body: string; publishedAt: Date } | undefined,
  comment: { at: Date; body: string } | undefined,
): LastPublicUpdate | null {
  if (update && (!comment || update.publishedAt >= comment.at))
    return {
      kind: 'status_update',
      title: update.title,
      status: update.status,
      excerpt: excerpt(update.body),
      at: update.publishedAt,
    };
  if (comment)
    return { kind: 'comment', title: null, status: null, excerpt: excerpt(comment.body), at: comment.at };
  return null;
}
