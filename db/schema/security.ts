import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { HANDOFF_STATUSES, OPEN_HANDOFF_STATUSES, TASK_KINDS } from '../../workflows/handoffs/constants';
import type { HandoffPacket } from '../../workflows/handoffs/packet';
import type { PersistedLifecycle } from '../../workflows/machines/registry';
import {
  ATTACK_TACTICS,
  CONFIDENCE_LEVELS,
  NOC_ACTION_KINDS,
  OBSERVABLE_TYPES,
  TASK_STATUSES,
} from '../../workflows/security/constants';
import { SEVERITIES, TLP_LEVELS } from '../../workflows/tickets/constants';
import { inList, lowerHex, timestamptz } from './sql-helpers';
import { tickets } from './tickets';
import { users } from './users';

/**
 * A NOC → SOC handoff (DESIGN §2.3): the structured packet the NOC filled in, the persisted handoff
 * machine, and the SOC's decision. Changes go through the outage's engine command (its row is the lock
 * and its audit chain records them); the acceptance OLA clock is the outage's, keyed by the handoff id.
 */
export const handoffs = pgTable(
  'handoffs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    outageId: uuid('outage_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'restrict' }),
    /** The security incident it was accepted into (created or existing). */
    incidentId: uuid('incident_id').references(() => tickets.id, { onDelete: 'restrict' }),
    status: text('status', { enum: HANDOFF_STATUSES }).notNull(),
    machine: jsonb('machine').$type<PersistedLifecycle>().notNull(),
    hypothesis: text('hypothesis').notNull(),
    confidence: text('confidence', { enum: CONFIDENCE_LEVELS }).notNull(),
    symptomStartAt: timestamptz('symptom_start_at').notNull(),
    recommendedSeverity: text('recommended_severity', { enum: SEVERITIES }).notNull(),
    recommendedTlp: text('recommended_tlp', { enum: TLP_LEVELS }).notNull(),
    /** Observables, NOC actions taken, evidence collected and people involved, as the NOC wrote them. */
    packet: jsonb('packet').$type<HandoffPacket>().notNull(),
    requestedById: uuid('requested_by_id').references(() => users.id, { onDelete: 'set null' }),
    requestedAt: timestamptz('requested_at').notNull(),
    decidedById: uuid('decided_by_id').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamptz('decided_at'),
    declineReason: text('decline_reason'),
  },
  (t) => [
    check('handoffs_status_valid', inList(t.status, HANDOFF_STATUSES)),
    check('handoffs_confidence_valid', inList(t.confidence, CONFIDENCE_LEVELS)),
    check('handoffs_severity_valid', inList(t.recommendedSeverity, SEVERITIES)),
    check('handoffs_tlp_valid', inList(t.recommendedTlp, TLP_LEVELS)),
    check('handoffs_hypothesis_present', sql`length(btrim(${t.hypothesis})) between 1 and 5000`),
    check('handoffs_accepted_has_incident', sql`(${t.status} = 'accepted') = (${t.incidentId} is not null)`),
    check(
      'handoffs_declined_has_reason',
      sql`(${t.status} = 'declined') = (${t.declineReason} is not null and length(btrim(${t.declineReason})) > 0)`,
    ),
    check(
      'handoffs_decided_consistent',
      sql`(${t.status} in ('accepted', 'declined')) = (${t.decidedAt} is not null)`,
    ),
    // One handoff waiting for the SOC per outage; a declined one may be followed by a new request.
    uniqueIndex('handoffs_one_open_per_outage').on(t.outageId).where(inList(t.status, OPEN_HANDOFF_STATUSES)),
    index('handoffs_status_requested_idx').on(t.status, t.requestedAt),
    index('handoffs_incident_idx').on(t.incidentId),
  ],
);

/** Typed, normalised indicators per ticket; the (type, value) index answers "also seen in". */
export const observables = pgTable(
  'observables',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    type: text('type', { enum: OBSERVABLE_TYPES }).notNull(),
    /** Canonical form (workflows/security/observables.ts), so duplicates collide on the UNIQUE below. */
    value: text('value').notNull(),
    ioc: boolean('ioc').notNull().default(false),
    note: text('note').notNull().default(''),
    addedById: uuid('added_by_id').references(() => users.id, { onDelete: 'set null' }),
    addedAt: timestamptz('added_at').notNull(),
  },
  (t) => [
    unique('observables_ticket_type_value').on(t.ticketId, t.type, t.value),
    check('observables_type_valid', inList(t.type, OBSERVABLE_TYPES)),
    check('observables_value_length', sql`length(${t.value}) between 1 and 2048`),
    index('observables_type_value_idx').on(t.type, t.value),
    // Search (server/services/search): an indicator's value and the analyst's note about it.
    index('observables_search_idx').using('gin', sql`to_tsvector('simple', ${t.value} || ' ' || ${t.note})`),
  ],
);

