import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ROLES } from '../../workflows/tickets/constants';
import { organisations } from './organisations';
import { inList, timestamptz } from './sql-helpers';

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
    /**
     * Sessions carry the epoch they were issued in; bumping it (sign-out everywhere, deactivation, a role
     * change) revokes every session issued before, checked on every request.
     */
    sessionEpoch: integer('session_epoch').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    /** The latest successful sign-in (password or single sign-on); null until the first. */
    lastSignInAt: timestamptz('last_sign_in_at'),
  },
  (t) => [
    check('users_role_valid', inList(t.role, ROLES)),
    // Emails are stored lower-cased so the UNIQUE constraint is case-insensitive.
    check('users_email_normalised', sql`${t.email} = lower(${t.email}) and ${t.email} like '%_@_%'`),
    check('users_password_hash_format', sql`${t.passwordHash} is null or ${t.passwordHash} like '$2%'`),
    index('users_organisation_idx').on(t.organisationId),
    check('users_name_present', sql`length(btrim(${t.name})) > 0`),
    check('users_session_epoch_nonnegative', sql`${t.sessionEpoch} >= 0`),
  ],
);

/**
 * Failed sign-ins per key (`account:<email>` or `address:<ip>`), shared by every app process: a window of
 * failures, and a lockout that doubles with each further failure while locked (backoff).
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull().default(0),
    windowStartedAt: timestamptz('window_started_at').notNull(),
    lockedUntil: timestamptz('locked_until'),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    check('sign_in_throttle_key_format', sql`${t.key} like 'account:%' or ${t.key} like 'address:%'`),
    check('sign_in_throttle_failures_nonnegative', sql`${t.failures} >= 0`),
    index('sign_in_throttle_updated_idx').on(t.updatedAt),
  ],
);

export type User = typeof users.$inferSelect;
