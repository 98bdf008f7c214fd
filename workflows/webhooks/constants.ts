// Outbound webhooks (issue #14): what an organisation's endpoint may subscribe to, and the outbox states.
// Drizzle-free: the schema, the services and the admin form share these.

/**
 * The events an endpoint can filter on. Handoffs are three separate types (a receiver routes
 * "requested" to a pager and "accepted" to a log, and the filter says which it wants); they are the
 * operator's internal workflow, so only the operator organisation's endpoints may subscribe to them.
 * `security.notice_published` is the one way anything of a security incident leaves: the customer
 * notice the SOC published, and only its fields.
 */
export const WEBHOOK_EVENT_TYPES = [
  'ticket.created',
  'ticket.status_changed',
  'sla.warning',
  'sla.breached',
  'handoff.requested',
  'handoff.accepted',
  'handoff.declined',
  'status_page.updated',
  'security.notice_published',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Event types only the operator's own endpoints may receive (internal workflow, never a customer's). */
export const OPERATOR_ONLY_EVENT_TYPES = [
  'handoff.requested',
  'handoff.accepted',
  'handoff.declined',
] as const satisfies readonly WebhookEventType[];

/** The "Send test" message: sent to the endpoint whatever its filter. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export const WEBHOOK_EVENT_LABEL: Record<WebhookEventType, string> = {
  'ticket.created': 'Ticket created',
  'ticket.status_changed': 'Ticket status changed',
  'sla.warning': 'SLA warning',
  'sla.breached': 'SLA breached',
  'handoff.requested': 'Handoff requested',
  'handoff.accepted': 'Handoff accepted',
  'handoff.declined': 'Handoff declined',
  'status_page.updated': 'Status page updated',
  'security.notice_published': 'Security notice published',
};

/**
 * A delivery's state: `pending` (not tried yet), `failed` (the last attempt failed, another is
 * scheduled), `delivered` (a 2xx), `dead` (the retry schedule is exhausted; not tried again).
 */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'failed', 'delivered', 'dead'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const WEBHOOK_URL_MAX = 2_000;
export const WEBHOOK_DESCRIPTION_MAX = 200;
export const WEBHOOK_ERROR_MAX = 500;
