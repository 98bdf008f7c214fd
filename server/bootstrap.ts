import { type DatabaseHandle, getDatabase } from '../db/client';
import { seedIfEmpty, seedOptionsFromEnv } from './seed/seed';
import { systemClock } from './services/context';

/** Opens and migrates the database, and seeds it on the first start of an empty one. */
export async function bootstrap(): Promise<DatabaseHandle> {
  const handle = await getDatabase();
  const seeded = await seedIfEmpty(handle.db, seedOptionsFromEnv(systemClock));
  if (seeded) console.log('[watchfloor] seeded an empty database');
  return handle;
}
