import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  numeric,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ORGANISATION_KINDS } from '../../workflows/organisations/constants';
import { slaPolicies } from './sla';
import { inList, timestamptz } from './sql-helpers';

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Contractual availability commitment in percent, e.g. 99.9. */
    availabilityCommitment: numeric('availability_commitment', { precision: 6, scale: 3, mode: 'number' })
      .notNull()
      .default(99.9),
    /** Pages are public only when the organisation chooses it (an operator's page is not public by accident). */
    statusPagePublic: boolean('status_page_public').notNull().default(false),
    /** Share of time in each status that counts as downtime (DESIGN §2.6 defaults: 1, 0.3, 0). */
    weightMajor: numeric('weight_major', { precision: 4, scale: 3, mode: 'number' }).notNull().default(1),
    weightPartial: numeric('weight_partial', { precision: 4, scale: 3, mode: 'number' })
      .notNull()
      .default(0.3),
    weightDegraded: numeric('weight_degraded', { precision: 4, scale: 3, mode: 'number' })
      .notNull()
      .default(0),
    /** The contract's SLA policy; null = no SLA clocks for this organisation's tickets. */
    slaPolicyId: uuid('sla_policy_id').references((): AnyPgColumn => slaPolicies.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('organisations_slug_format', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{1,62}$'`),
    check('organisations_kind_valid', inList(t.kind, ORGANISATION_KINDS)),
    check('organisations_name_present', sql`length(btrim(${t.name})) > 0`),
    check(
      'organisations_commitment_range',
      sql`${t.availabilityCommitment} > 0 and ${t.availabilityCommitment} <= 100`,
    ),
    check(
      'organisations_weights_range',
      sql`${t.weightMajor} between 0 and 1 and ${t.weightPartial} between 0 and 1 and ${t.weightDegraded} between 0 and 1`,
    ),
    // Exactly one operator: the organisation that runs the NOC and SOC.
    uniqueIndex('organisations_single_operator').on(t.kind).where(sql`${t.kind} = 'operator'`),
  ],
);

export type Organisation = typeof organisations.$inferSelect;
