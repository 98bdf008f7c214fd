import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  COMPONENT_STATUSES,
  MAINTENANCE_STATES,
  PUBLIC_INCIDENT_STATUSES,
  PUBLIC_TEXT_MAX,
  SUBSCRIBER_CHANNELS,
} from '../../workflows/status/constants';
import { organisations } from './organisations';
import { services } from './services';
import { inList, lowerHex, timestamptz } from './sql-helpers';
import { tickets } from './tickets';
import { users } from './users';

// Status pages (DESIGN §2.6): what an outage told the public, scheduled maintenance, subscriptions and the
// frozen monthly reports. A component's status is never stored: it is derived from the published updates
// of unresolved incidents and from maintenance in progress, so that history (uptime bars, reports) and
// the current page are the same computation.

const textWithin = (column: Parameters<typeof inList>[0], max = PUBLIC_TEXT_MAX) =>
  sql`length(btrim(${column})) > 0 and char_length(${column}) <= ${sql.raw(String(max))}`;

/**
 * A public update of an outage: its incident's stage, the text customers read, and (in
 * status_update_components) the status it sets on each affected service. Append-only in practice: a
 * correction is a new update. That the ticket is an outage of the same organisation is checked by a
 * trigger (migration 0013).
 */
export const statusUpdates = pgTable(
  'status_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    /** The incident's public name, as of this update (the latest update's title is the incident's). */
    title: text('title').notNull(),
    status: text('status', { enum: PUBLIC_INCIDENT_STATUSES }).notNull(),
    body: text('body').notNull(),
    publishedById: uuid('published_by_id').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: timestamptz('published_at').notNull(),
  },
  (t) => [
    check('status_updates_status_valid', inList(t.status, PUBLIC_INCIDENT_STATUSES)),
    check('status_updates_title_present', textWithin(t.title, 200)),
    check('status_updates_body_present', textWithin(t.body)),
    index('status_updates_ticket_idx').on(t.ticketId, t.publishedAt),
    index('status_updates_org_idx').on(t.organisationId, t.publishedAt.desc()),
  ],
);

/** The status an update sets on one of the organisation's services (composite FK: same organisation). */
export const statusUpdateComponents = pgTable(
  'status_update_components',
  {
    updateId: uuid('update_id')
      .notNull()
      .references(() => statusUpdates.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    status: text('status', { enum: COMPONENT_STATUSES }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'status_update_components_pk', columns: [t.updateId, t.serviceId] }),
    foreignKey({
      name: 'status_update_components_service_fk',
      columns: [t.serviceId, t.organisationId],
      foreignColumns: [services.id, services.organisationId],
    }).onDelete('restrict'),
    check('status_update_components_status_valid', inList(t.status, COMPONENT_STATUSES)),
    index('status_update_components_service_idx').on(t.serviceId),
  ],
);

/** A scheduled maintenance window of some of an organisation's services. */
export const maintenances = pgTable(
  'maintenances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    state: text('state', { enum: MAINTENANCE_STATES }).notNull().default('scheduled'),
    scheduledFor: timestamptz('scheduled_for').notNull(),
    scheduledUntil: timestamptz('scheduled_until').notNull(),
    startedAt: timestamptz('started_at'),
    completedAt: timestamptz('completed_at'),
    /** Bumped by every change: an edit against an older version answers CONFLICT. */
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    check('maintenances_state_valid', inList(t.state, MAINTENANCE_STATES)),
    check('maintenances_title_present', textWithin(t.title, 200)),
    check('maintenances_body_length', sql`char_length(${t.body}) <= ${sql.raw(String(PUBLIC_TEXT_MAX))}`),
    check('maintenances_window_order', sql`${t.scheduledUntil} > ${t.scheduledFor}`),
    // The lifecycle's facts match its state: started once in progress, completed only when done.
    check(
      'maintenances_state_facts',
      sql`(${t.state} = 'scheduled' and ${t.startedAt} is null and ${t.completedAt} is null)
        or (${t.state} = 'in_progress' and ${t.startedAt} is not null and ${t.completedAt} is null)
        or (${t.state} = 'completed' and ${t.startedAt} is not null and ${t.completedAt} >= ${t.startedAt})
        or (${t.state} = 'cancelled' and ${t.startedAt} is null)`,
    ),
    index('maintenances_org_idx').on(t.organisationId, t.scheduledFor.desc()),
    // The scheduler's work: windows to start or complete.
    index('maintenances_due_idx').on(t.scheduledFor).where(sql`${t.state} in ('scheduled', 'in_progress')`),
  ],
);

export const maintenanceServices = pgTable(
  'maintenance_services',
  {
    maintenanceId: uuid('maintenance_id')
      .notNull()
      .references(() => maintenances.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'maintenance_services_pk', columns: [t.maintenanceId, t.serviceId] }),
    foreignKey({
      name: 'maintenance_services_service_fk',
      columns: [t.serviceId, t.organisationId],
      foreignColumns: [services.id, services.organisationId],
    }).onDelete('restrict'),
    index('maintenance_services_service_idx').on(t.serviceId),
  ],
);

