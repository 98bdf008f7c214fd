import { sql } from 'drizzle-orm';
import { getDatabase } from '../../../db/client';
import { appliedMigration } from '../../../db/migrate';

export interface Health {
  status: 'ok' | 'unavailable';
  database: { reachable: boolean; engine: string | null; migration: string | null; error?: string };
}

/** Database reachability and the newest applied migration; never throws. */
export async function checkHealth(): Promise<Health> {
  try {
    const handle = await getDatabase();
    await handle.db.execute(sql`select 1`);
    return {
      status: 'ok',
      database: { reachable: true, engine: handle.engine, migration: await appliedMigration(handle) },
    };
  } catch (error) {
    // The reason helps operators; it is a connection error, never user data.
    const message = error instanceof Error ? error.message.split('\n')[0] : 'unknown error';
    return {
      status: 'unavailable',
      database: { reachable: false, engine: null, migration: null, error: message },
    };
  }
}
