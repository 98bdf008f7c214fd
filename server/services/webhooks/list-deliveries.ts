import { desc, eq } from 'drizzle-orm';
import { type WebhookAttempt, webhookDeliveries, webhookEndpoints } from '../../../db/schema';
import type { WebhookDeliveryStatus } from '../../../workflows/webhooks/constants';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertWebhookRead } from './internal/authorize';
import { type ListDeliveriesInput, listDeliveriesInput } from './schemas';

export interface WebhookDeliveryView {
  id: string;
  messageId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastResponseCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  attemptLog: WebhookAttempt[];
}

/** webhooks.deliveries (admins, managers): an endpoint's delivery log, newest first, with each attempt. */
export async function listWebhookDeliveries(
  ctx: ServiceContext,
  rawInput: ListDeliveriesInput,
): Promise<WebhookDeliveryView[]> {
  assertWebhookRead(ctx.actor);
  const input = parseInput(listDeliveriesInput, rawInput);
  const [endpoint] = await ctx.db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, input.endpointId));
  if (!endpoint) throw notFound('Webhook endpoint');
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, input.endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(input.limit);
  return rows.map((r) => ({
    id: r.id,
    messageId: r.messageId,
    eventType: r.eventType,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' || r.status === 'failed' ? r.nextAttemptAt : null,
    lastResponseCode: r.lastResponseCode,
    lastError: r.lastError,
    createdAt: r.createdAt,
    deliveredAt: r.deliveredAt,
    attemptLog: r.attemptLog,
  }));
}
