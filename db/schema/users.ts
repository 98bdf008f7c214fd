import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ROLES } from '../../workflows/tickets/constants';
import { organisations } from './organisations';
import { inList } from './sql-helpers';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    /** bcrypt hash; null for users who only sign in through OIDC. */
    passwordHash: text('password_hash'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('users_role_valid', inList(t.role, ROLES)),
    // Emails are stored lower-cased so the UNIQUE constraint is case-insensitive.
    check('users_email_normalised', sql`${t.email} = lower(${t.email}) and ${t.email} like '%_@_%'`),
    check('users_password_hash_format', sql`${t.passwordHash} is null or ${t.passwordHash} like '$2%'`),
    index('users_organisation_idx').on(t.organisationId),
  ],
);

export type User = typeof users.$inferSelect;
