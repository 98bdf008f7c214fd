import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { queryRows } from '../../db/sql';

/**
 * When the oldest due SLA check and escalation level fell due, read just before a sweep claims them: one
 * probe of each partial next_check_at index (min over an index range). The sweeps claim in that same
 * order, so `now − this` is the lag of the oldest item the sweep then takes (unless another worker
 * holds it: then it is that worker's lag, which is the same backlog).
 */
export async function oldestDue(
  db: Database,
  now: Date,
): Promise<{ clocks: Date | null; escalations: Date | null }> {
  const [row] = await queryRows<{ clocks: string | Date | null; escalations: string | Date | null }>(
    db,
    sql`select (select min(next_check_at) from sla_clocks where next_check_at <= ${now}) as clocks,
               (select min(next_check_at) from ticket_escalations where next_check_at <= ${now}) as escalations`,
  );
  const asDate = (value: string | Date | null | undefined) => (value ? new Date(value) : null);
  return { clocks: asDate(row?.clocks), escalations: asDate(row?.escalations) };
}
