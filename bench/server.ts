// Benchmark: the production server's start-to-ready time, and signed-in request latency while 40 people
// sign in at once (issue #15: start-to-ready ≤ 5 s on an existing build; ≤ 50 ms under the sign-ins).
//
//   npx tsx bench/server.ts        (npm run bench:server)
//
// Builds when the build is stale (scripts/build-if-stale.mjs), then, in a fresh PostgreSQL database
// (wf_server_<pid> on BENCH_DATABASE_URL, DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres,
// migrated and seeded with the demo world here, plus SIGNERS more NOC engineers with the demo password;
// dropped at the end):
// 1. start-to-ready: spawns scripts/serve.mjs and times until /api/health first answers 200 (polled every
//    25 ms), STARTS times (the first start also runs on the migrated database: nothing is built then);
//    the median is the figure;
// 2. sign-in under load: signed in as the NOC engineer, one client requests the default NOC queue
//    (tickets.list over HTTP) back to back for SECONDS: the baseline; then the same for SECONDS while
//    SIGNERS clients sign in (next-auth credentials, bcrypt cost 12) over and over, each as its own user
//    from its own address (X-Forwarded-For, so the per-address throttle sees 40 offices, not one); the
//    accounts' hashes and the server use bcrypt cost 12, the production default.
// BENCH_SERVER_PORT (3393), BENCH_SERVER_SECONDS (10; 3 with BENCH_QUICK=1) change the run.
//
// It never fails on speed; it fails (exit 1) only on a wrong result: a failed request or sign-in.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import bcrypt from 'bcryptjs';
import { sql } from 'drizzle-orm';
import { fromPostgres } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { DEMO_PASSWORD } from '../server/services/seed/demo-data';
import { seedIfEmpty } from '../server/services/seed/seed';
import { signInOverHttp, trpcQueryUrl } from './lib/http-session';
import { buildIfStale, machineDescription, percentile, runWhenMain, table } from './lib/measure';
import { adminUrlFrom, createBenchDatabase, redact } from './lib/postgres';
import { type Figure, figure, quickMode } from './lib/results';
import { startBenchServer } from './lib/server-process';

const QUICK = quickMode();
const PORT = Number(process.env.BENCH_SERVER_PORT ?? 3393);
const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? (QUICK ? 3 : 10));
const STARTS = 3;
const SIGNERS = 40;
/** bcrypt cost of server/auth/password.ts without WATCHFLOOR_BCRYPT_COST. */
const PRODUCTION_COST = 12;

interface Latency {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ServerBenchResult {
  machine: string;
  postgres: string;
  loadBefore: number[];
  loadAfter: number[];
  startsMs: number[];
  medianStartMs: number;
  quiet: Latency | null;
  underSignIns: Latency | null;
  signIns: Latency | null;
  failures: string[];
  ok: boolean;
}

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

/** Requests `url` back to back until `until` (performance.now()), timing each. */
async function requestLoop(
  url: string,
  cookie: string,
  until: number,
  failures: string[],
): Promise<number[]> {
  const samples: number[] = [];
  while (performance.now() < until) {
    const t0 = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.arrayBuffer();
    samples.push(performance.now() - t0);
    if (!response.ok) failures.push(`queue request answered ${response.status}`);
  }
  return samples;
}

export async function runServerBench(
  log = (line: string) => process.stderr.write(`… ${line}\n`),
): Promise<ServerBenchResult> {
  const result: ServerBenchResult = {
    machine: machineDescription(),
    postgres: '',
    loadBefore: os.loadavg(),
    loadAfter: [],
    startsMs: [],
    medianStartMs: Number.NaN,
    quiet: null,
    underSignIns: null,
    signIns: null,
    failures: [],
    ok: false,
  };
  await buildIfStale();
  const database = await createBenchDatabase(adminUrlFrom(), `wf_server_${process.pid}`);
  result.postgres = `${redact(database.url)}, dropped afterwards`;
  let stopServer: (() => Promise<void>) | undefined;
  try {
    const handle = fromPostgres(database.url, 2);
    try {
      await migrateDatabase(handle);
      await seedIfEmpty(handle.db, { demo: true, now: () => new Date() });
      // The production cost (12), whatever this process was told (bench/engine.ts lowers
      // WATCHFLOOR_BCRYPT_COST for its own seeding, and the runner runs it first).
      const hash = bcrypt.hashSync(DEMO_PASSWORD, PRODUCTION_COST);
      await handle.db.execute(
        sql`update users set password_hash = ${hash} where email = 'noc@watchfloor.test'`,
      );
      // More NOC engineers with the NOC engineer's (demo) password hash: one account per signer, so the
      // per-account throttle (five attempts) never binds.
      await handle.db.execute(sql`
        insert into users (email, name, role, organisation_id, password_hash)
        select 'signer-' || g || '@watchfloor.test', 'Signer ' || g, u.role, u.organisation_id, u.password_hash
        from users u, generate_series(1, ${SIGNERS}::integer) g where u.email = 'noc@watchfloor.test'`);
    } finally {
      await handle.close();
    }

    for (let i = 0; i < STARTS; i++) {
      log(`start ${i + 1} of ${STARTS} on port ${PORT}`);
      const server = await startBenchServer({
        databaseUrl: database.url,
        port: PORT,
        pollMs: 25,
        env: { WATCHFLOOR_BCRYPT_COST: String(PRODUCTION_COST) },
      });
      result.startsMs.push(server.startMs);
      if (i < STARTS - 1) await server.stop();
      else stopServer = server.stop;
    }
    const sortedStarts = [...result.startsMs].sort((a, b) => a - b);
    result.medianStartMs = sortedStarts[Math.floor(sortedStarts.length / 2)]!;

    const url = `http://127.0.0.1:${PORT}`;
    const cookie = await signInOverHttp(url, 'noc@watchfloor.test', DEMO_PASSWORD, '10.0.0.1');
    const queue = trpcQueryUrl(url, 'tickets.list', {
      kind: 'outage',
      openOnly: true,
      sort: 'urgency',
      limit: 50,
    });
    // Warm the handler up before anything is timed.
    await requestLoop(queue, cookie, performance.now() + 1_000, result.failures);

    log(`baseline: the NOC queue back to back for ${SECONDS} s`);
    result.quiet = latency(
      await requestLoop(queue, cookie, performance.now() + SECONDS * 1000, result.failures),
    );

    log(`the same while ${SIGNERS} clients sign in over and over`);
    const until = performance.now() + SECONDS * 1000;
    const signInMs: number[] = [];
    const signers = Array.from({ length: SIGNERS }, async (_, i) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await signInOverHttp(url, `signer-${i + 1}@watchfloor.test`, DEMO_PASSWORD, `10.1.${i}.1`);
          signInMs.push(performance.now() - t0);
        } catch (error) {
          result.failures.push((error as Error).message);
          return;
        }
      }
    });
    const [samples] = await Promise.all([requestLoop(queue, cookie, until, result.failures), ...signers]);
    result.underSignIns = latency(samples);
    result.signIns = latency(signInMs);
    result.ok = result.failures.length === 0;
  } finally {
    result.loadAfter = os.loadavg();
    await stopServer?.();
    log(`dropping ${database.name}`);
    await database.drop();
  }
  return result;
}

