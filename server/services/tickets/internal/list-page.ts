import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../../db/client';
import { tickets } from '../../../../db/schema';
import type { Actor } from '../../kernel/context';
import type { ListTicketsInput } from '../schemas';
import { DUE_ALIAS, listConditions, NEXT_DUE, nextDueJoin } from './list-filters';
import type { ListOrder } from './list-order';
import { selectTicketRows } from './view';

type PageInput = Omit<ListTicketsInput, 'sort' | 'cursor' | 'limit'> & { limit: number };

/**
 * One page of a ticket list as full rows, in two steps in one statement. First the page's ids and next
 * deadlines, from narrow columns only (an index-only pass over tickets_open_idx and the counting clocks
 * for the open queues): visibility, the filters, the cursor, the sort and the limit all apply here, so
 * the thousands of rows that lose the sort are never read at full width. Then the full rows, their
 * organisation and assignee for the page alone (primary-key lookups), sorted again by the same keys.
 *
 * The page subquery takes the name of the deadline join (`list_due`, columns ticket_id and next_due), so
 * the order's keys (`NEXT_DUE`, the ticket's columns) and its cursor values read the same in both steps.
 * `limit` is the page size plus one: the extra row tells whether a next page exists.
 */
export function selectListPage(
  db: Executor,
  actor: Actor,
  input: PageInput,
  order: ListOrder,
  options: { now: Date; after?: SQL },
) {
  const due = nextDueJoin(actor);
  const page = db
    .select({
      ticketId: sql<string>`${tickets.id}`.as('ticket_id'),
      nextDue: sql<Date | null>`${NEXT_DUE}`.as('next_due'),
    })
    .from(tickets)
    .leftJoin(due.table, due.on)
    .where(and(listConditions(actor, input, options.now), options.after))
    .orderBy(...order.orderBy)
    .limit(input.limit)
    .as(DUE_ALIAS);
  return selectTicketRows(db, { sortValues: order.values })
    .innerJoin(page, eq(page.ticketId, tickets.id))
    .orderBy(...order.orderBy);
}
