import { asc, eq } from 'drizzle-orm';
import { webhookEndpoints } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { assertWebhookRead } from './internal/authorize';
import { endpointView, type WebhookEndpointView } from './internal/endpoints';
import { type ListWebhooksInput, listWebhooksInput } from './schemas';

/** webhooks.list (admins, managers): the endpoints, of one organisation or all, without their secrets. */
export async function listWebhooks(
  ctx: ServiceContext,
  rawInput: ListWebhooksInput = {},
): Promise<WebhookEndpointView[]> {
  assertWebhookRead(ctx.actor);
  const input = parseInput(listWebhooksInput, rawInput);
  const rows = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(input.organisationId ? eq(webhookEndpoints.organisationId, input.organisationId) : undefined)
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
  return rows.map(endpointView);
}
