// Benchmark: breach latency at a sustained 1,000 breaches/s (issue #15: p99 ≤ 1 s), the steady-state
// counterpart of bench/sla-sweep.ts's burst (10,000 due at one instant).
//
//   npx tsx bench/sla-sustained.ts        (npm run bench:sla-sustained)
//
// In a database of its own (wf_sustained_<pid> on BENCH_DATABASE_URL, DATABASE_URL or
// postgres://postgres@127.0.0.1:5432/postgres, dropped at the end) it loads, set-based, BACKGROUND outage
// tickets whose response clocks are due days later, and RATE × SECONDS more whose response clocks come due
// one after another, RATE per second (one every millisecond at 1,000/s), their warnings already fired, so
// each fires exactly one breach. Then WORKERS sweep loops (server/services/sla/sweep-clocks.ts, batches of
// 500, each on its own connection) run against a simulated clock that advances with real time from the
// first due instant: a loop that finds nothing due waits POLL_MS, as the scheduler waits for the next due
// instant. A clock's breach latency is its batch's commit minus its due instant.
// The loops share this process's event loop (the burst bench runs them in threads): on this figure the
// database, not the Node side, is the bottleneck.
// BENCH_SUSTAINED_SECONDS (20; 5 with BENCH_QUICK=1), BENCH_SUSTAINED_RATE (1000), BENCH_SUSTAINED_WORKERS (4).
//
// It fails (exit 1) only on a wrong result: a due clock not breached exactly once.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, fromPostgres } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { queryRows } from '../db/sql';
import { seedIfEmpty } from '../server/services/seed/seed';
import { sweepDueClocks } from '../server/services/sla/sweep-clocks';
import { startLifecycle } from '../workflows/machines';
import { CALENDAR_24X7 } from '../workflows/sla/calendar';
import { dueChecks, fireCheck, startClock } from '../workflows/sla/clock';
import { HOUR_MS } from '../workflows/sla/constants';
import { machineDescription, percentile, runWhenMain, table } from './lib/measure';
import { adminUrlFrom, createBenchDatabase, redact, serverVersion } from './lib/postgres';
import { type Figure, figure, quickMode } from './lib/results';

const QUICK = quickMode();
const SECONDS = Number(process.env.BENCH_SUSTAINED_SECONDS ?? (QUICK ? 5 : 20));
const RATE = Number(process.env.BENCH_SUSTAINED_RATE ?? 1000);
const WORKERS = Number(process.env.BENCH_SUSTAINED_WORKERS ?? 4);
const BACKGROUND = QUICK ? 20_000 : 200_000;
const BATCH = 500;
const POLL_MS = 10;
/** The first clock comes due here (simulated time); the clocks started DUE_AFTER before it. */
const T0 = Date.UTC(2026, 2, 2, 12, 0, 0);
const DUE_AFTER = 4 * HOUR_MS;

export interface SustainedResult {
  machine: string;
  postgres: string;
  serverVersion: string;
  loadBefore: number[];
  loadAfter: number[];
  due: number;
  breached: number;
  wallMs: number;
  breachesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  batches: number;
  ok: boolean;
}

