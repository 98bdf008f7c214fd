import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { DatabaseHandle } from './client';
import { queryRows } from './sql';

export function migrationsFolder(): string {
  return path.resolve(
    /*turbopackIgnore: true*/ process.env.WATCHFLOOR_MIGRATIONS_DIR ??
      path.join(process.cwd(), 'db', 'migrations'),
  );
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 7_311_042;

/** Applies pending migrations. On PostgreSQL an advisory lock keeps concurrently starting nodes in line. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (handle.engine === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, config);
    return;
  }
  const client = await handle.pool!.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePostgres(handle.db as unknown as NodePgDatabase, config);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

/** The tag of the newest applied migration (e.g. `0001_audit_append_only`), or null when none is. */
export async function appliedMigration(handle: DatabaseHandle): Promise<string | null> {
  const [row] = await queryRows<{ created_at: string | number }>(
    handle.db,
    sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  if (!row) return null;
  const journal = JSON.parse(
    readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  const when = Number(row.created_at);
  return journal.entries.find((entry) => entry.when === when)?.tag ?? `unknown (${when})`;
}