/** Evidence items of a security incident; `custodian` is the holder after the latest custody entry. */
export const evidence = pgTable(
  'evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    collectedBy: text('collected_by').notNull(),
    collectedAt: timestamptz('collected_at').notNull(),
    location: text('location').notNull(),
    custodian: text('custodian').notNull(),
    addedAt: timestamptz('added_at').notNull(),
  },
  (t) => [
    unique('evidence_ticket_sha256').on(t.ticketId, t.sha256),
    check('evidence_sha256_hex', lowerHex(t.sha256, 64)),
    check('evidence_size_nonnegative', sql`${t.sizeBytes} >= 0`),
    check('evidence_name_present', sql`length(btrim(${t.name})) between 1 and 300`),
  ],
);

/**
 * The chain-of-custody ledger: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). Entry 1 is
 * the collection (from NULL); every later one is a transfer from the previous holder.
 */
export const custodyEntries = pgTable(
  'custody_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    evidenceId: uuid('evidence_id')
      .notNull()
      .references(() => evidence.id, { onDelete: 'restrict' }),
    seq: integer('seq').notNull(),
    fromCustodian: text('from_custodian'),
    toCustodian: text('to_custodian').notNull(),
    at: timestamptz('at').notNull(),
    reason: text('reason').notNull(),
    recordedById: uuid('recorded_by_id').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamptz('recorded_at').notNull(),
  },
  (t) => [
    unique('custody_entries_evidence_seq').on(t.evidenceId, t.seq),
    check('custody_entries_seq_positive', sql`${t.seq} > 0`),
    check('custody_entries_first_is_collection', sql`(${t.seq} = 1) = (${t.fromCustodian} is null)`),
    check('custody_entries_reason_present', sql`length(btrim(${t.reason})) > 0`),
  ],
);

/** MITRE ATT&CK techniques observed in an incident, each under the tactic it served. */
export const attackTechniques = pgTable(
  'attack_techniques',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    techniqueId: text('technique_id').notNull(),
    tactic: text('tactic', { enum: ATTACK_TACTICS }).notNull(),
    addedById: uuid('added_by_id').references(() => users.id, { onDelete: 'set null' }),
    addedAt: timestamptz('added_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.techniqueId, t.tactic] }),
    check('attack_techniques_id_format', sql`${t.techniqueId} ~ '^T[0-9]{4}([.][0-9]{3})?$'`),
    check('attack_techniques_tactic_valid', inList(t.tactic, ATTACK_TACTICS)),
  ],
);

/**
 * Work items on a ticket. A `noc_action` is the SOC asking the NOC for help: it lives on the outage (the
 * NOC's queue), names the incident that asked, and runs a `noc_action` OLA clock keyed by its id.
 */
export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: TASK_KINDS }).notNull(),
    action: text('action', { enum: NOC_ACTION_KINDS }),
    requestedByTicketId: uuid('requested_by_ticket_id').references(() => tickets.id, {
      onDelete: 'restrict',
    }),
    title: text('title').notNull(),
    details: text('details').notNull().default(''),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    dueAt: timestamptz('due_at'),
    status: text('status', { enum: TASK_STATUSES }).notNull().default('open'),
    result: text('result'),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull(),
    completedById: uuid('completed_by_id').references(() => users.id, { onDelete: 'set null' }),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    check('tasks_kind_valid', inList(t.kind, TASK_KINDS)),
    check('tasks_status_valid', inList(t.status, TASK_STATUSES)),
    check('tasks_action_valid', sql`${t.action} is null or ${inList(t.action, NOC_ACTION_KINDS)}`),
    check(
      'tasks_noc_action_shape',
      sql`(${t.kind} = 'noc_action') = (${t.action} is not null and ${t.requestedByTicketId} is not null)`,
    ),
    check('tasks_title_length', sql`length(btrim(${t.title})) between 1 and 200`),
    check('tasks_done_consistent', sql`(${t.status} = 'open') = (${t.completedAt} is null)`),
    check(
      'tasks_noc_action_result',
      sql`${t.kind} <> 'noc_action' or ${t.status} <> 'done' or length(btrim(coalesce(${t.result}, ''))) > 0`,
    ),
    index('tasks_ticket_idx').on(t.ticketId, t.createdAt),
    index('tasks_requested_by_idx').on(t.requestedByTicketId),
  ],
);

export type HandoffRow = typeof handoffs.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
