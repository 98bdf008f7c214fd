import { and } from 'drizzle-orm';
import { seesInternalFields } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { clocksOfTickets } from '../sla/internal/clock-views';
import { listConditions } from './internal/list-filters';
import { afterCursor, decodeCursor, encodeCursor, listOrder } from './internal/list-order';
import { affectedServicesOf, selectTicketRows, type TicketView, toTicketView } from './internal/view';
import { type ListTicketsInput, listTicketsInput } from './schemas';

export interface TicketPage {
  items: TicketView[];
  nextCursor: string | null;
}

/**
 * tickets.list: the queues, the ticket list and the portal. Visibility and every filter are in the WHERE
 * clause, before the sort and the page (internal/list-filters.ts); every sort pages by keyset cursor
 * (internal/list-order.ts).
 */
export async function listTickets(ctx: ServiceContext, rawInput: ListTicketsInput = {}): Promise<TicketPage> {
  const input = parseInput(listTicketsInput, rawInput);
  const order = listOrder(ctx.actor, input.sort);
  const after = input.cursor
    ? afterCursor(order.keys, decodeCursor(order, input.sort, input.cursor))
    : undefined;
  const rows = await selectTicketRows(ctx.db, { sortValues: order.values })
    .where(and(listConditions(ctx.actor, input, ctx.now()), after))
    .orderBy(...order.orderBy)
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
    nextCursor: rows.length > input.limit && last ? encodeCursor(input.sort, last.sortValues) : null,
  };
}
