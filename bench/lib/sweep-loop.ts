// One sweep worker's loop, shared by the in-process runs (PGlite) and the worker threads (PostgreSQL):
// sweep until nothing is due, and when a claim comes back empty while clocks are still due (another worker
// holds them), wait for another worker's commit or 50 ms, as runScheduler waits for ticket_changed.

import { performance } from 'node:perf_hooks';
import { BroadcastChannel } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { queryRows } from '../../db/sql';
import type { SweepResult } from '../../server/services/sla/sweep-clocks';

export type SweepFn = (db: Database, now: Date, batchSize: number) => Promise<SweepResult>;

/** Milliseconds on a clock every thread of this process shares (performance.now() is per thread). */
export const absoluteNow = () => performance.timeOrigin + performance.now();

/** How the workers of one run tell each other about commits and failures. */
export interface Coordination {
  committed(): void;
  nextCommitOr(ms: number): Promise<void>;
  stopped(): boolean;
  stop(): void;
}

export interface SweepTally {
  /** Per batch that fired: when it committed (ms after the run's start) and how many events it applied. */
  commits: { atMs: number; fired: number }[];
  batches: number;
  events: number;
  emptyClaims: number;
  idleBatches: number;
}

export async function countDue(db: Database, now: Date): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from sla_clocks where next_check_at <= ${now}`,
  );
  return Number(row?.n);
}

export async function sweepUntilDone(options: {
  db: Database;
  sweep: SweepFn;
  now: Date;
  batchSize: number;
  /** The run's start on the absoluteNow() clock. */
  startedAt: number;
  timeoutMs: number;
  label: string;
  coordination: Coordination;
}): Promise<SweepTally> {
  const { db, sweep, now, batchSize, startedAt, coordination } = options;
  const tally: SweepTally = { commits: [], batches: 0, events: 0, emptyClaims: 0, idleBatches: 0 };
  while (!coordination.stopped()) {
    if (absoluteNow() - startedAt > options.timeoutMs)
      throw new Error(`${options.label}: not done after ${options.timeoutMs} ms`);
    let result: SweepResult;
    try {
      result = await sweep(db, now, batchSize);
    } catch (error) {
      coordination.stop();
      throw error;
    }
    const atMs = absoluteNow() - startedAt;
    if (result.tickets > 0) {
      tally.batches++;
      tally.events += result.fired;
      if (result.fired === 0) tally.idleBatches++;
      else tally.commits.push({ atMs, fired: result.fired });
      coordination.committed();
      continue;
    }
    if ((await countDue(db, now)) === 0) break;
    tally.emptyClaims++;
    await coordination.nextCommitOr(50);
  }
  return tally;
}

/** Workers sharing this thread: a list of sleepers. */
export function inProcessCoordination(): Coordination {
  let stopped = false;
  let waiters: (() => void)[] = [];
  const wakeAll = () => {
    const ready = waiters;
    waiters = [];
    for (const wake of ready) wake();
  };
  return {
    committed: wakeAll,
    nextCommitOr: (ms) =>
      new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        waiters.push(wake);
      }),
    stopped: () => stopped,
    stop: () => {
      stopped = true;
      wakeAll();
    },
  };
}

/** Workers in threads of their own: a BroadcastChannel (a thread does not hear its own messages). */
export function channelCoordination(name: string): Coordination & { close(): void } {
  const channel = new BroadcastChannel(name);
  let stopped = false;
  let wake: (() => void) | null = null;
  channel.onmessage = (message) => {
    if ((message as { data?: unknown }).data === 'stop') stopped = true;
    wake?.();
  };
  return {
    committed: () => channel.postMessage('commit'),
    nextCommitOr: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          wake = null;
          resolve();
        }, ms);
        wake = () => {
          clearTimeout(timer);
          wake = null;
          resolve();
        };
      }),
    stopped: () => stopped,
    stop: () => {
      stopped = true;
      channel.postMessage('stop');
    },
    close: () => channel.close(),
  };
}
