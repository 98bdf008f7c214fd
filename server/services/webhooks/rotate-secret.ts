import { eq } from 'drizzle-orm';
import { webhookEndpoints } from '../../../db/schema';
import { newWebhookSecret } from '../../../lib/webhooks/standard-webhooks';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { assertWebhookWrite } from './internal/authorize';
import { lockEndpoint } from './internal/endpoints';
import { sealSecret } from './internal/secret-box';
import { type WebhookRefInput, webhookRefInput } from './schemas';

/**
 * webhooks.rotateSecret (admins): a new secret, answered once; messages sent from now on are signed with
 * it (a retry of an older message too: the signature is made at each attempt).
 */
export async function rotateWebhookSecret(
  ctx: ServiceContext,
  rawInput: WebhookRefInput,
): Promise<{ secret: string }> {
  assertWebhookWrite(ctx.actor);
  const input = parseInput(webhookRefInput, rawInput);
  const now = ctx.now();
  const secret = newWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    const row = await lockEndpoint(tx, input.id);
    await tx
      .update(webhookEndpoints)
      .set({ secretCiphertext: sealSecret(secret, row.id), updatedAt: now })
      .where(eq(webhookEndpoints.id, row.id));
    await recordAudit(tx, ctx.actor, now, [{ type: 'webhook.secret_rotated', subject: `webhook:${row.id}` }]);
    return { secret };
  });
}
