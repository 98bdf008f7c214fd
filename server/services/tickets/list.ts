import { and, desc, eq, inArray, lt, notInArray, or, type SQL, sql } from 'drizzle-orm';
import { slaClocks, tickets } from '../../../db/schema';
import { DONE_STATUSES } from '../../../workflows/tickets/constants';
import { seesInternalFields, ticketVisibility } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { badRequest } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { isAcceptedInstant, isUuidText } from '../kernel/schema-parts';
import { clocksOfTickets } from '../sla/internal/clock-views';

// When the next SLA deadline of a ticket falls (a breached clock's due instant is past, so it sorts first).
const nextDue = sql`(select min(c.due_at) from ${slaClocks} c where c.ticket_id = ${tickets.id} and c.state in ('running', 'breached'))`;

import { affectedServicesOf, selectTicketRows, type TicketView, toTicketView } from './internal/view';
import { type ListTicketsInput, listTicketsInput } from './schemas';

export interface TicketPage {
  items: TicketView[];
  nextCursor: string | null;
}

// Keyset pagination on (created_at, id), newest first: stable under concurrent inserts and O(page).
function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  // Checked as strictly as any input: a crafted cursor must not reach the database as a bad uuid or date.
  if (!isUuidText(id) || !isAcceptedInstant(createdAt)) {
    throw badRequest('Invalid input', { cursor: ['Unknown cursor'] });
  }
  return { createdAt, id };
}

export async function listTickets(ctx: ServiceContext, rawInput: ListTicketsInput = {}): Promise<TicketPage> {
  const input = parseInput(listTicketsInput, rawInput);
  const conditions: (SQL | undefined)[] = [ticketVisibility(ctx.actor)];
  if (input.kind) conditions.push(eq(tickets.kind, input.kind));
  if (input.status?.length) conditions.push(inArray(tickets.status, input.status));
  if (input.openOnly) conditions.push(notInArray(tickets.status, [...DONE_STATUSES]));
  if (input.organisationId) conditions.push(eq(tickets.organisationId, input.organisationId));
  const byUrgency = input.sort === 'urgency';
  if (input.cursor && !byUrgency) {
    const { createdAt, id } = decodeCursor(input.cursor);
    conditions.push(
      or(lt(tickets.createdAt, createdAt), and(eq(tickets.createdAt, createdAt), lt(tickets.id, id))),
    );
  }
  const rows = await selectTicketRows(ctx.db)
    .where(and(...conditions))
    .orderBy(
      ...(byUrgency ? [sql`${nextDue} asc nulls last`] : []),
      desc(tickets.createdAt),
      desc(tickets.id),
    )
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const ids = page.map((r) => r.ticket.id);
  const [affected, clocks] = await Promise.all([
    affectedServicesOf(ctx.db, ids),
    clocksOfTickets(ctx.db, ids, ctx.now(), { includeOlas: seesInternalFields(ctx.actor) }),
  ]);
  const last = page[page.length - 1];
  return {
    items: page.map((row) =>
      toTicketView(row, affected.get(row.ticket.id) ?? [], ctx.actor, clocks.get(row.ticket.id)),
    ),
    // The urgency order changes as time passes, so it has no stable cursor: it is a queue's first page.
    nextCursor:
      !byUrgency && rows.length > input.limit && last
        ? encodeCursor(last.ticket.createdAt, last.ticket.id)
        : null,
  };
}
