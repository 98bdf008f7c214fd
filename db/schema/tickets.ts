import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PersistedLifecycle } from '../../workflows/machines/registry';
import { FUNCTIONAL_IMPACTS, INFORMATION_IMPACTS, RECOVERABILITY } from '../../workflows/security/constants';
import { NOTICE_AUDIENCES } from '../../workflows/status/constants';
import {
  IMPACTS,
  OUTAGE_CAUSES,
  OUTAGE_STATUSES,
  PRIORITIES,
  SECURITY_LINK_STATES,
  SECURITY_RESOLUTIONS,
  SECURITY_STATUSES,
  SEVERITIES,
  TICKET_KINDS,
  TICKET_LINK_TYPES,
  TICKET_SOURCES,
  TICKET_STATUSES,
  TLP_LEVELS,
  URGENCIES,
} from '../../workflows/tickets/constants';
import { organisations } from './organisations';
import { services } from './services';
import { inList, lowerHex, timestamptz } from './sql-helpers';
import { users } from './users';

// One sequence per kind so numbers read OUT-1, OUT-2 … and SEC-1 … independently. Sequences are not
// transactional: a rolled-back create leaves a gap, which is normal for ticket numbers.
export const outageNumberSeq = pgSequence('outage_number_seq', { startWith: 1000 });
export const securityNumberSeq = pgSequence('security_number_seq', { startWith: 1 });

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: TICKET_KINDS }).notNull(),
    number: integer('number').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    impact: text('impact', { enum: IMPACTS }).notNull(),
    urgency: text('urgency', { enum: URGENCIES }).notNull(),
    priority: text('priority', { enum: PRIORITIES }).notNull(),
    /** Set when the priority differs from the impact × urgency matrix. */
    priorityOverrideReason: text('priority_override_reason'),
    /** Denormalised from the lifecycle snapshot for queues and indexes. */
    status: text('status', { enum: TICKET_STATUSES }).notNull(),
    securityLink: text('security_link', { enum: SECURITY_LINK_STATES }),
    lifecycle: jsonb('lifecycle').$type<PersistedLifecycle>().notNull(),
    /** Optimistic concurrency: every write is `UPDATE … WHERE version = ?`. */
    version: integer('version').notNull().default(1),
    /**
     * The head of the ticket's audit chain (last sequence number and hash), written with every append: it
     * anchors the chain so that deleting its newest events is detected too, and saves a lookup per write.
     */
    eventSeq: integer('event_seq').notNull().default(0),
    eventHash: text('event_hash')
      .notNull()
      .default('0000000000000000000000000000000000000000000000000000000000000000'),
    source: text('source', { enum: TICKET_SOURCES }).notNull().default('manual'),
    dedupKey: text('dedup_key'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    // Outage-only: what RESOLVE recorded (cleared by REOPEN). Shown on the timeline and the status page.
    resolutionSummary: text('resolution_summary'),
    causeCategory: text('cause_category', { enum: OUTAGE_CAUSES }),
    // Security-only fields (NULL on outages, enforced below).
    severity: text('severity', { enum: SEVERITIES }),
    tlp: text('tlp', { enum: TLP_LEVELS }),
    pap: text('pap', { enum: TLP_LEVELS }),
    classification: text('classification'),
    resolution: text('resolution', { enum: SECURITY_RESOLUTIONS }),
    rootCause: text('root_cause'),
    lessonsLearned: text('lessons_learned'),
    /** NIST SP 800-61 impact factors recorded with the severity. */
    functionalImpact: text('functional_impact', { enum: FUNCTIONAL_IMPACTS }),
    informationImpact: text('information_impact', { enum: INFORMATION_IMPACTS }),
    recoverability: text('recoverability', { enum: RECOVERABILITY }),
    /** What the NOC's stub of a handed-off incident shows besides number and state (DESIGN §2.9). */
    publicSummary: text('public_summary'),
    /** A customer notice: nothing of a security incident reaches a customer until it is published. */
    noticeTitle: text('notice_title'),
    noticeBody: text('notice_body'),
    noticePublishedAt: timestamptz('notice_published_at'),
    /** Chosen when publishing: the customer's people only, or also anonymous visitors of its status page. */
    noticeAudience: text('notice_audience', { enum: NOTICE_AUDIENCES }),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    acknowledgedAt: timestamptz('acknowledged_at'),
    resolvedAt: timestamptz('resolved_at'),
    closedAt: timestamptz('closed_at'),
  },
  (t) => [
    unique('tickets_kind_number_unique').on(t.kind, t.number),
    check('tickets_kind_valid', inList(t.kind, TICKET_KINDS)),
    check(
      'tickets_status_valid_for_kind',
      sql`(${t.kind} = 'outage' and ${inList(t.status, OUTAGE_STATUSES)}) or (${t.kind} = 'security' and ${inList(t.status, SECURITY_STATUSES)})`,
    ),
    check('tickets_priority_valid', inList(t.priority, PRIORITIES)),
    check(
      'tickets_outage_resolution',
      sql`(${t.kind} = 'outage' or (${t.resolutionSummary} is null and ${t.causeCategory} is null)) and (${t.causeCategory} is null or ${inList(t.causeCategory, OUTAGE_CAUSES)}) and (${t.resolutionSummary} is null or length(btrim(${t.resolutionSummary})) between 1 and 4000)`,
    ),
    check('tickets_impact_valid', inList(t.impact, IMPACTS)),
    check('tickets_urgency_valid', inList(t.urgency, URGENCIES)),
    check('tickets_source_valid', inList(t.source, TICKET_SOURCES)),
    check('tickets_number_positive', sql`${t.number} > 0`),
    check('tickets_version_positive', sql`${t.version} > 0`),
    check('tickets_event_head', sql`${t.eventSeq} >= 0 and ${lowerHex(t.eventHash, 64)}`),
    check('tickets_title_length', sql`length(btrim(${t.title})) between 1 and 200`),
    check(
      'tickets_override_reason_present',
      sql`${t.priorityOverrideReason} is null or length(btrim(${t.priorityOverrideReason})) > 0`,
    ),
    // The security link region exists only on outages; security fields only on security incidents.
    check(
      'tickets_security_link_kind',
      sql`(${t.kind} = 'outage') = (${t.securityLink} is not null) and (${t.securityLink} is null or ${inList(t.securityLink, SECURITY_LINK_STATES)})`,
    ),
    check(
      'tickets_security_fields_kind',
      sql`${t.kind} = 'security' or (${t.severity} is null and ${t.tlp} is null and ${t.pap} is null and ${t.classification} is null and ${t.resolution} is null and ${t.rootCause} is null and ${t.lessonsLearned} is null and ${t.functionalImpact} is null and ${t.informationImpact} is null and ${t.recoverability} is null and ${t.publicSummary} is null and ${t.noticeTitle} is null and ${t.noticeBody} is null and ${t.noticePublishedAt} is null and ${t.noticeAudience} is null)`,
    ),
    check(
      'tickets_notice_complete',
      sql`(${t.noticePublishedAt} is null) = (${t.noticeAudience} is null) and ((${t.noticePublishedAt} is null) or (length(btrim(${t.noticeTitle})) > 0 and length(btrim(${t.noticeBody})) > 0 and ${inList(t.noticeAudience, NOTICE_AUDIENCES)}))`,
    ),
    check(
      'tickets_impact_factors_valid',
      sql`(${t.functionalImpact} is null or ${inList(t.functionalImpact, FUNCTIONAL_IMPACTS)}) and (${t.informationImpact} is null or ${inList(t.informationImpact, INFORMATION_IMPACTS)}) and (${t.recoverability} is null or ${inList(t.recoverability, RECOVERABILITY)})`,
    ),
    check('tickets_severity_valid', sql`${t.severity} is null or ${inList(t.severity, SEVERITIES)}`),
    check('tickets_tlp_valid', sql`${t.tlp} is null or ${inList(t.tlp, TLP_LEVELS)}`),
    check('tickets_pap_valid', sql`${t.pap} is null or ${inList(t.pap, TLP_LEVELS)}`),
    check(
      'tickets_resolution_valid',
      sql`${t.resolution} is null or ${inList(t.resolution, SECURITY_RESOLUTIONS)}`,
    ),
    check(
      'tickets_timestamps_ordered',
      sql`${t.updatedAt} >= ${t.createdAt} and (${t.acknowledgedAt} is null or ${t.acknowledgedAt} >= ${t.createdAt}) and (${t.resolvedAt} is null or ${t.resolvedAt} >= ${t.createdAt}) and (${t.closedAt} is null or ${t.closedAt} >= ${t.createdAt})`,
    ),
    check('tickets_dedup_key_length', sql`${t.dedupKey} is null or length(${t.dedupKey}) between 1 and 255`),
    // Queues: newest first within a kind / organisation, with the id as a stable tie-breaker for cursors.
    index('tickets_kind_created_idx').on(t.kind, t.createdAt.desc(), t.id.desc()),
    index('tickets_org_created_idx').on(t.organisationId, t.createdAt.desc(), t.id.desc()),
    index('tickets_status_idx').on(t.kind, t.status),
    // The open queues (tickets.list with openOnly): a few thousand open tickets among millions of done
    // ones. The predicate is the list's `status not in ('resolved', 'closed')` (DONE_STATUSES) exactly.
    index('tickets_open_idx')
      .on(t.kind, t.createdAt, t.id)
      .where(sql`${t.status} not in ('resolved', 'closed')`),
    // Customers' published security notices.
    index('tickets_notice_idx')
      .on(t.organisationId, t.noticePublishedAt.desc())
      .where(sql`${t.noticePublishedAt} is not null`),
    index('tickets_dedup_idx').on(t.source, t.dedupKey).where(sql`${t.dedupKey} is not null`),
    // Search (server/services/search): full text of titles and descriptions apart, because customers
    // search titles only. The queries repeat these expressions exactly, or the indexes do not serve.
    index('tickets_title_search_idx').using('gin', sql`to_tsvector('simple', ${t.title})`),
    index('tickets_description_search_idx').using('gin', sql`to_tsvector('simple', ${t.description})`),
  ],
);

/**
 * Typed links between tickets, stored once per direction as written ("A duplicates B"); readers show
 * both ends. A handoff links an outage and its security incident.
 */
export const ticketLinks = pgTable(
  'ticket_links',
  {
    fromTicketId: uuid('from_ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    toTicketId: uuid('to_ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    type: text('type', { enum: TICKET_LINK_TYPES }).notNull(),
    createdAt: timestamptz('created_at').notNull(),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.fromTicketId, t.toTicketId, t.type] }),
    check('ticket_links_not_self', sql`${t.fromTicketId} <> ${t.toTicketId}`),
    check('ticket_links_type_valid', inList(t.type, TICKET_LINK_TYPES)),
    index('ticket_links_to_idx').on(t.toTicketId),
  ],
);

/** Services an outage affects; may span customers when infrastructure is shared. */
export const ticketServices = pgTable(
  'ticket_services',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.serviceId] }),
    index('ticket_services_service_idx').on(t.serviceId),
  ],
);

export type Ticket = typeof tickets.$inferSelect;