export function serverFigures(result: ServerBenchResult): Figure[] {
  const out: Figure[] = [];
  if (Number.isFinite(result.medianStartMs))
    out.push(
      figure({
        name: 'Start-to-ready (serve.mjs to /api/health 200), median',
        value: result.medianStartMs / 1000,
        unit: 's',
        target: { on: 'value', kind: 'max', limit: 5 },
        note: `${result.startsMs.length} starts: ${result.startsMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s; PostgreSQL, demo world`,
      }),
    );
  if (result.quiet && result.underSignIns && result.signIns)
    out.push(
      figure({
        name: `Signed-in request p99 while ${SIGNERS} sign-ins run`,
        value: result.underSignIns.p99Ms,
        unit: 'ms',
        baseline: { name: 'the same request p99 without sign-ins', value: result.quiet.p99Ms },
        target: { on: 'value', kind: 'max', limit: 50 },
        note: `p50 ${result.underSignIns.p50Ms.toFixed(1)} ms (without: ${result.quiet.p50Ms.toFixed(1)} ms); ${result.signIns.count} sign-ins, p50 ${result.signIns.p50Ms.toFixed(0)} ms`,
      }),
    );
  return out;
}

export function printServerBench(result: ServerBenchResult): void {
  const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log('Production server: start-to-ready, and signed-in latency under sign-ins (issue #15)');
  console.log(`machine: ${result.machine}`);
  console.log(`PostgreSQL: ${result.postgres}`);
  console.log(`load average before: ${load(result.loadBefore)} · after: ${load(result.loadAfter)}\n`);
  console.log(
    `start-to-ready: ${result.startsMs.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ')}; median ${(result.medianStartMs / 1000).toFixed(2)} s (target ≤ 5 s)\n`,
  );
  const rows: string[][] = [];
  if (result.quiet)
    rows.push([
      'NOC queue, no sign-ins',
      String(result.quiet.count),
      ms(result.quiet.p50Ms),
      ms(result.quiet.p99Ms),
    ]);
  if (result.underSignIns)
    rows.push([
      `NOC queue, ${SIGNERS} sign-ins running`,
      String(result.underSignIns.count),
      ms(result.underSignIns.p50Ms),
      ms(result.underSignIns.p99Ms),
    ]);
  if (result.signIns)
    rows.push([
      'sign-in (csrf + credentials)',
      String(result.signIns.count),
      ms(result.signIns.p50Ms),
      ms(result.signIns.p99Ms),
    ]);
  console.log(table(['request', 'count', 'p50 ms', 'p99 ms'], rows));
  console.log(`\n${SECONDS} s per phase; target: signed-in p99 ≤ 50 ms while the sign-ins run`);
  if (result.failures.length)
    console.log(`failures: ${[...new Set(result.failures)].slice(0, 5).join('; ')}`);
}

runWhenMain(import.meta.url, {
  name: 'server',
  run: () => runServerBench(),
  print: printServerBench,
  wrongResult: 'a request or a sign-in failed',
});
