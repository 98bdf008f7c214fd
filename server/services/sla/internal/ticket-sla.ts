import { eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../../db/client';
import { businessCalendars, slaClocks, ticketEscalations, tickets } from '../../../../db/schema';
import type { PersistedEscalation } from '../../../../workflows/escalation';
import type { PersistedClock } from '../../../../workflows/sla/clock';
import type { SlaMetric } from '../../../../workflows/sla/constants';
import type { calendarOf } from './clock-rows';

// What a lifecycle transition needs of a ticket's SLA: its own clocks (not the OLA clocks of handoffs or
// NOC actions) with their calendars, and its escalation (`loadTicketSla`; changeTicket's `prefetch` reads
// it once it holds the ticket's row lock). The clock and
// escalation rows need no lock of their own: every writer of them holds the ticket's row first (commands
// lock it; the sweep locks it too, SKIP LOCKED), so the ticket lock covers them.

export interface LoadedClock {
  id: string;
  metric: SlaMetric;
  machine: PersistedClock;
  calendar: Parameters<typeof calendarOf>[0];
}

export interface LoadedEscalation {
  machine: PersistedEscalation;
  state: string;
}

export interface TicketSla {
  clocks: LoadedClock[];
  escalation: LoadedEscalation | null;
}

/**
 * A json column: the SLA state of the row of `tickets` being selected (qualified by hand: a single-table
 * select leaves its columns unqualified).
 */
function ticketSlaColumn(): SQL<TicketSla> {
  const ticketId = sql`${tickets}."id"`;
  return sql<TicketSla>`json_build_object(
    'clocks', coalesce((
      select json_agg(json_build_object(
        'id', c.id, 'metric', c.metric, 'machine', c.machine,
        'calendar', case when b.id is null then null else json_build_object(
          'timeZone', b.time_zone, 'weekly', b.weekly, 'holidays', b.holidays, 'holidayPreset', b.holiday_preset)
        end) order by c.metric)
      from ${slaClocks} c left join ${businessCalendars} b on b.id = c.calendar_id
      where c.ticket_id = ${ticketId} and c.subject_key = ''), '[]'::json),
    'escalation', (
      select json_build_object('machine', e.machine, 'state', e.state)
      from ${ticketEscalations} e where e.ticket_id = ${ticketId}))`;
}

/**
 * Reads it in a named statement (parsed and planned once per connection). changeTicket sends it after the
 * statement that locks the ticket, so that it reads in a snapshot taken once the lock was granted.
 */
export async function loadTicketSla(db: Executor, ticketId: string): Promise<TicketSla> {
  const [row] = await db
    .select({ sla: ticketSlaColumn() })
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('id')))
    .prepare('ticket_sla')
    .execute({ id: ticketId });
  if (!row) throw new Error(`loadTicketSla: no ticket ${ticketId}`);
  return row.sla;
}
