import { randomUUID } from 'node:crypto';
import { webhookEndpoints } from '../../../db/schema';
import { newWebhookSecret } from '../../../lib/webhooks/standard-webhooks';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { assertWebhookWrite } from './internal/authorize';
import { assertEventsAllowed, endpointView, type WebhookEndpointView } from './internal/endpoints';
import { sealSecret } from './internal/secret-box';
import { type CreateWebhookInput, createWebhookInput } from './schemas';

/**
 * webhooks.create (admins): a new endpoint of an organisation with a fresh Standard Webhooks secret,
 * answered this once (reveal and rotate are the other ways to read it). Audited without the secret.
 */
export async function createWebhook(
  ctx: ServiceContext,
  rawInput: CreateWebhookInput,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  assertWebhookWrite(ctx.actor);
  const input = parseInput(createWebhookInput, rawInput);
  const now = ctx.now();
  const id = randomUUID();
  const secret = newWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    await assertEventsAllowed(tx, input.organisationId, input.eventTypes);
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        id,
        organisationId: input.organisationId,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        secretCiphertext: sealSecret(secret, id),
        createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, ctx.actor, now, [
      {
        type: 'webhook.created',
        subject: `webhook:${id}`,
        payload: { organisationId: input.organisationId, url: input.url, eventTypes: input.eventTypes },
      },
    ]);
    return { endpoint: endpointView(row!), secret };
  });
}
