import { z } from 'zod';
import { EVENT_SEVERITIES } from './constants';
import { instantText } from './instant';
import type { AlertFacts } from './routing';

// The Events API v2 (PagerDuty-compatible) shapes, with its rules: a trigger needs payload.summary
// (≤ 1024), source and severity; a dedup_key is at most 255 characters (generated when a trigger has
// none); acknowledge and resolve carry only routing_key, dedup_key and event_action. Unknown fields are
// ignored, as the API does.

export const SUMMARY_MAX = 1024;
export const DEDUP_KEY_MAX = 255;

const routingKey = z.string().min(1, 'routing_key is required').max(128, 'Not a routing key');
const dedupKey = z
  .string()
  .min(1, 'Must not be blank')
  .max(DEDUP_KEY_MAX, `At most ${DEDUP_KEY_MAX} characters`);
const short = (max: number) => z.string().max(max, `At most ${max} characters`);

const link = z.object({ href: short(2048), text: short(1024).optional() });
const image = z.object({ src: short(2048), href: short(2048).optional(), alt: short(1024).optional() });

export const triggerPayload = z.object({
  summary: z
    .string('summary is required')
    .trim()
    .min(1, 'summary is required')
    .max(SUMMARY_MAX, `At most ${SUMMARY_MAX} characters`),
  source: z.string('source is required').trim().min(1, 'source is required').max(255),
  severity: z.enum(EVENT_SEVERITIES, 'severity must be critical, error, warning or info'),
  timestamp: instantText().optional(),
  component: short(255).optional(),
  group: short(255).optional(),
  class: short(255).optional(),
  custom_details: z.unknown().optional(),
});

const common = {
  routing_key: routingKey,
  client: short(255).optional(),
  client_url: short(2048).optional(),
  links: z.array(link).max(50).default([]),
  images: z.array(image).max(50).default([]),
};

export const alertEvent = z.discriminatedUnion(
  'event_action',
  [
    z.object({
      ...common,
      event_action: z.literal('trigger'),
      dedup_key: dedupKey.optional(),
      payload: z.object(triggerPayload.shape, 'payload is required for a trigger'),
    }),
    z.object({ ...common, event_action: z.literal('acknowledge'), dedup_key: dedupKey }),
    z.object({ ...common, event_action: z.literal('resolve'), dedup_key: dedupKey }),
  ],
  'event_action must be trigger, acknowledge or resolve',
);
export type AlertEvent = z.output<typeof alertEvent>;
export type TriggerEvent = Extract<AlertEvent, { event_action: 'trigger' }>;

export const changeEvent = z.object({
  routing_key: routingKey,
  payload: z.object(
    {
      summary: z.string('summary is required').trim().min(1, 'summary is required').max(SUMMARY_MAX),
      timestamp: instantText().optional(),
      source: short(255).optional(),
      custom_details: z.unknown().optional(),
    },
    'payload is required',
  ),
  links: z.array(link).max(50).default([]),
});
export type ChangeEvent = z.output<typeof changeEvent>;

const scalar = (value: unknown): string | null =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;

/** What routing rules see of a trigger: its fields, and custom_details' scalar values as `custom_details.<key>`. */
export function eventFacts(event: TriggerEvent): AlertFacts {
  const { payload } = event;
  const facts: Record<string, string> = { severity: payload.severity, source: payload.source };
  for (const key of ['component', 'group', 'class'] as const) {
    const value = payload[key];
    if (value !== undefined) facts[key] = value;
  }
  const details = payload.custom_details;
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    for (const [key, value] of Object.entries(details)) {
      const text = scalar(value);
      if (text !== null) facts[`custom_details.${key}`] = text;
    }
  }
  return facts;
}

/** An answer's error list: `field: message` per issue, as Events v2 clients log them. */
export function eventErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message));
}
