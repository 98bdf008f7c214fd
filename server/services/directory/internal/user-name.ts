import { inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Reader } from '../../../../db/client';
import { users } from '../../../../db/schema';

/**
 * The name of the user a column points at (null when it points at none), as a select field: reads that
 * show who added or recorded something look the name up by primary key instead of each joining `users`.
 */
export function userNameOf(userId: AnyPgColumn): SQL<string | null> {
  return sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${userId})`;
}

/** Names of many users by id, in one query (ids that name no user are left out). */
export async function userNamesById(db: Reader, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}
