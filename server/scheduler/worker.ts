import { min } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import { slaClocks, ticketEscalations } from '../../db/schema';
import { sweepDueClocks } from './sweep-clocks';
import { sweepDueEscalations } from './sweep-escalations';

export interface SchedulerOptions {
  handle: DatabaseHandle;
  now: () => Date;
  /** Longest sleep between sweeps; work due sooner, or a ticket change, wakes the loop earlier. */
  pollMs?: number;
  batchSize?: number;
  signal: AbortSignal;
  log?: (message: string) => void;
}

/**
 * The durable timer loop: sweeps until nothing is due, then sleeps until the earliest next check, the poll
 * interval, or a `ticket_changed` notification (a new or resumed clock may be due sooner), whichever comes
 * first. Any number of these may run against one PostgreSQL; correctness never depends on this process
 * staying up, since everything due is found again from the database.
 */
export async function runScheduler(options: SchedulerOptions): Promise<void> {
  const { handle, now, signal } = options;
  const pollMs = options.pollMs ?? 5_000;
  const log = options.log ?? ((m: string) => console.log(`[scheduler] ${m}`));
  let wake: (() => void) | null = null;
  const unlisten = await listen(handle, () => wake?.());
  signal.addEventListener('abort', () => wake?.(), { once: true });
  try {
    while (!signal.aborted) {
      try {
        let batch = await sweepDueClocks(handle.db, now(), options.batchSize);
        while (batch.tickets > 0 && !signal.aborted) {
          if (batch.fired) log(`fired ${batch.fired} SLA checks on ${batch.tickets} tickets`);
          batch = await sweepDueClocks(handle.db, now(), options.batchSize);
        }
        // Escalations after clocks: a breach recorded above is a fact the levels may trigger on.
        let escalations = await sweepDueEscalations(handle.db, now());
        while (escalations.tickets > 0 && !signal.aborted) {
          if (escalations.fired) log(`fired ${escalations.fired} escalation levels`);
          escalations = await sweepDueEscalations(handle.db, now());
        }
      } catch (error) {
        // A failed batch rolled back whole; the same work is found again on the next round.
        log(`sweep failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
      }
      const delay = await untilNextCheck(handle, now(), pollMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    await unlisten();
  }
}

async function untilNextCheck(handle: DatabaseHandle, now: Date, pollMs: number): Promise<number> {
  const [clock] = await handle.db.select({ next: min(slaClocks.nextCheckAt) }).from(slaClocks);
  const [escalation] = await handle.db
    .select({ next: min(ticketEscalations.nextCheckAt) })
    .from(ticketEscalations);
  const next = [clock?.next, escalation?.next]
    .filter((d): d is Date => d !== null && d !== undefined)
    .map((d) => new Date(d).getTime() - now.getTime());
  return Math.max(50, Math.min(pollMs, ...next));
}

/** LISTEN ticket_changed on a connection of its own (PostgreSQL) or the embedded instance (PGlite). */
async function listen(handle: DatabaseHandle, onChange: () => void): Promise<() => Promise<void>> {
  if (handle.pglite) return handle.pglite.listen('ticket_changed', onChange);
  const client = await handle.pool!.connect();
  client.on('notification', onChange);
  await client.query('listen ticket_changed');
  return async () => {
    await client.query('unlisten ticket_changed').catch(() => {});
    client.release();
  };
}
