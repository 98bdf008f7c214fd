import type { SQL } from 'drizzle-orm';
import type { Reader } from './client';

/**
 * Rows of a raw SQL query. Both drivers answer `{ rows }`, but the engine-neutral Database type cannot
 * say so; this is the one place that bridges it.
 */
export async function queryRows<T>(db: Reader, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
