import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../../../../db/schema';

/**
 * The name of the user a column points at (null when it points at none), as a select field: reads that
 * show who added or recorded something look the name up by primary key instead of each joining `users`.
 */
export function userNameOf(userId: AnyPgColumn): SQL<string | null> {
  return sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${userId})`;
}
