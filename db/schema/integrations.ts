import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  ALERT_STATUSES,
  FLAP_THRESHOLD_MAX,
  GROUPING_MAX_MINUTES,
  HEARTBEAT_GRACE_MAX_MINUTES,
  HEARTBEAT_INTERVAL_MAX_MINUTES,
  INTEGRATION_KINDS,
  RATE_LIMIT_MAX_PER_MINUTE,
  REOPEN_WINDOW_MAX_MINUTES,
  RESOLVE_BEHAVIOURS,
} from '../../workflows/integrations/constants';
import { organisations } from './organisations';
import { observables } from './security';
import { services } from './services';
import { inList, lowerHex, timestamptz } from './sql-helpers';
import { tickets } from './tickets';
import { users } from './users';

// Alert ingestion (DESIGN §2.7): an organisation's monitoring sources, each with a secret key (stored as its
// SHA-256 only), and every alert they sent, tracked by (integration, fingerprint / dedup key) on the ticket
// it opened. Deliveries record what Alertmanager said it left out (truncatedAlerts).

export const integrations = pgTable(
  'integrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: INTEGRATION_KINDS }).notNull(),
    name: text('name').notNull(),
    /** SHA-256 (hex) of the key; the key itself is shown once and never stored. */
    keyHash: text('key_hash').notNull(),
    /** The key's first characters, not secret, so an admin can tell keys apart. */
    keyPrefix: text('key_prefix').notNull(),
    defaultServiceId: uuid('default_service_id').notNull(),
    /** Routing rules (workflows/integrations/routing.ts), validated by their zod schema before storing. */
    routingRules: jsonb('routing_rules').$type<unknown[]>().notNull().default([]),
    resolveBehaviour: text('resolve_behaviour', { enum: RESOLVE_BEHAVIOURS }).notNull().default('monitoring'),
    /** A firing alert this soon after its ticket resolved reopens that ticket; 0: always a new ticket. */
    reopenWindowMinutes: integer('reopen_window_minutes').notNull().default(60),
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(600),
    /**
     * Alert grouping (issue #14): a new alert of a group joins the group's open ticket only while the group
     * was last heard within the window and its ticket is younger than the max life; 0: no limit (as before).
     */
    groupingWindowMinutes: integer('grouping_window_minutes').notNull().default(0),
    groupMaxLifeMinutes: integer('group_max_life_minutes').notNull().default(0),
    /** Flapping: an alert firing more than `flapThreshold` times within the flap window; 0: never flaps. */
    flapThreshold: integer('flap_threshold').notNull().default(0),
    flapWindowMinutes: integer('flap_window_minutes').notNull().default(60),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull(),
    revokedAt: timestamptz('revoked_at'),
    // Heartbeat monitors only (kind 'heartbeat'): the ping expected every interval, the grace before a
    // missing one opens an outage, the last ping, when the next is overdue (the scheduler's index), and
    // since when it has been missing (null while pings come).
    heartbeatIntervalMinutes: integer('heartbeat_interval_minutes'),
    heartbeatGraceMinutes: integer('heartbeat_grace_minutes').notNull().default(0),
    lastPingAt: timestamptz('last_ping_at'),
    heartbeatDueAt: timestamptz('heartbeat_due_at'),
    heartbeatMissedAt: timestamptz('heartbeat_missed_at'),
  },
  (t) => [
    check(
      'integrations_heartbeat_fields',
      sql`(${t.kind} = 'heartbeat') = (${t.heartbeatIntervalMinutes} is not null and ${t.heartbeatDueAt} is not null)`,
    ),
    check(
      'integrations_heartbeat_interval_range',
      sql`${t.heartbeatIntervalMinutes} is null or ${t.heartbeatIntervalMinutes} between 1 and ${sql.raw(String(HEARTBEAT_INTERVAL_MAX_MINUTES))}`,
    ),
    check(
      'integrations_heartbeat_grace_range',
      sql`${t.heartbeatGraceMinutes} between 0 and ${sql.raw(String(HEARTBEAT_GRACE_MAX_MINUTES))}`,
    ),
    check(
      'integrations_heartbeat_missed_only_heartbeats',
      sql`${t.heartbeatMissedAt} is null or ${t.kind} = 'heartbeat'`,
    ),
    // The scheduler's claim: live monitors whose ping is overdue and not yet reported missing.
    index('integrations_heartbeat_due_idx')
      .on(t.heartbeatDueAt)
      .where(sql`${t.kind} = 'heartbeat' and ${t.revokedAt} is null and ${t.heartbeatMissedAt} is null`),
    check('integrations_kind_valid', inList(t.kind, INTEGRATION_KINDS)),
    check('integrations_resolve_behaviour_valid', inList(t.resolveBehaviour, RESOLVE_BEHAVIOURS)),
    check('integrations_name_present', sql`length(btrim(${t.name})) > 0 and char_length(${t.name}) <= 100`),
    check('integrations_key_hash_format', lowerHex(t.keyHash, 64)),
    check('integrations_key_prefix_length', sql`char_length(${t.keyPrefix}) between 4 and 12`),
    check('integrations_routing_rules_array', sql`jsonb_typeof(${t.routingRules}) = 'array'`),
    check(
      'integrations_reopen_window_range',
      sql`${t.reopenWindowMinutes} between 0 and ${sql.raw(String(REOPEN_WINDOW_MAX_MINUTES))}`,
    ),
    check(
      'integrations_grouping_range',
      sql`${t.groupingWindowMinutes} between 0 and ${sql.raw(String(GROUPING_MAX_MINUTES))} and ${t.groupMaxLifeMinutes} between 0 and ${sql.raw(String(GROUPING_MAX_MINUTES))}`,
    ),
    check(
      'integrations_flap_range',
      sql`${t.flapThreshold} between 0 and ${sql.raw(String(FLAP_THRESHOLD_MAX))} and ${t.flapWindowMinutes} between 1 and ${sql.raw(String(GROUPING_MAX_MINUTES))}`,
    ),
    check(
      'integrations_rate_limit_range',
      sql`${t.rateLimitPerMinute} between 1 and ${sql.raw(String(RATE_LIMIT_MAX_PER_MINUTE))}`,
    ),
    // The default service belongs to the integration's organisation.
    foreignKey({
      name: 'integrations_default_service_fk',
      columns: [t.defaultServiceId, t.organisationId],
      foreignColumns: [services.id, services.organisationId],
    }).onDelete('restrict'),
    uniqueIndex('integrations_key_hash_unique').on(t.keyHash),
    index('integrations_org_idx').on(t.organisationId, t.createdAt),
  ],
);

