import { z } from 'zod';

// The ingestion endpoints' wire shapes, as the OpenAPI document states them (DESIGN §2.7, issue #14,
// ../shared/fixtures/README.md). These describe the contract: the receivers validate with schemas of
// their own under server/integrations/, which must accept everything valid here (the OpenAPI test
// parses the shared fixtures with these). Unknown fields are allowed, as both sources add fields.

const labels = z.record(z.string(), z.string());

export const alertmanagerAlert = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels,
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }).describe('`0001-01-01T00:00:00Z` while still firing'),
  generatorURL: z.string(),
  fingerprint: z.string().min(1).describe('With the integration, identifies the alert across re-sends'),
});

export const alertmanagerWebhook = z
  .looseObject({
    version: z.literal('4'),
    groupKey: z.string().describe('Alerts of one group open one ticket'),
    truncatedAlerts: z
      .number()
      .int()
      .min(0)
      .describe('Alerts left out of this message; recorded on the ticket'),
    status: z.enum(['firing', 'resolved']),
    receiver: z.string(),
    groupLabels: labels,
    commonLabels: labels,
    commonAnnotations: labels,
    externalURL: z.string(),
    alerts: z.array(alertmanagerAlert),
  })
  .describe("Prometheus Alertmanager's webhook receiver payload, version 4");

export const alertmanagerAccepted = z.object({
  status: z.literal('success'),
  alerts: z.number().int().min(0).describe('Alerts in the delivery'),
  outcomes: z
    // Only the outcomes that occurred are named.
    .partialRecord(
      z.enum(['opened', 'attached', 'reopened', 'repeated', 'resolved', 'suppressed', 'ignored']),
      z.number().int().min(0),
    )
    .describe('How many alerts had each outcome'),
  truncatedAlerts: z.number().int().min(0),
});

const severity = z.enum(['critical', 'error', 'warning', 'info']);
const link = z.looseObject({ href: z.url(), text: z.string().optional() });
const image = z.looseObject({ src: z.url(), href: z.url().optional(), alt: z.string().optional() });
const routingKey = z.string().min(1).describe('The integration key (Events v2 integrations)');
const dedupKey = z.string().max(255);

export const eventsV2Trigger = z.looseObject({
  routing_key: routingKey,
  event_action: z.literal('trigger'),
  dedup_key: dedupKey.optional().describe('Generated when absent; matches only within the routing key'),
  payload: z.looseObject({
    summary: z.string().min(1).max(1024),
    source: z.string().min(1),
    severity,
    timestamp: z.string().optional().describe('ISO 8601'),
    component: z.string().optional(),
    group: z.string().optional(),
    class: z.string().optional().describe('e.g. `security`, which routing rules may map to a SOC incident'),
    custom_details: z.record(z.string(), z.unknown()).optional(),
  }),
  links: z.array(link).optional(),
  images: z.array(image).optional(),
  client: z.string().optional(),
  client_url: z.url().optional(),
});

export const eventsV2AcknowledgeOrResolve = z.looseObject({
  routing_key: routingKey,
  event_action: z.enum(['acknowledge', 'resolve']),
  dedup_key: dedupKey.min(1),
});

export const eventsV2Event = z
  .union([eventsV2Trigger, eventsV2AcknowledgeOrResolve])
  .describe('An Events API v2 event: a trigger, or an acknowledge / resolve of a dedup key');

export const eventsV2Accepted = z.object({
  status: z.literal('success'),
  message: z.literal('Event processed'),
  dedup_key: z.string(),
});

export const eventsV2Invalid = z.object({
  status: z.literal('invalid event'),
  message: z.string(),
  errors: z.array(z.string()),
});

export const changeEvent = z
  .looseObject({
    routing_key: routingKey,
    payload: z.looseObject({
      summary: z.string().min(1).max(1024),
      timestamp: z.string().optional().describe('ISO 8601'),
      source: z.string().optional(),
      custom_details: z.record(z.string(), z.unknown()).optional(),
    }),
    links: z.array(link).optional(),
  })
  .describe("A change event: a timeline entry on the open tickets of the integration's service");

export const changeEventAccepted = z.object({
  status: z.literal('success'),
  message: z.string(),
});

/** A refusal on the Bearer-key endpoints (Alertmanager, heartbeat). */
export const bearerRefused = z.object({
  status: z.literal('error'),
  message: z.string(),
  errors: z.array(z.string()).optional().describe('The fields at fault, for a 400'),
});

export const heartbeatAccepted = z.object({
  status: z.literal('success'),
  recovered: z.boolean().describe('The ping ended a missed-heartbeat alert'),
  nextPingDueAt: z.iso.datetime({ offset: true }).describe('When the next ping is due (before its grace)'),
});
