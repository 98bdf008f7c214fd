// Zod schemas of the outbound webhook admin (issue #14), shared by the tRPC router, the services and the
// admin form. They follow the database's CHECKs on webhook_endpoints.
import { z } from 'zod';
import {
  WEBHOOK_DESCRIPTION_MAX,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_URL_MAX,
} from '../../../workflows/webhooks/constants';
import { lineText } from '../kernel/schema-parts';

/** http(s) URLs only; the SSRF guard decides at send time whether its address may be reached. */
export const webhookUrl = lineText()
  .min(1, 'Enter the URL that receives the events')
  .max(WEBHOOK_URL_MAX, `At most ${WEBHOOK_URL_MAX} characters`)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !/\s/.test(value);
    } catch {
      return false;
    }
  }, 'Enter an https:// URL');

export const webhookEventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, 'Choose an event'))
  .min(1, 'Choose at least one event')
  .transform((types) => [...new Set(types)]);

/** What the endpoint form edits (create and update alike). */
export const webhookEndpointFields = z.object({
  url: webhookUrl,
  description: lineText().max(WEBHOOK_DESCRIPTION_MAX, `At most ${WEBHOOK_DESCRIPTION_MAX} characters`),
  eventTypes: webhookEventTypes,
});

export const createWebhookInput = webhookEndpointFields.extend({
  organisationId: z.uuid('Choose an organisation'),
});
export type CreateWebhookInput = z.input<typeof createWebhookInput>;

export const updateWebhookInput = webhookEndpointFields.extend({
  id: z.uuid(),
  enabled: z.boolean(),
});
export type UpdateWebhookInput = z.input<typeof updateWebhookInput>;

export const webhookRefInput = z.object({ id: z.uuid() });
export type WebhookRefInput = z.input<typeof webhookRefInput>;

export const listWebhooksInput = z.object({ organisationId: z.uuid().optional() });
export type ListWebhooksInput = z.input<typeof listWebhooksInput>;

export const listDeliveriesInput = z.object({
  endpointId: z.uuid(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListDeliveriesInput = z.input<typeof listDeliveriesInput>;
