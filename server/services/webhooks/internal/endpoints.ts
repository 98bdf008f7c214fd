import { eq } from 'drizzle-orm';
import type { Executor } from '../../../../db/client';
import { organisations, type WebhookEndpoint, webhookEndpoints } from '../../../../db/schema';
import { OPERATOR_ONLY_EVENT_TYPES, type WebhookEventType } from '../../../../workflows/webhooks/constants';
import { badRequest, notFound } from '../../kernel/errors';

/** What the admin sees of an endpoint: never its secret (that is answered only by create, reveal, rotate). */
export interface WebhookEndpointView {
  id: string;
  organisationId: string;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: Date;
  updatedAt: Date;
}

export function endpointView(row: WebhookEndpoint): WebhookEndpointView {
  return {
    id: row.id,
    organisationId: row.organisationId,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes as WebhookEventType[],
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The endpoint, locked for the caller's change, or NOT_FOUND. */
export async function lockEndpoint(tx: Executor, id: string): Promise<WebhookEndpoint> {
  const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for('update');
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

/** Handoff events are the operator's internal workflow: a customer's endpoint may not ask for them. */
export async function assertEventsAllowed(
  tx: Executor,
  organisationId: string,
  eventTypes: readonly WebhookEventType[],
): Promise<void> {
  const [organisation] = await tx
    .select({ kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!organisation) throw badRequest('Invalid input', { organisationId: ['No such organisation'] });
  const internal = eventTypes.filter((t) => (OPERATOR_ONLY_EVENT_TYPES as readonly string[]).includes(t));
  if (internal.length && organisation.kind !== 'operator')
    throw badRequest('Invalid input', {
      eventTypes: ['Handoff events are for the operator’s own endpoints only'],
    });
}
