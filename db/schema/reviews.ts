import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { FOLLOW_UP_STATUSES, REVIEW_STATUSES, REVIEW_TEXT_MAX } from '../../workflows/reviews/constants';
import { inList, timestamptz } from './sql-helpers';
import { tickets } from './tickets';
import { users } from './users';

const withinLength = (column: Parameters<typeof inList>[0]) =>
  sql`length(${column}) <= ${sql.raw(String(REVIEW_TEXT_MAX))}`;

/**
 * The post-incident review of an outage: one per outage (UNIQUE), written as a draft and then published.
 * Its timeline is not stored: it is derived from the ticket and its clocks when read. Changes go through
 * the outage's engine command, so the outage's row is the lock and its audit chain records them. That the
 * ticket is an outage is checked by a trigger (migration 0011): a CHECK cannot look at another table.
 */
export const postIncidentReviews = pgTable(
  'post_incident_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .unique('post_incident_reviews_one_per_ticket')
      .references(() => tickets.id, { onDelete: 'cascade' }),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('draft'),
    impact: text('impact').notNull().default(''),
    rootCause: text('root_cause').notNull().default(''),
    wentWell: text('went_well').notNull().default(''),
    toImprove: text('to_improve').notNull().default(''),
    /** Bumped by every saved draft: a save against an older revision answers CONFLICT. */
    revision: integer('revision').notNull().default(1),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull(),
    updatedById: uuid('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamptz('updated_at').notNull(),
    publishedById: uuid('published_by_id').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: timestamptz('published_at'),
  },
  (t) => [
    check('post_incident_reviews_status_valid', inList(t.status, REVIEW_STATUSES)),
    check(
      'post_incident_reviews_text_length',
      sql`${withinLength(t.impact)} and ${withinLength(t.rootCause)} and ${withinLength(t.wentWell)} and ${withinLength(t.toImprove)}`,
    ),
    check('post_incident_reviews_revision_positive', sql`${t.revision} > 0`),
    check(
      'post_incident_reviews_published_consistent',
      sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`,
    ),
    // What a published review must say: what the customers suffered and why.
    check(
      'post_incident_reviews_published_complete',
      sql`${t.status} <> 'published' or (length(btrim(${t.impact})) > 0 and length(btrim(${t.rootCause})) > 0)`,
    ),
    check(
      'post_incident_reviews_timestamps_ordered',
      sql`${t.updatedAt} >= ${t.createdAt} and (${t.publishedAt} is null or ${t.publishedAt} >= ${t.createdAt})`,
    ),
  ],
);

/** A follow-up action of a review: what will be done, by whom (a staff user), by when. */
export const reviewFollowUps = pgTable(
  'review_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => postIncidentReviews.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** A calendar date (the owner's working day), not an instant. */
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: FOLLOW_UP_STATUSES }).notNull().default('open'),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull(),
    completedById: uuid('completed_by_id').references(() => users.id, { onDelete: 'set null' }),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    check('review_follow_ups_status_valid', inList(t.status, FOLLOW_UP_STATUSES)),
    check('review_follow_ups_title_length', sql`length(btrim(${t.title})) between 1 and 200`),
    check('review_follow_ups_due_range', sql`${t.dueOn} between '1970-01-01' and '2199-12-31'`),
    check('review_follow_ups_done_consistent', sql`(${t.status} = 'done') = (${t.completedAt} is not null)`),
    check(
      'review_follow_ups_completed_after_created',
      sql`${t.completedAt} is null or ${t.completedAt} >= ${t.createdAt}`,
    ),
    index('review_follow_ups_review_idx').on(t.reviewId, t.createdAt),
    // "My follow-ups": an owner's open actions by due date.
    index('review_follow_ups_owner_open_idx').on(t.ownerId, t.dueOn).where(sql`${t.status} = 'open'`),
  ],
);

export type PostIncidentReviewRow = typeof postIncidentReviews.$inferSelect;
export type ReviewFollowUpRow = typeof reviewFollowUps.$inferSelect;
