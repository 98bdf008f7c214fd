import type { DatabaseHandle } from '../../db/client';
import { log } from '../observability/log';
import { systemClock } from '../services/kernel/context';
import { runScheduler } from './worker';

const globalKey = Symbol.for('watchfloor.scheduler');
type GlobalWithScheduler = typeof globalThis & { [globalKey]?: AbortController };

/**
 * Single-node mode: the app process runs the scheduler loop itself (always with the embedded database,
 * which only one process may open). WATCHFLOOR_SCHEDULER=off leaves it to `npm run worker` processes.
 */
export function startInProcessScheduler(handle: DatabaseHandle): void {
  const g = globalThis as GlobalWithScheduler;
  const mode = (process.env.WATCHFLOOR_SCHEDULER ?? 'on').toLowerCase();
  if (g[globalKey] || (mode === 'off' && handle.engine === 'postgres')) return;
  const controller = new AbortController();
  g[globalKey] = controller;
  const pollMs = Number(process.env.WATCHFLOOR_SCHEDULER_POLL_MS ?? 5_000);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => controller.abort());
  runScheduler({ handle, now: systemClock, pollMs, signal: controller.signal }).catch((error) =>
    log.error('scheduler stopped', { component: 'scheduler', error }),
  );
  log.info('scheduler running in-process', { component: 'scheduler', pollMs });
}