/** What a maintenance told the public at each step (Statuspage lists them as incident_updates). */
export const maintenanceUpdates = pgTable(
  'maintenance_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    maintenanceId: uuid('maintenance_id')
      .notNull()
      .references(() => maintenances.id, { onDelete: 'cascade' }),
    state: text('state', { enum: MAINTENANCE_STATES }).notNull(),
    body: text('body').notNull(),
    /** Human-readable actor ("noc@…", "scheduler"). */
    actorLabel: text('actor_label').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    check('maintenance_updates_state_valid', inList(t.state, MAINTENANCE_STATES)),
    check(
      'maintenance_updates_body_length',
      sql`char_length(${t.body}) <= ${sql.raw(String(PUBLIC_TEXT_MAX))}`,
    ),
    index('maintenance_updates_maintenance_idx').on(t.maintenanceId, t.createdAt),
  ],
);

/**
 * A contract's service-credit table: a month whose uptime is below `below_percent` earns `credit_percent`
 * of the month's fee (the lowest threshold the uptime is under wins).
 */
export const creditTiers = pgTable(
  'credit_tiers',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    belowPercent: numeric('below_percent', { precision: 6, scale: 3, mode: 'number' }).notNull(),
    creditPercent: numeric('credit_percent', { precision: 5, scale: 2, mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'credit_tiers_pk', columns: [t.organisationId, t.belowPercent] }),
    check('credit_tiers_below_range', sql`${t.belowPercent} > 0 and ${t.belowPercent} <= 100`),
    check('credit_tiers_credit_range', sql`${t.creditPercent} > 0 and ${t.creditPercent} <= 100`),
  ],
);

/**
 * A closed month's SLA report of one service, computed once after the month ends and never again:
 * later edits (a late public update, a changed commitment) do not rewrite what the customer was shown.
 */
export const slaMonthReports = pgTable(
  'sla_month_reports',
  {
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** The first day of the month, in the organisation's time zone. */
    month: date('month', { mode: 'string' }).notNull(),
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    frozenAt: timestamptz('frozen_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'sla_month_reports_pk', columns: [t.serviceId, t.month] }),
    check('sla_month_reports_first_day', sql`extract(day from ${t.month}) = 1`),
    index('sla_month_reports_org_idx').on(t.organisationId, t.month),
  ],
);

/**
 * A visitor's subscription to a status page (no component rows = the whole page). E-mail subscriptions
 * count only once confirmed (double opt-in). Tokens are stored as SHA-256 hashes: the links carry them.
 */
export const statusSubscribers = pgTable(
  'status_subscribers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: SUBSCRIBER_CHANNELS }).notNull(),
    /** A lower-cased e-mail address, or a webhook URL. */
    target: text('target').notNull(),
    confirmTokenHash: text('confirm_token_hash').notNull(),
    manageTokenHash: text('manage_token_hash').notNull(),
    confirmedAt: timestamptz('confirmed_at'),
    unsubscribedAt: timestamptz('unsubscribed_at'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    check('status_subscribers_channel_valid', inList(t.channel, SUBSCRIBER_CHANNELS)),
    check(
      'status_subscribers_target_format',
      sql`char_length(${t.target}) between 3 and 2000 and ((${t.channel} = 'email' and ${t.target} = lower(${t.target}) and ${t.target} like '%_@_%') or (${t.channel} = 'webhook' and ${t.target} ~ '^https?://'))`,
    ),
    check(
      'status_subscribers_token_format',
      sql`${lowerHex(t.confirmTokenHash, 64)} and ${lowerHex(t.manageTokenHash, 64)}`,
    ),
    uniqueIndex('status_subscribers_confirm_token_idx').on(t.confirmTokenHash),
    uniqueIndex('status_subscribers_manage_token_idx').on(t.manageTokenHash),
    // One live subscription per address and page; an unsubscribed one may subscribe again.
    uniqueIndex('status_subscribers_active_target_idx')
      .on(t.organisationId, t.channel, t.target)
      .where(sql`${t.unsubscribedAt} is null`),
  ],
);

export const statusSubscriberComponents = pgTable(
  'status_subscriber_components',
  {
    subscriberId: uuid('subscriber_id')
      .notNull()
      .references(() => statusSubscribers.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ name: 'status_subscriber_components_pk', columns: [t.subscriberId, t.serviceId] })],
);

/**
 * The outbox of subscriber messages, and of e-mail to people about tickets (escalations, issue #14: "e-mail
 * notifications for escalations and subscriptions share the same outbox"): written in the transaction of
 * the change it announces, sent by the scheduler with retries. Each row is for one subscriber or one user.
 * `event_key` makes a message once-only per recipient (e.g. `update:<id>`, a notification's dedup key).
 */
export const statusDeliveries = pgTable(
  'status_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subscriberId: uuid('subscriber_id').references(() => statusSubscribers.id, { onDelete: 'cascade' }),
    /** A person's e-mail about `ticketId`: need-to-know is judged when queued and again when sent. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    eventKey: text('event_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull(),
    deliveredAt: timestamptz('delivered_at'),
    /** Set when retries are exhausted: the message is given up, not retried again. */
    failedAt: timestamptz('failed_at'),
    lastError: text('last_error'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('status_deliveries_once_idx').on(t.subscriberId, t.eventKey),
    uniqueIndex('status_deliveries_user_once_idx')
      .on(t.userId, t.eventKey)
      .where(sql`${t.userId} is not null`),
    check(
      'status_deliveries_one_recipient',
      sql`(${t.subscriberId} is null) <> (${t.userId} is null) and (${t.userId} is null) = (${t.ticketId} is null)`,
    ),
    check('status_deliveries_attempts_range', sql`${t.attempts} >= 0`),
    check('status_deliveries_error_length', sql`char_length(${t.lastError}) <= 1000`),
    index('status_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveredAt} is null and ${t.failedAt} is null`),
  ],
);
