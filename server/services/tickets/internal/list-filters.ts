import { and, eq, inArray, isNull, notInArray, type SQL, sql } from 'drizzle-orm';
import { slaClocks, ticketServices, tickets } from '../../../../db/schema';
import { CUSTOMER_METRICS } from '../../../../workflows/sla/constants';
import { DONE_STATUSES } from '../../../../workflows/tickets/constants';
import { CLOCK_FILTER_STATES } from '../../../../workflows/tickets/queues';
import { seesInternalFields, ticketDetailVisibility, ticketVisibility } from '../../kernel/access';
import type { Actor } from '../../kernel/context';
import type { ListTicketsInput } from '../schemas';

type Filters = Omit<ListTicketsInput, 'sort' | 'limit' | 'cursor'>;

/** Customers see their SLAs, not the operator's internal OLAs: the clocks (alias `c`) an actor may see. */
function visibleMetrics(actor: Actor): SQL {
  if (seesInternalFields(actor)) return sql`true`;
  const metrics = sql.join(
    CUSTOMER_METRICS.map((m) => sql`${m}`),
    sql`, `,
  );
  return sql`c.metric in (${metrics})`;
}

/** The name of the deadline join (and of a list's page of ids, internal/list-page.ts, which carries it). */
export const DUE_ALIAS = 'list_due';

/**
 * When each ticket's next deadline falls, over the clocks the actor may see: the earliest due instant of
 * a counting clock (a breached clock's is its breach, in the past, so it comes first); null when none
 * counts. Absolute instants, so the order it gives changes only as clocks do, not as time passes. One
 * grouped pass over the counting clocks, joined by ticket (`nextDueJoin`), which is cheaper than a lookup
 * per ticket once a queue holds thousands; the sort, the cursor and the filters name it as `NEXT_DUE`.
 */
export function nextDueJoin(actor: Actor): { table: SQL; on: SQL } {
  return {
    table: sql`(select c.ticket_id, min(c.due_at) as next_due from ${slaClocks} c
      where c.state in ('running', 'breached') and ${visibleMetrics(actor)} group by c.ticket_id) as ${sql.identifier(DUE_ALIAS)}`,
    on: sql`${sql.identifier(DUE_ALIAS)}.ticket_id = ${tickets.id}`,
  };
}
export const NEXT_DUE = sql`${sql.identifier(DUE_ALIAS)}.next_due`;

/**
 * The WHERE clause of a ticket list (joined with `nextDueJoin`): visibility first, then the filters. Filters on what a stub hides
 * (customer, priority, services, assignee, clocks) match only tickets the actor sees beyond a stub, so a
 * filter's answer never tells what the stub keeps back; the assignee is internal, so a customer's filter
 * on it matches nothing.
 */
export function listConditions(actor: Actor, input: Filters, now: Date): SQL | undefined {
  const plain: (SQL | undefined)[] = [ticketVisibility(actor)];
  if (input.kind) plain.push(eq(tickets.kind, input.kind));
  if (input.status?.length) plain.push(inArray(tickets.status, input.status));
  if (input.openOnly) plain.push(notInArray(tickets.status, [...DONE_STATUSES]));

  const detailed: SQL[] = [];
  if (input.priority?.length) detailed.push(inArray(tickets.priority, input.priority));
  if (input.organisationId) detailed.push(eq(tickets.organisationId, input.organisationId));
  if (input.serviceId) {
    detailed.push(
      sql`exists (select 1 from ${ticketServices} s where s.ticket_id = ${tickets.id} and s.service_id = ${input.serviceId})`,
    );
  }
  if (input.assignee) detailed.push(assigneeCondition(actor, input.assignee));
  if (input.clock) {
    const states = sql.join(
      CLOCK_FILTER_STATES[input.clock].map((state) => sql`${state}`),
      sql`, `,
    );
    detailed.push(
      sql`exists (select 1 from ${slaClocks} c where c.ticket_id = ${tickets.id} and ${visibleMetrics(actor)} and c.state in (${states}))`,
    );
  }
  if (input.dueWithinMinutes !== undefined) {
    const until = new Date(now.getTime() + input.dueWithinMinutes * 60_000).toISOString();
    detailed.push(sql`${NEXT_DUE} <= ${until}::timestamptz`);
  }
  if (detailed.length > 0) plain.push(ticketDetailVisibility(actor), ...detailed);
  return and(...plain);
}

function assigneeCondition(actor: Actor, assignee: NonNullable<Filters['assignee']>): SQL {
  if (!seesInternalFields(actor)) return sql`false`;
  if (assignee === 'none') return isNull(tickets.assigneeId);
  if (assignee === 'me') return actor.type === 'user' ? eq(tickets.assigneeId, actor.id) : sql`false`;
  return eq(tickets.assigneeId, assignee);
}
