import { eq } from 'drizzle-orm';
import { webhookEndpoints } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { assertWebhookWrite } from './internal/authorize';
import { lockEndpoint } from './internal/endpoints';
import { type WebhookRefInput, webhookRefInput } from './schemas';

/** webhooks.delete (admins): the endpoint and its outbox (undelivered messages are dropped). Audited. */
export async function deleteWebhook(ctx: ServiceContext, rawInput: WebhookRefInput): Promise<{ id: string }> {
  assertWebhookWrite(ctx.actor);
  const input = parseInput(webhookRefInput, rawInput);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, input.id);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, input.id));
    await recordAudit(tx, ctx.actor, now, [
      { type: 'webhook.deleted', subject: `webhook:${input.id}`, payload: { url: before.url } },
    ]);
    return { id: input.id };
  });
}
