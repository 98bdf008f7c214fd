import { and, eq, inArray, isNull, notInArray, type SQL, sql } from 'drizzle-orm';
import { slaClocks, ticketServices, tickets } from '../../../../db/schema';
import { CUSTOMER_METRICS } from '../../../../workflows/sla/constants';
import { DONE_STATUSES } from '../../../../workflows/tickets/constants';
import { CLOCK_FILTER_STATES } from '../../../../workflows/tickets/queues';
import { seesInternalFields, ticketDetailVisibility, ticketVisibility } from '../../kernel/access';
import type { Actor } from '../../kernel/context';
import type { ListTicketsInput } from '../schemas';

type Filters = Omit<ListTicketsInput, 'sort' | 'limit' | 'cursor'>;

/** The clocks of the current ticket row that the actor may see: customers see their SLAs, not our OLAs. */
function visibleClockOf(actor: Actor): SQL {
  const own = sql`c.ticket_id = ${tickets.id}`;
  if (seesInternalFields(actor)) return own;
  const metrics = sql.join(
    CUSTOMER_METRICS.map((m) => sql`${m}`),
    sql`, `,
  );
  return sql`${own} and c.metric in (${metrics})`;
}

/**
 * When the ticket's next deadline falls, over the clocks the actor may see: the earliest due instant of a
 * counting clock (a breached clock's is its breach, in the past, so it comes first); null when none counts.
 * Absolute instants, so the order it gives does not change as time passes, only as clocks do.
 */
export function nextDueOf(actor: Actor): SQL {
  return sql`(select min(c.due_at) from ${slaClocks} c where ${visibleClockOf(actor)} and c.state in ('running', 'breached'))`;
}

/**
 * The WHERE clause of a ticket list: visibility first, then the filters. Filters on what a stub hides
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
      sql`exists (select 1 from ${slaClocks} c where ${visibleClockOf(actor)} and c.state in (${states}))`,
    );
  }
  if (input.dueWithinMinutes !== undefined) {
    const until = new Date(now.getTime() + input.dueWithinMinutes * 60_000).toISOString();
    detailed.push(sql`${nextDueOf(actor)} <= ${until}::timestamptz`);
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