async function load(handle: DatabaseHandle, due: number): Promise<void> {
  const db = handle.db;
  await migrateDatabase(handle);
  // Seeded just before T0: the demo world's own clocks come due long after the run.
  await seedIfEmpty(db, { demo: true, now: () => new Date(T0 - 60_000) });
  const lifecycle = startLifecycle('outage');
  // A response clock started DUE_AFTER before T0, its 75 % and 90 % warnings fired: its next check is the
  // breach. Each row's target is stretched by its offset (jsonb_set), so machine and columns agree.
  const started = T0 - DUE_AFTER;
  let machine = startClock({ metric: 'response', at: started, targetMs: DUE_AFTER });
  for (const check of dueChecks(machine, CALENDAR_24X7, T0 - 1)) {
    const fired = fireCheck(machine, check);
    if (!fired.ok) throw new Error(`template: ${fired.message}`);
    machine = fired.persisted;
  }
  const total = due + BACKGROUND;
  await db.execute(sql`
    insert into tickets (id, kind, number, organisation_id, title, impact, urgency, priority, status,
      security_link, lifecycle, assignee_id, created_at, updated_at)
    select md5('wf-sustained-' || g)::uuid, 'outage', 1000000 + g,
      (select id from organisations where slug = 'acme'), 'Sustained ' || g, 'high', 'high', 'P1', ${lifecycle.status},
      ${lifecycle.securityLink ?? null}, ${JSON.stringify(lifecycle.persisted)}::jsonb,
      (select id from users where email = 'noc@watchfloor.test'),
      ${new Date(started).toISOString()}::timestamptz, ${new Date(started).toISOString()}::timestamptz
    from generate_series(1, ${total}::integer) g`);
  // Ticket g ≤ due comes due at T0 + (g - 1) / RATE s; the others days later.
  await db.execute(sql`
    insert into sla_clocks (ticket_id, metric, subject_key, state, machine, target_ms, elapsed_ms, started_at,
      due_at, next_check_at, warned, updated_at)
    select t.id, 'response', '', 'running',
      jsonb_set(${JSON.stringify(machine)}::jsonb, '{snapshot,context,targetMs}', to_jsonb(x.target)),
      x.target, 0, ${new Date(started).toISOString()}::timestamptz,
      ${new Date(started).toISOString()}::timestamptz + x.target * interval '1 millisecond',
      ${new Date(started).toISOString()}::timestamptz + x.target * interval '1 millisecond',
      '{75,90}'::integer[], ${new Date(started).toISOString()}::timestamptz
    from tickets t, lateral (select case when t.number - 1000000 <= ${due}::integer
      then ${DUE_AFTER}::bigint + ((t.number - 1000001)::bigint * 1000) / ${RATE}::integer
      else ${DUE_AFTER}::bigint + 2 * 86400000::bigint + (t.number::bigint * 7919) % 86400000 end as target) x
    where t.number > 1000000`);
  await db.execute(sql`vacuum analyze`);
}