export type Integration = typeof integrations.$inferSelect;

/**
 * One alert of an integration. The live one (not closed) is unique per (integration, alert key): repeats
 * update it; once resolved it is closed, and the same key firing again is a new alert (Events v2 rule).
 */
export const integrationAlerts = pgTable(
  'integration_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    /** Alertmanager's fingerprint or the Events v2 dedup_key. */
    alertKey: text('alert_key').notNull(),
    /** Alertmanager's groupKey (Events v2: the dedup key): alerts of one group share a ticket. */
    groupKey: text('group_key').notNull(),
    /** The ticket it is on; null when suppressed by maintenance. */
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    status: text('status', { enum: ALERT_STATUSES }).notNull(),
    summary: text('summary').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull().default({}),
    /** What else the source said, trimmed to a summary (links, client, custom details). */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    startsAt: timestamptz('starts_at'),
    firstSeenAt: timestamptz('first_seen_at').notNull(),
    lastSeenAt: timestamptz('last_seen_at').notNull(),
    /** Deliveries that named it while live. */
    seenCount: integer('seen_count').notNull().default(1),
    resolvedAt: timestamptz('resolved_at'),
    closedAt: timestamptz('closed_at'),
    /** Fired again too often within its integration's flap window: its ticket does not recover meanwhile. */
    flapping: boolean('flapping').notNull().default(false),
    /**
     * A flapping alert that resolved: when its flap window has passed, so that the scheduler re-checks its
     * ticket (which no resolve walks while the alert flaps). Set by a trigger as it resolves (migration
     * 0021), cleared by the re-check.
     */
    flapRecheckAt: timestamptz('flap_recheck_at'),
  },
  (t) => [
    check('integration_alerts_status_valid', inList(t.status, ALERT_STATUSES)),
    check('integration_alerts_key_length', sql`char_length(${t.alertKey}) between 1 and 255`),
    check('integration_alerts_seen_positive', sql`${t.seenCount} > 0`),
    // A firing alert is on a ticket; a suppressed one never was (nor is it once it resolves).
    check('integration_alerts_firing_on_ticket', sql`${t.status} <> 'firing' or ${t.ticketId} is not null`),
    check(
      'integration_alerts_closed_when_resolved',
      sql`(${t.status} = 'resolved') = (${t.closedAt} is not null)`,
    ),
    uniqueIndex('integration_alerts_live_unique')
      .on(t.integrationId, t.alertKey)
      .where(sql`${t.closedAt} is null`),
    index('integration_alerts_group_idx').on(t.integrationId, t.groupKey, t.lastSeenAt.desc()),
    index('integration_alerts_ticket_idx').on(t.ticketId).where(sql`${t.closedAt} is null`),
    // Flapping: an alert key's fires within the flap window, closed ones included.
    index('integration_alerts_key_fires_idx').on(t.integrationId, t.alertKey, t.firstSeenAt),
    // The flap re-check lane's queue (server/services/integrations/sweep-flap-rechecks.ts).
    index('integration_alerts_flap_recheck_idx')
      .on(t.flapRecheckAt)
      .where(sql`${t.flapRecheckAt} is not null`),
  ],
);

export type IntegrationAlert = typeof integrationAlerts.$inferSelect;

/**
 * Cross-team correlation (issue #14): an alert that names an observable of an open security incident, and
 * the incident it named. One row per (alert, incident): the key makes a re-sent alert a no-op, so it links
 * and notifies once. `ticketId` is the alert's ticket (linked to the incident); the outage page reads the
 * rows to warn while the incident preserves evidence.
 */
export const alertCorrelations = pgTable(
  'alert_correlations',
  {
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    alertKey: text('alert_key').notNull(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** The observable named (null once an analyst removes it; the audit events keep its value). */
    observableId: uuid('observable_id').references(() => observables.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.integrationId, t.alertKey, t.incidentId] }),
    check('alert_correlations_not_self', sql`${t.ticketId} <> ${t.incidentId}`),
    index('alert_correlations_ticket_idx').on(t.ticketId, t.incidentId),
    index('alert_correlations_incident_idx').on(t.incidentId),
  ],
);

/** Each accepted delivery: how many alerts it carried and how many Alertmanager left out. */
export const integrationDeliveries = pgTable(
  'integration_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    receivedAt: timestamptz('received_at').notNull(),
    groupKey: text('group_key'),
    alertCount: integer('alert_count').notNull(),
    truncatedAlerts: integer('truncated_alerts').notNull().default(0),
    /** Counts by outcome: opened, attached, repeated, resolved, reopened, suppressed, ignored. */
    outcome: jsonb('outcome').$type<Record<string, number>>().notNull().default({}),
  },
  (t) => [
    check('integration_deliveries_counts', sql`${t.alertCount} >= 0 and ${t.truncatedAlerts} >= 0`),
    index('integration_deliveries_integration_idx').on(t.integrationId, t.receivedAt.desc()),
  ],
);
