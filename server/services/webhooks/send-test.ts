import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { webhookDeliveries } from '../../../db/schema';
import { WEBHOOK_TEST_EVENT } from '../../../workflows/webhooks/constants';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertWebhookWrite } from './internal/authorize';
import { lockEndpoint } from './internal/endpoints';
import { type WebhookRefInput, webhookRefInput } from './schemas';
import { sweepWebhookDeliveries, type WebhookSender, webhookSenderFromEnv } from './sweep-deliveries';

export interface SendTestResult {
  deliveryId: string;
  messageId: string;
  /** The attempt made at once: delivered, or failed (then retried on the schedule like any message). */
  delivered: boolean;
  status: number | null;
  error: string | null;
}

/**
 * webhooks.sendTest (admins): enqueues a `webhook.test` message to the endpoint (whatever its filter) and
 * tries it at once, through the same outbox and signer as every message, so the button tells what a real
 * delivery would meet. A failed test is retried like any message.
 */
export async function sendTestWebhook(
  ctx: ServiceContext,
  rawInput: WebhookRefInput,
  options: { send?: WebhookSender } = {},
): Promise<SendTestResult> {
  assertWebhookWrite(ctx.actor);
  const input = parseInput(webhookRefInput, rawInput);
  const now = ctx.now();
  const messageId = `msg_${randomUUID().replaceAll('-', '')}`;
  const deliveryId = await ctx.db.transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, input.id);
    if (!endpoint.enabled)
      throw new ServiceError('PRECONDITION_FAILED', 'Enable the endpoint before sending a test');
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({
        endpointId: endpoint.id,
        messageId,
        eventType: WEBHOOK_TEST_EVENT,
        payload: {
          type: WEBHOOK_TEST_EVENT,
          timestamp: now.toISOString(),
          data: { endpoint: { id: endpoint.id }, message: 'A test message from Watchfloor' },
        },
        nextAttemptAt: now,
        createdAt: now,
      })
      .returning({ id: webhookDeliveries.id });
    await recordAudit(tx, ctx.actor, now, [
      { type: 'webhook.test_sent', subject: `webhook:${endpoint.id}`, payload: { messageId } },
    ]);
    return row!.id;
  });
  await sweepWebhookDeliveries(ctx.db, now, {
    send: options.send ?? webhookSenderFromEnv(),
    deliveryIds: [deliveryId],
  });
  const [row] = await ctx.db
    .select({
      status: webhookDeliveries.status,
      code: webhookDeliveries.lastResponseCode,
      error: webhookDeliveries.lastError,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, deliveryId));
  return {
    deliveryId,
    messageId,
    delivered: row?.status === 'delivered',
    status: row?.code ?? null,
    error: row?.error ?? null,
  };
}