export async function runSustainedBench(
  log = (line: string) => process.stderr.write(`… ${line}\n`),
): Promise<SustainedResult> {
  const due = RATE * SECONDS;
  const result: SustainedResult = {
    machine: machineDescription(),
    postgres: '',
    serverVersion: '',
    loadBefore: os.loadavg(),
    loadAfter: [],
    due,
    breached: 0,
    wallMs: 0,
    breachesPerSec: 0,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    maxMs: Number.NaN,
    batches: 0,
    ok: false,
  };
  const database = await createBenchDatabase(adminUrlFrom(), `wf_sustained_${process.pid}`);
  result.postgres = `${redact(database.url)}, dropped afterwards`;
  const handles: DatabaseHandle[] = [];
  try {
    const main = fromPostgres(database.url, 2);
    handles.push(main);
    result.serverVersion = await serverVersion(main.db);
    log(
      `loading ${due.toLocaleString('en-US')} clocks due at ${RATE}/s among ${BACKGROUND.toLocaleString('en-US')} more`,
    );
    await load(main, due);
    for (let w = 0; w < WORKERS; w++) handles.push(fromPostgres(database.url, 1));
    for (const h of handles) await h.db.execute(sql`select 1`);

    // Simulated "now": T0 when the run starts, advancing with real time.
    const startedAt = performance.now();
    const simNow = () => T0 + (performance.now() - startedAt);
    const lastDue = T0 + ((due - 1) * 1000) / RATE;
    /** Per batch that fired: the simulated "now" it swept at (its clocks' updated_at) → its commit. */
    const commits = new Map<number, number>();
    log(`sweeping with ${WORKERS} loops for ${SECONDS} s of due clocks`);
    const loops = handles.slice(1).map(async (h) => {
      const deadline = lastDue + 60_000;
      while (simNow() < deadline) {
        const at = Math.floor(simNow());
        const swept = await sweepDueClocks(h.db, new Date(at), BATCH);
        if (swept.fired > 0) {
          result.batches++;
          commits.set(at, Math.max(commits.get(at) ?? 0, simNow()));
          continue;
        }
        if (at > lastDue) {
          const [row] = await queryRows<{ n: number }>(
            h.db,
            sql`select count(*)::int as n from sla_clocks where next_check_at <= ${new Date(lastDue + 1)}`,
          );
          if (!row?.n) return;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      throw new Error('the due clocks were not all swept within a minute of the last due instant');
    });
    await Promise.all(loops);
    result.wallMs = performance.now() - startedAt;

    const rows = await queryRows<{ due: string; at: string; n: number }>(
      main.db,
      sql`select (extract(epoch from c.breached_at) * 1000)::text as due, (extract(epoch from c.updated_at) * 1000)::text as at,
        (select count(*)::int from fired_effects f where f.ticket_id = c.ticket_id and f.key = 'clock:' || c.id || ':breach') as n
      from sla_clocks c join tickets t on t.id = c.ticket_id where c.state = 'breached' and t.number > 1000000`,
    );
    result.breached = rows.length;
    const latencies = rows.map((r) => (commits.get(Math.round(Number(r.at))) ?? Number.NaN) - Number(r.due));
    const sorted = latencies.filter(Number.isFinite).sort((a, b) => a - b);
    result.p50Ms = percentile(sorted, 50);
    result.p99Ms = percentile(sorted, 99);
    result.maxMs = sorted[sorted.length - 1] ?? Number.NaN;
    result.breachesPerSec = rows.length / ((lastDue - T0) / 1000 || 1);
    result.ok = rows.length === due && sorted.length === due && rows.every((r) => r.n === 1);
  } finally {
    result.loadAfter = os.loadavg();
    log(`dropping ${database.name}`);
    await database.drop(async () => {
      for (const h of handles) await h.close().catch(() => {});
    });
  }
  return result;
}

export function sustainedFigures(result: SustainedResult): Figure[] {
  if (!Number.isFinite(result.p99Ms)) return [];
  return [
    figure({
      name: `SLA breach latency p99 at a sustained ${RATE.toLocaleString('en-US')} breaches/s (${WORKERS} sweep loops)`,
      value: result.p99Ms / 1000,
      unit: 's',
      target: { on: 'value', kind: 'max', limit: 1 },
      note: `p50 ${(result.p50Ms / 1000).toFixed(3)} s, max ${(result.maxMs / 1000).toFixed(3)} s; ${result.due.toLocaleString('en-US')} breaches over ${SECONDS} s among ${BACKGROUND.toLocaleString('en-US')} other clocks`,
    }),
  ];
}

export function printSustainedBench(result: SustainedResult): void {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`SLA sweep at a sustained ${RATE.toLocaleString('en-US')} breaches/s (issue #15)`);
  console.log(`machine: ${result.machine}`);
  console.log(`PostgreSQL ${result.serverVersion}: ${result.postgres}`);
  console.log(`load average before: ${load(result.loadBefore)} · after: ${load(result.loadAfter)}\n`);
  console.log(
    table(
      ['due', 'breached', 'batches', 'p50 s', 'p99 s', 'max s', 'wall s'],
      [
        [
          result.due.toLocaleString('en-US'),
          result.breached.toLocaleString('en-US'),
          String(result.batches),
          (result.p50Ms / 1000).toFixed(3),
          (result.p99Ms / 1000).toFixed(3),
          (result.maxMs / 1000).toFixed(3),
          (result.wallMs / 1000).toFixed(1),
        ],
      ],
    ),
  );
  console.log(
    `\n${WORKERS} sweep loops, batches of ${BATCH}, idle poll ${POLL_MS} ms; latency = batch commit − due instant (target p99 ≤ 1 s); each breached exactly once: ${result.ok ? 'yes' : 'NO'}`,
  );
}

runWhenMain(import.meta.url, {
  name: 'sla-sustained',
  run: () => runSustainedBench(),
  print: printSustainedBench,
  wrongResult: 'a due clock was not breached exactly once',
});
