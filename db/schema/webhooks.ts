import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_DESCRIPTION_MAX,
  WEBHOOK_ERROR_MAX,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT,
  WEBHOOK_URL_MAX,
} from '../../workflows/webhooks/constants';
import { organisations } from './organisations';
import { inList, timestamptz } from './sql-helpers';
import { users } from './users';

// Outbound webhooks (issue #14): an organisation's endpoints, and the outbox the scheduler delivers from.
// Deliveries of ticket events are enqueued by a trigger on ticket_events (migration 0016), so every
// writer of the audit chain enqueues in its own transaction, and a rolled-back change enqueues nothing.

const quotedList = (values: readonly string[]) =>
  sql.raw(`array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]::text[]`);

/**
 * An endpoint. Its Standard Webhooks secret (`whsec_…`) must be usable for signing, so it cannot be
 * hashed: it is stored encrypted (AES-256-GCM under a key derived from the app secret), shown to the admin
 * once at creation and on an explicit reveal or rotation.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    eventTypes: text('event_types').array().notNull(),
    /** `v1.<iv>.<tag>.<ciphertext>`, base64url (server/services/webhooks/internal/secret-box.ts). */
    secretCiphertext: text('secret_ciphertext').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Why it is off: an admin's choice, or the failures that disabled it. */
    disabledReason: text('disabled_reason'),
    /** Failed attempts since the last success; reset by a success or by enabling it again. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    check(
      'webhook_endpoints_url_format',
      sql`${t.url} ~ '^https?://[^\\s]+$' and char_length(${t.url}) <= ${sql.raw(String(WEBHOOK_URL_MAX))}`,
    ),
    check(
      'webhook_endpoints_description_length',
      sql`char_length(${t.description}) <= ${sql.raw(String(WEBHOOK_DESCRIPTION_MAX))}`,
    ),
    check(
      'webhook_endpoints_event_types_valid',
      sql`cardinality(${t.eventTypes}) > 0 and ${t.eventTypes} <@ ${quotedList(WEBHOOK_EVENT_TYPES)}`,
    ),
    check('webhook_endpoints_secret_format', sql`${t.secretCiphertext} ~ '^v1\\.[A-Za-z0-9_.-]+$'`),
    check('webhook_endpoints_disabled_reason', sql`${t.enabled} = (${t.disabledReason} is null)`),
    check('webhook_endpoints_failures_nonnegative', sql`${t.consecutiveFailures} >= 0`),
    // The enqueue trigger's lookup: an organisation's enabled endpoints.
    index('webhook_endpoints_org_idx').on(t.organisationId).where(sql`${t.enabled}`),
  ],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

/** One attempt of a delivery, as the log shows it: never a secret, a header or a response body. */
export interface WebhookAttempt {
  /** ISO 8601. */
  at: string;
  /** The HTTP status, or null when there was no answer. */
  status: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * The outbox: one message to one endpoint. `message_id` is the Standard Webhooks `webhook-id`, the same on
 * every attempt, so a receiver can drop a redelivery. `attempt_log` keeps each attempt (bounded by the
 * retry schedule).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    messageId: text('message_id').notNull().unique(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    nextAttemptAt: timestamptz('next_attempt_at').notNull(),
    lastResponseCode: integer('last_response_code'),
    lastError: text('last_error'),
    attemptLog: jsonb('attempt_log').$type<WebhookAttempt[]>().notNull().default([]),
    createdAt: timestamptz('created_at').notNull(),
    deliveredAt: timestamptz('delivered_at'),
  },
  (t) => [
    check('webhook_deliveries_status_valid', inList(t.status, WEBHOOK_DELIVERY_STATUSES)),
    check(
      'webhook_deliveries_event_type_valid',
      inList(t.eventType, [...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT]),
    ),
    check('webhook_deliveries_message_id_format', sql`${t.messageId} ~ '^msg_[A-Za-z0-9]{16,64}$'`),
    check('webhook_deliveries_attempts_nonnegative', sql`${t.attempts} >= 0`),
    check(
      'webhook_deliveries_delivered_at',
      sql`(${t.status} = 'delivered') = (${t.deliveredAt} is not null)`,
    ),
    check(
      'webhook_deliveries_error_length',
      sql`char_length(${t.lastError}) <= ${sql.raw(String(WEBHOOK_ERROR_MAX))}`,
    ),
    check(
      'webhook_deliveries_response_code',
      sql`${t.lastResponseCode} is null or ${t.lastResponseCode} between 100 and 599`,
    ),
    // The sweep: due messages in due order.
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'failed')`),
    // The delivery log of an endpoint, newest first.
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt.desc()),
  ],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
