import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { afterCursor, decodeCursor, encodeCursor, listOrder } from './internal/list-order';
import { selectListPage } from './internal/list-page';
import type { TicketView } from './internal/view';
import { ticketViewsOf } from './internal/views-of';
import { type ListTicketsInput, listTicketsInput } from './schemas';

export interface TicketPage {
  items: TicketView[];
  nextCursor: string | null;
}

/**
 * tickets.list: the queues, the ticket list and the portal. Visibility and every filter are in the WHERE
 * clause, before the sort and the page (internal/list-filters.ts); every sort pages by keyset cursor
 * (internal/list-order.ts); the page's ids are chosen from narrow columns before its full rows are read
 * (internal/list-page.ts).
 */
export async function listTickets(ctx: ServiceContext, rawInput: ListTicketsInput = {}): Promise<TicketPage> {
  const input = parseInput(listTicketsInput, rawInput);
  const order = listOrder(ctx.actor, input.sort);
  const after = input.cursor
    ? afterCursor(order.keys, decodeCursor(order, input.sort, input.cursor))
    : undefined;
  const rows = await selectListPage(ctx.db, ctx.actor, { ...input, limit: input.limit + 1 }, order, {
    now: ctx.now(),
    after,
  });
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: await ticketViewsOf(ctx, page),
    nextCursor: rows.length > input.limit && last ? encodeCursor(input.sort, last.sortValues) : null,
  };
}
