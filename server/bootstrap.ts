import { type DatabaseHandle, getDatabase } from '../db/client';
import { log } from './observability/log';
import { startInProcessScheduler } from './scheduler/in-process';
import { systemClock } from './services/kernel/context';
import { SeedConfigurationError, seedIfEmpty, seedOptionsFromEnv } from './services/seed/seed';

/** Opens and migrates the database, and seeds it on the first start of an empty one. */
export async function bootstrap(): Promise<DatabaseHandle> {
  const handle = await getDatabase();
  const seeded = await seedIfEmpty(handle.db, seedOptionsFromEnv(systemClock));
  if (seeded) log.info('seeded an empty database', { component: 'bootstrap' });
  return handle;
}

/** The server process: bootstrap, then the SLA scheduler in-process (single-node mode). */
export async function startServer(): Promise<void> {
  const handle = await bootstrap().catch((error: unknown) => {
    // Next.js keeps serving (every request failing) after a failed instrumentation hook: a setting that
    // cannot work stops the process instead, with the reason as the last line of the log.
    if (error instanceof SeedConfigurationError) {
      log.error(error.message, { component: 'bootstrap' });
      process.exit(1);
    }
    throw error;
  });
  startInProcessScheduler(handle);
}
