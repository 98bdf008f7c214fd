import { getTableColumns, type SQL, type Table } from 'drizzle-orm';
import type { Reader } from './client';

/**
 * Rows of a raw SQL query. Both drivers answer `{ rows }`, but the engine-neutral Database type cannot
 * say so; this is the one place that bridges it.
 */
export async function queryRows<T>(db: Reader, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Some columns of a table under their own names, for `select({ ...columnsOf(t, 'id', 'name'), … })`: a
 * read names what it needs once instead of spelling `id: t.id, name: t.name, …` out.
 */
export function columnsOf<T extends Table, K extends keyof T['_']['columns'] & string>(
  table: T,
  ...names: K[]
): Pick<T['_']['columns'], K> {
  const all = getTableColumns(table);
  return Object.fromEntries(names.map((name) => [name, all[name]])) as Pick<T['_']['columns'], K>;
}
