import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { webhookDeliveries, webhookEndpoints } from '../../../db/schema';

/**
 * When the next outbound webhook attempt is due (a retry 5 s away must not wait for the poll), or null.
 * Only enabled endpoints' messages: a disabled endpoint's overdue backlog must not keep the loop awake.
 */
export async function nextWebhookDue(db: Database): Promise<Date | null> {
  const [row] = await db
    .select({ at: webhookDeliveries.nextAttemptAt })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(inArray(webhookDeliveries.status, ['pending', 'failed']), eq(webhookEndpoints.enabled, true)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(1);
  return row?.at ?? null;
}
