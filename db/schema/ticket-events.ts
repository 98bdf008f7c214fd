import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { ACTOR_TYPES } from '../../workflows/tickets/constants';
import { inList, lowerHex, timestamptz } from './sql-helpers';
import { tickets } from './tickets';

/**
 * The append-only audit log. Each row carries the SHA-256 of its canonical content chained to the
 * previous row of the same ticket (see server/services/kernel/chain.ts). A trigger installed by
 * migration 0001 refuses UPDATE, DELETE and TRUNCATE.
 */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'restrict' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    /** The user's id for actor_type 'user'; null for system and integration actors. */
    actorId: uuid('actor_id'),
    /** Human-readable actor ("noc@watchfloor.test", "scheduler", "alertmanager:prod"), kept even if the user goes. */
    actorLabel: text('actor_label').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamptz('occurred_at').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    unique('ticket_events_ticket_seq_unique').on(t.ticketId, t.seq),
    check('ticket_events_seq_positive', sql`${t.seq} > 0`),
    check('ticket_events_actor_type_valid', inList(t.actorType, ACTOR_TYPES)),
    check('ticket_events_user_actor_has_id', sql`(${t.actorType} = 'user') = (${t.actorId} is not null)`),
    check('ticket_events_hash_format', sql`${lowerHex(t.hash, 64)} and ${lowerHex(t.prevHash, 64)}`),
    // `^[a-z][a-z0-9_.]{1,63}$` without the bounded repeat (see lowerHex): 2–64 characters.
    check(
      'ticket_events_type_format',
      sql`char_length(${t.type}) between 2 and 64 and ${t.type} ~ '^[a-z][a-z0-9_.]*$'`,
    ),
    // Time-range reads of the whole log (exports): BRIN, because events arrive in time order and a
    // B-tree entry per event is a cost every write pays.
    index('ticket_events_occurred_brin').using('brin', t.occurredAt),
    // Search over comments (server/services/search): the comment events' bodies only.
    index('ticket_events_comment_search_idx')
      .using('gin', sql`to_tsvector('simple', ${t.payload} ->> 'body')`)
      .where(sql`${t.type} = 'comment.added'`),
  ],
);

export type TicketEvent = typeof ticketEvents.$inferSelect;

/**
 * Security and administration events that belong to no ticket: sign-in lockouts, sign-out everywhere,
 * role changes, admin edits. Append-only like ticket_events (trigger in migration 0009).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text('type').notNull(),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    /** What the event is about, e.g. `user:<id>`, `account:<email>`, `sla_policy:<id>`. */
    subject: text('subject').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamptz('occurred_at').notNull(),
  },
  (t) => [
    check('audit_log_actor_type_valid', inList(t.actorType, ACTOR_TYPES)),
    check('audit_log_user_actor_has_id', sql`(${t.actorType} = 'user') = (${t.actorId} is not null)`),
    check(
      'audit_log_type_format',
      sql`char_length(${t.type}) between 2 and 64 and ${t.type} ~ '^[a-z][a-z0-9_.]*$'`,
    ),
    check('audit_log_subject_present', sql`char_length(${t.subject}) between 1 and 400`),
    index('audit_log_subject_idx').on(t.subject, t.occurredAt),
    index('audit_log_occurred_brin').using('brin', t.occurredAt),
  ],
);

export type AuditLogEntry = typeof auditLog.$inferSelect;
