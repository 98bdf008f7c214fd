import { count, sql } from 'drizzle-orm';
import { tickets } from '../../../db/schema';
import { PRIORITIES, type Priority } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { listConditions, nextDueJoin } from './internal/list-filters';
import { type CountTicketsInput, countTicketsInput } from './schemas';

export interface TicketCounts {
  total: number;
  /** Among the tickets counted, those of each priority (a stub's hidden priority counts in none). */
  byPriority: Record<Priority, number>;
}

/**
 * tickets.count: how many tickets a list's filters match, in total and per priority, in one grouped read
 * under the list's own WHERE clause (so a count never tells more than the list would show). The wallboard's
 * tallies, exact however many tickets are open.
 */
export async function countTickets(
  ctx: ServiceContext,
  rawInput: CountTicketsInput = {},
): Promise<TicketCounts> {
  const input = parseInput(countTicketsInput, rawInput);
  const now = ctx.now();
  const due = nextDueJoin(ctx.actor);
  // Each priority's count is the list's own condition with that priority filter, so the rule that a
  // stub's priority is not the caller's to see holds here as it does in the list.
  const perPriority = Object.fromEntries(
    PRIORITIES.map((priority) => [
      priority,
      sql<number>`count(*) filter (where ${listConditions(ctx.actor, { ...input, priority: [priority] }, now)})`.mapWith(
        Number,
      ),
    ]),
  ) as Record<Priority, ReturnType<typeof sql<number>>>;
  const [row] = await ctx.db
    .select({ total: count(), ...perPriority })
    .from(tickets)
    .leftJoin(due.table, due.on)
    .where(listConditions(ctx.actor, input, now));
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, Number(row?.[p] ?? 0)])) as Record<
    Priority,
    number
  >;
  return { total: Number(row?.total ?? 0), byPriority };
}
