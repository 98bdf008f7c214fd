import { sql } from 'drizzle-orm';
import { check, integer, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';
import { timestamptz } from './sql-helpers';

/** A status-page component: something a customer buys and can see the health of. */
export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    groupName: text('group_name'),
    availabilityCommitment: numeric('availability_commitment', { precision: 6, scale: 3, mode: 'number' })
      .notNull()
      .default(99.9),
    position: integer('position').notNull().default(0),
    /**
     * Retired services stay for the tickets and history that name them, but leave the status page and
     * the pickers, and new tickets cannot name them.
     */
    retiredAt: timestamptz('retired_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('services_org_slug_unique').on(t.organisationId, t.slug),
    // The target of composite foreign keys that keep status rows within one organisation.
    unique('services_id_org_unique').on(t.id, t.organisationId),
    check('services_slug_format', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{0,62}$'`),
    check('services_name_present', sql`length(btrim(${t.name})) > 0`),
    check(
      'services_commitment_range',
      sql`${t.availabilityCommitment} > 0 and ${t.availabilityCommitment} <= 100`,
    ),
  ],
);

export type Service = typeof services.$inferSelect;
