import { and, eq } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import { alertCorrelations } from '../../../../db/schema';

/** Whether an alert on this ticket named an observable of this incident (alert_correlations_ticket_idx). */
export async function correlatedWith(db: Reader, ticketId: string, incidentId: string): Promise<boolean> {
  const [row] = await db
    .select({ key: alertCorrelations.alertKey })
    .from(alertCorrelations)
    .where(and(eq(alertCorrelations.ticketId, ticketId), eq(alertCorrelations.incidentId, incidentId)))
    .limit(1);
  return row !== undefined;
}
