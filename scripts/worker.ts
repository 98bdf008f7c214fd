// `npm run worker`: an SLA scheduler process (run any number against one PostgreSQL, DATABASE_URL).
import { closeDatabase, getDatabase } from '../db/client';
import { runScheduler } from '../server/scheduler/worker';
import { systemClock } from '../server/services/kernel/context';

if (!process.env.DATABASE_URL) {
  console.error(
    '[worker] DATABASE_URL is not set. The embedded database can only be opened by one process, so with it the ' +
      'scheduler runs inside `npm start`. Point DATABASE_URL at PostgreSQL to run separate workers.',
  );
  process.exit(2);
}
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`[worker] ${signal}: finishing the current batch and stopping`);
    controller.abort();
  });
}
const handle = await getDatabase();
const pollMs = Number(process.env.WATCHFLOOR_SCHEDULER_POLL_MS ?? 5_000);
console.log(`[worker] sweeping SLA clocks every ≤ ${pollMs} ms`);
await runScheduler({ handle, now: systemClock, pollMs, signal: controller.signal });
await closeDatabase();
console.log('[worker] stopped');
