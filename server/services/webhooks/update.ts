import { eq } from 'drizzle-orm';
import { webhookEndpoints } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { assertWebhookWrite } from './internal/authorize';
import {
  assertEventsAllowed,
  endpointView,
  lockEndpoint,
  type WebhookEndpointView,
} from './internal/endpoints';
import { type UpdateWebhookInput, updateWebhookInput } from './schemas';

/**
 * webhooks.update (admins): the URL, description, filter, and enabled. Enabling clears the failure count
 * (the admin says the receiver is fixed); the messages still waiting are then sent on their schedule.
 */
export async function updateWebhook(
  ctx: ServiceContext,
  rawInput: UpdateWebhookInput,
): Promise<WebhookEndpointView> {
  assertWebhookWrite(ctx.actor);
  const input = parseInput(updateWebhookInput, rawInput);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, input.id);
    await assertEventsAllowed(tx, before.organisationId, input.eventTypes);
    const enabling = input.enabled && !before.enabled;
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        enabled: input.enabled,
        disabledReason: input.enabled ? null : (before.disabledReason ?? 'Disabled by an admin'),
        ...(enabling ? { consecutiveFailures: 0 } : {}),
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, input.id))
      .returning();
    await recordAudit(tx, ctx.actor, now, [
      {
        type: 'webhook.updated',
        subject: `webhook:${input.id}`,
        payload: { url: input.url, eventTypes: input.eventTypes, enabled: input.enabled },
      },
    ]);
    return endpointView(row!);
  });
}
