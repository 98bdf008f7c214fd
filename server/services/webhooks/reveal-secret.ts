import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { assertWebhookWrite } from './internal/authorize';
import { lockEndpoint } from './internal/endpoints';
import { openSecret } from './internal/secret-box';
import { type WebhookRefInput, webhookRefInput } from './schemas';

/**
 * webhooks.revealSecret (admins): the signing secret, on an explicit request. Every reveal is audited
 * (who read it, when), never with the secret.
 */
export async function revealWebhookSecret(
  ctx: ServiceContext,
  rawInput: WebhookRefInput,
): Promise<{ secret: string }> {
  assertWebhookWrite(ctx.actor);
  const input = parseInput(webhookRefInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const row = await lockEndpoint(tx, input.id);
    const secret = openSecret(row.secretCiphertext, row.id);
    await recordAudit(tx, ctx.actor, ctx.now(), [
      { type: 'webhook.secret_revealed', subject: `webhook:${row.id}` },
    ]);
    return { secret };
  });
}
