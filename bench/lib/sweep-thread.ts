// A sweep worker in a thread of its own, with its own connection: what one `npm run worker` process is,
// without the cost of starting processes. Started by runSweepInThreads (bench/sla-sweep.ts) through
// thread-entry.mjs; it connects, warms the JIT up, says `ready`, sweeps from `go` until nothing is due and
// posts its tally (and, when asked, the time per statement class).

import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { fromPostgres } from '../../db/client';
import { sweepDueClocks } from '../../server/services/sla/sweep-clocks';
import { type BreakdownRow, baselineBatch, classifyStatement, warmUp } from '../sla-sweep';
import { withQueryHook } from './postgres';
import { channelCoordination, sweepUntilDone } from './sweep-loop';

export interface SweepThreadData {
  entry: string;
  url: string;
  kind: 'sweep' | 'baseline';
  label: string;
  nowMs: number;
  batchSize: number;
  timeoutMs: number;
  channel: string;
  /** Time every statement by class (the breakdown table). */
  instrument: boolean;
}

export type SweepThreadMessage =
  | { type: 'ready' }
  | { type: 'done'; tally: Awaited<ReturnType<typeof sweepUntilDone>>; breakdown: BreakdownRow[] }
  | { type: 'failed'; message: string };

const data = workerData as SweepThreadData;
const port = parentPort!;
const post = (message: SweepThreadMessage) => port.postMessage(message);

const handle = fromPostgres(data.url, 1);
const coordination = channelCoordination(data.channel);
try {
  await handle.db.execute(sql`select 1`);
  warmUp();
  const startedAt = await new Promise<number>((resolve) => {
    port.once('message', (message: { startedAt: number }) => resolve(message.startedAt));
    post({ type: 'ready' });
  });
  const byClass = new Map<string, BreakdownRow>();
  const run = () =>
    sweepUntilDone({
      db: handle.db,
      sweep: data.kind === 'sweep' ? sweepDueClocks : baselineBatch,
      now: new Date(data.nowMs),
      batchSize: data.batchSize,
      startedAt,
      timeoutMs: data.timeoutMs,
      label: data.label,
      coordination,
    });
  const tally = data.instrument
    ? await withQueryHook((text, _values, ms) => {
        const what = classifyStatement(text);
        const row = byClass.get(what) ?? { what, statements: 0, totalMs: 0 };
        row.statements++;
        row.totalMs += ms;
        byClass.set(what, row);
      }, run)
    : await run();
  post({ type: 'done', tally, breakdown: [...byClass.values()] });
  // The connection stays open until the parent has read the backends' CPU time (/proc/<pid>).
  await new Promise((resolve) => port.once('message', resolve));
} catch (error) {
  coordination.stop();
  post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  coordination.close();
  await handle.close().catch(() => {});
}
