import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { queryRows } from '../../../db/sql';
import { OUTAGE_STATUSES, SECURITY_STATUSES, type TicketKind } from '../../../workflows/tickets/constants';
import { metrics } from '../../observability/metrics';

/** The clock states counted as open (not yet met): a breached clock still runs until it is met late. */
export const OPEN_CLOCK_STATES = ['running', 'paused', 'breached'] as const;

const STATES_OF: Record<TicketKind, readonly string[]> = {
  outage: OUTAGE_STATUSES,
  security: SECURITY_STATUSES,
};

/**
 * Sets the gauges read from the database, at scrape time, with three aggregate queries (tickets grouped
 * on the (kind, status) index; clocks grouped by state; breached clocks counted). Every known kind ×
 * state and clock state is set, to 0 when absent, so a series never just disappears. The queries run
 * first and the gauges are set after, without an await between, so concurrent scrapes cannot interleave.
 */
export async function refreshDatabaseGauges(db: Database): Promise<void> {
  const [tickets, clocks, breaches] = await Promise.all([
    queryRows<{ kind: string; status: string; n: number | string }>(
      db,
      sql`select kind, status, count(*) as n from tickets group by kind, status`,
    ),
    queryRows<{ state: string; n: number | string }>(
      db,
      sql`select state, count(*) as n from sla_clocks where state in ('running', 'paused', 'breached') group by state`,
    ),
    queryRows<{ n: number | string }>(
      db,
      sql`select count(*) as n from sla_clocks where breached_at is not null`,
    ),
  ]);
  const m = metrics();
  m.tickets.reset();
  for (const [kind, states] of Object.entries(STATES_OF))
    for (const state of states) m.tickets.labels(kind, state).set(0);
  for (const row of tickets) m.tickets.labels(row.kind, row.status).set(Number(row.n));
  m.clocks.reset();
  for (const state of OPEN_CLOCK_STATES) m.clocks.labels(state).set(0);
  for (const row of clocks) m.clocks.labels(row.state).set(Number(row.n));
  m.breaches.reset();
  m.breaches.inc(Number(breaches[0]?.n ?? 0));
}
