import { type DatabaseHandle, getDatabase } from '../db/client';
import { startInProcessScheduler } from './scheduler/in-process';
import { systemClock } from './services/kernel/context';
import { SeedConfigurationError, seedIfEmpty, seedOptionsFromEnv } from './services/seed/seed';

/** Opens and migrates the database, and seeds it on the first start of an empty one. */
export async function bootstrap(): Promise<DatabaseHandle> {
  const handle = await getDatabase();
  const seeded = await seedIfEmpty(handle.db, seedOptionsFromEnv(systemClock));
  if (seeded) console.log('[watchfloor] seeded an empty database');
  return handle;
}

/** The server process: bootstrap, then the SLA scheduler in-process (single-node mode). */
export async function startServer(): Promise<void> {
  const handle = await bootstrap().catch((error: unknown) => {
    // Next.js keeps serving (every request failing) after a failed instrumentation hook: a setting that
    // cannot work stops the process instead, with the reason as the last line of the log.
    if (error instanceof SeedConfigurationError) {
      console.error(`[watchfloor] ${error.message}`);
      process.exit(1);
    }
    throw error;
  });
  startInProcessScheduler(handle);
}
