import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { EscalationLevel } from '../../workflows/escalation/policy';
import type { PersistedEscalation } from '../../workflows/escalation/progress';
import type { HolidayPreset, WeeklyInterval } from '../../workflows/sla/calendar';
import type { PersistedClock } from '../../workflows/sla/clock';
import { CLOCK_STATES, SLA_METRICS } from '../../workflows/sla/constants';
import type { SlaTargets } from '../../workflows/sla/targets';
import { inList, timestamptz } from './sql-helpers';
import { tickets } from './tickets';
import { users } from './users';

/** Working hours, in a zone, minus holidays; 24×7 is a calendar too. Shapes: workflows/sla/calendar.ts. */
export const businessCalendars = pgTable(
  'business_calendars',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    timeZone: text('time_zone').notNull(),
    weekly: jsonb('weekly').$type<WeeklyInterval[]>().notNull(),
    holidays: jsonb('holidays').$type<string[]>().notNull().default([]),
    holidayPreset: jsonb('holiday_preset').$type<HolidayPreset>(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    check('business_calendars_name_present', sql`length(btrim(${t.name})) > 0`),
    check(
      'business_calendars_weekly_array',
      sql`jsonb_typeof(${t.weekly}) = 'array' and jsonb_array_length(${t.weekly}) > 0`,
    ),
    check('business_calendars_holidays_array', sql`jsonb_typeof(${t.holidays}) = 'array'`),
  ],
);

/** Ordered escalation levels and a repeat count. Shape: workflows/escalation. */
export const escalationPolicies = pgTable(
  'escalation_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    levels: jsonb('levels').$type<EscalationLevel[]>().notNull(),
    repeat: integer('repeat').notNull().default(0),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    check('escalation_policies_repeat_range', sql`${t.repeat} between 0 and 10`),
    check(
      'escalation_policies_levels_array',
      sql`jsonb_typeof(${t.levels}) = 'array' and jsonb_array_length(${t.levels}) > 0`,
    ),
  ],
);

/**
 * Targets per metric and priority/severity (shape: workflows/sla/targets.ts), on a default calendar, with
 * warning thresholds. Attached to customers' contracts through organisations.sla_policy_id.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => businessCalendars.id, { onDelete: 'restrict' }),
    targets: jsonb('targets').$type<SlaTargets>().notNull(),
    warnThresholds: integer('warn_thresholds').array().notNull().default(sql`'{75,90}'::integer[]`),
    escalationPolicyId: uuid('escalation_policy_id').references(() => escalationPolicies.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    check('sla_policies_targets_object', sql`jsonb_typeof(${t.targets}) = 'object'`),
    check(
      'sla_policies_thresholds_range',
      sql`1 <= all(${t.warnThresholds}) and 99 >= all(${t.warnThresholds}) and cardinality(${t.warnThresholds}) <= 5`,
    ),
  ],
);

/**
 * One SLA/OLA clock of a ticket. `subject_key` tells apart several clocks of one metric (one per handoff
 * or NOC action request; '' for the ticket's own response and resolution). `next_check_at` is the next
 * instant the scheduler must look at it (a warning or the breach), so the sweep is an index range scan:
 * O(due work), not O(clocks).
 */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    metric: text('metric', { enum: SLA_METRICS }).notNull(),
    subjectKey: text('subject_key').notNull().default(''),
    state: text('state', { enum: CLOCK_STATES }).notNull(),
    /** The persisted sla_clock machine snapshot (workflows/sla/clock.ts). */
    machine: jsonb('machine').$type<PersistedClock>().notNull(),
    calendarId: uuid('calendar_id').references(() => businessCalendars.id, { onDelete: 'restrict' }),
    targetMs: bigint('target_ms', { mode: 'number' }).notNull(),
    elapsedMs: bigint('elapsed_ms', { mode: 'number' }).notNull().default(0),
    startedAt: timestamptz('started_at').notNull(),
    dueAt: timestamptz('due_at'),
    nextCheckAt: timestamptz('next_check_at'),
    pausedAt: timestamptz('paused_at'),
    breachedAt: timestamptz('breached_at'),
    metAt: timestamptz('met_at'),
    warned: integer('warned').array().notNull().default(sql`'{}'::integer[]`),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    unique('sla_clocks_ticket_metric_subject').on(t.ticketId, t.metric, t.subjectKey),
    check('sla_clocks_metric_valid', inList(t.metric, SLA_METRICS)),
    check('sla_clocks_state_valid', inList(t.state, CLOCK_STATES)),
    check('sla_clocks_target_positive', sql`${t.targetMs} > 0`),
    check('sla_clocks_elapsed_nonnegative', sql`${t.elapsedMs} >= 0`),
    check(
      'sla_clocks_breach_consistent',
      sql`(${t.state} in ('breached', 'met_late')) = (${t.breachedAt} is not null)`,
    ),
    check('sla_clocks_met_consistent', sql`(${t.state} in ('met', 'met_late')) = (${t.metAt} is not null)`),
    check('sla_clocks_paused_consistent', sql`(${t.state} = 'paused') = (${t.pausedAt} is not null)`),
    index('sla_clocks_next_check_idx').on(t.nextCheckAt).where(sql`${t.nextCheckAt} is not null`),
    // The queues' next deadline per ticket (tickets/internal/list-filters.ts nextDueJoin): an index-only
    // pass over the counting clocks instead of a scan of every clock ever started. The predicate is the
    // join's `state in ('running', 'breached')` exactly.
    index('sla_clocks_counting_due_idx')
      .on(t.ticketId, t.dueAt, t.metric)
      .where(sql`${t.state} in ('running', 'breached')`),
  ],
);

/**
 * Effects the scheduler has fired (a warning, a breach, an escalation level), one row per unique key,
 * so each happens exactly once however many workers run and however often a batch is retried.
 */
export const firedEffects = pgTable(
  'fired_effects',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** e.g. `clock:<clock id>:warn:75`, `clock:<clock id>:breach`, `escalation:<level>:<cycle>`. */
    key: text('key').notNull(),
    /** When it became due (catch-up after downtime records this, not the time it was noticed). */
    dueAt: timestamptz('due_at').notNull(),
    firedAt: timestamptz('fired_at').notNull(),
  },
  (t) => [unique('fired_effects_ticket_key').on(t.ticketId, t.key)],
);

/** Per-ticket escalation progress: the persisted escalation machine and when to look again. */
export const ticketEscalations = pgTable(
  'ticket_escalations',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => escalationPolicies.id, { onDelete: 'restrict' }),
    machine: jsonb('machine').$type<PersistedEscalation>().notNull(),
    state: text('state').notNull(),
    nextCheckAt: timestamptz('next_check_at'),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    index('ticket_escalations_next_check_idx').on(t.nextCheckAt).where(sql`${t.nextCheckAt} is not null`),
  ],
);

/** In-app notifications (the outbox; e-mail and webhook delivery arrive later). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    /** The fired effect that caused it: a retried batch never notifies twice. */
    dedupKey: text('dedup_key').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    createdAt: timestamptz('created_at').notNull(),
    readAt: timestamptz('read_at'),
  },
  (t) => [
    unique('notifications_user_dedup').on(t.userId, t.dedupKey),
    index('notifications_user_created_idx').on(t.userId, t.createdAt.desc()),
  ],
);

export type SlaClockRow = typeof slaClocks.$inferSelect;
export type SlaPolicyRow = typeof slaPolicies.$inferSelect;
export type BusinessCalendarRow = typeof businessCalendars.$inferSelect;
