// Benchmark: alert ingestion through the production server (issue #14: events/s ≥ pgbench's single-row
// INSERT rate on the same database, p99 ≤ 50 ms).
//
//   npx tsx bench/ingest.ts        (npm run bench:ingest)
//
// Builds when the build is stale (scripts/build-if-stale.mjs), then for each engine:
// - PostgreSQL (loopback, BENCH_DATABASE_URL / DATABASE_URL or postgres://postgres@127.0.0.1:5432): a fresh
//   database watchfloor_bench_ingest_<pid>, migrated and seeded (demo world) here, one Alertmanager and one
//   Events v2 integration per client created through the service (so the per-key rate limit never binds),
//   then the production server (scripts/serve.mjs) on it with DATABASE_URL, and CLIENTS concurrent clients
//   posting for SECONDS each mix in turn (bench/lib/ingest-trace.ts):
//   - "small" (as every earlier run): an Alertmanager batch opening a new group (3 alerts,
//     BENCH_INGEST_ALERTS_PER_GROUP), the same batch repeated, an Events v2 trigger, the group resolved,
//     the event resolved;
//   - "storm": a cluster's 100 nodes (BENCH_INGEST_STORM_ALERTS) down in one Alertmanager group (grouped by
//     alertname + cluster), the group repeated, half of them resolved, then the rest.
//   Events/s counts the alerts and events accepted (2xx) per second. In the same run, pgbench on the same
//   database with a custom script (one single-row INSERT into a scratch table per transaction, the same
//   client count, the same length) is the physical baseline of both mixes; the ratio is events/s ÷ pgbench
//   rows/s. The database is dropped afterwards.
// - PGlite (embedded, the server on its own fresh data directory, seeded here first): events/s and
//   latency only (no pgbench there).
// The server's CPU per request (from /proc) is reported too: on a shared machine it moves far less than
// the wall-clock figures.
// Before the server starts, one cycle through the services in this process counts the statements each
// step sends (the pg driver hook, bench/lib/ingest-trace.ts).
// BENCH_INGEST_CLIENTS (16), BENCH_INGEST_SECONDS (10, per mix), BENCH_INGEST_WARMUP_SECONDS (3, unmeasured,
// before each mix), BENCH_INGEST_PORT (3391), BENCH_INGEST_ENGINES ("postgres,pglite") and
// BENCH_INGEST_MIXES ("small,storm") change the run; BENCH_INGEST_NODE_ARGS passes node flags to the server
// (profiling).
//
// It never fails on speed; it fails (exit 1) only on a wrong result: a non-2xx answer or a connection error.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { type DatabaseHandle, fromPostgres, openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { organisations, services, users } from '../db/schema';
import { authenticateIntegrationKey } from '../server/services/integrations/authenticate';
import { createIntegration } from '../server/services/integrations/create';
import { systemClock } from '../server/services/kernel/context';
import { seedIfEmpty } from '../server/services/seed/seed';
import { type Mix, type MixName, mixNamed, type StatementCount, statementsPerStep } from './lib/ingest-trace';
import {
  buildIfStale,
  machineDescription,
  runWhenMain,
  summarizeLatencies,
  table,
  waitHealthy,
} from './lib/measure';
import { adminUrlFrom, createBenchDatabase, redact } from './lib/postgres';

const CLIENTS = Number(process.env.BENCH_INGEST_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
/** Unmeasured load first (the first requests load and compile the handlers), per engine. */
const WARMUP_SECONDS = Number(process.env.BENCH_INGEST_WARMUP_SECONDS ?? 3);
const PORT = Number(process.env.BENCH_INGEST_PORT ?? 3391);
const ENGINES = (process.env.BENCH_INGEST_ENGINES ?? 'postgres,pglite').split(',').map((e) => e.trim());
/** The mixes each engine runs, in this order (bench/lib/ingest-trace.ts). */
const MIXES: Mix[] = (process.env.BENCH_INGEST_MIXES ?? 'small,storm')
  .split(',')
  .map((m) => m.trim())
  .filter(Boolean)
  .map(mixNamed);
/** Extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it under load. */
const NODE_ARGS = (process.env.BENCH_INGEST_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface Run {
  engine: string;
  /** Which mix of requests (bench/lib/ingest-trace.ts smallMix, stormMix) and its group size. */
  mix: MixName;
  alertsPerGroup: number;
  requests: number;
  events: number;
  eventsPerSec: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  bad: number;
  /** pgbench rows/s on the same database (PostgreSQL only). */
  pgbenchRowsPerSec: number | null;
  note: string;
  steps: { step: string; p50Ms: number; p99Ms: number }[];
  /** The server process's CPU (user + system, from /proc) per request: robust to a busy machine. */
  serverCpuMsPerRequest: number | null;
  /** Statements (round trips) each step of the cycle sends, counted in-process with the pg hook. */
  statements: StatementCount | null;
}

export interface IngestBenchResult {
  machine: string;
  loadBefore: number[];
  loadAfter: number[];
  runs: Run[];
  notes: string[];
  ok: boolean;
}

const root = path.resolve(import.meta.dirname, '..');

/** CPU (ms, user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
  } catch {
    return null;
  }
}

/** The load, and the server's CPU per request while it ran. */
async function measuredLoad(url: string, keys: Keys[], tag: string, server: ChildProcess, mix: Mix) {
  // Unmeasured: the first requests load and compile the route handlers' code.
  if (WARMUP_SECONDS > 0) await load(url, keys, `${tag}-warm`, mix, WARMUP_SECONDS);
  const before = processCpuMs(server.pid);
  const figures = await load(url, keys, tag, mix);
  const after = processCpuMs(server.pid);
  const serverCpuMsPerRequest =
    before === null || after === null || figures.requests === 0 ? null : (after - before) / figures.requests;
  return { ...figures, serverCpuMsPerRequest };
}

interface Keys {
  alertmanager: string;
  events: string;
}

/** Migrates and seeds the database, and creates one pair of integrations per client. */
async function prepare(handle: DatabaseHandle): Promise<Keys[]> {
  await migrateDatabase(handle);
  const { db } = handle;
  await seedIfEmpty(db, { demo: true, history: false, now: systemClock });
  const [admin] = await db.select().from(users).where(eq(users.email, 'admin@watchfloor.test'));
  const [org] = await db.select().from(organisations).where(eq(organisations.slug, 'globex'));
  const [service] = await db.select().from(services).where(eq(services.organisationId, org!.id)).limit(1);
  const ctx = {
    db,
    now: systemClock,
    actor: {
      type: 'user' as const,
      id: admin!.id,
      email: admin!.email,
      role: admin!.role,
      organisationId: admin!.organisationId,
    },
  };
  const keys: Keys[] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const common = {
      organisationId: org!.id,
      defaultServiceId: service!.id,
      rateLimitPerMinute: 10_000,
      resolveBehaviour: 'resolve' as const,
    };
    const am = await createIntegration(ctx, { ...common, kind: 'alertmanager', name: `bench am ${c}` });
    const ev = await createIntegration(ctx, { ...common, kind: 'events_v2', name: `bench events ${c}` });
    keys.push({ alertmanager: am.key, events: ev.key });
  }
  return keys;
}

/** CLIENTS clients, each posting the mix's cycle over and over, a new group each cycle. */
async function load(url: string, keys: Keys[], tag: string, mix: Mix, seconds = SECONDS) {
  const latencies: number[] = [];
  /** Latencies per step of the cycle, to see which step costs what. */
  const bySteps = new Map<string, number[]>();
  let events = 0;
  let bad = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + seconds * 1000;
  const post = async (step: string, pathName: string, body: unknown, count: number, bearer?: string) => {
    const started = performance.now();
    try {
      const response = await fetch(`${url}${pathName}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
        },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      const elapsed = performance.now() - started;
      latencies.push(elapsed);
      if (!bySteps.has(step)) bySteps.set(step, []);
      bySteps.get(step)!.push(elapsed);
      if (response.ok) events += count;
      else {
        bad++;
        firstError ??= `${pathName} answered ${response.status}`;
      }
    } catch (error) {
      bad++;
      firstError ??= `${pathName}: ${(error as Error).message}`;
    }
  };
  await Promise.all(
    keys.map(async (key, c) => {
      for (let i = 0; performance.now() < deadline; i++) {
        for (const { step, endpoint, events: count, body } of mix.cycle(`${tag}-${c}-${i}`)) {
          if (endpoint === 'alertmanager')
            await post(step, '/api/integrations/alertmanager', body(''), count, key.alertmanager);
          else await post(step, '/v2/enqueue', body(key.events), count);
        }
      }
    }),
  );
  const elapsedS = seconds + Math.max(0, performance.now() - deadline) / 1000;
  const summary = summarizeLatencies(latencies);
  return {
    requests: latencies.length,
    events,
    eventsPerSec: events / elapsedS,
    requestsPerSec: latencies.length / elapsedS,
    p50Ms: summary.p50Ms,
    p99Ms: summary.p99Ms,
    bad,
    firstError,
    steps: [...bySteps].map(([step, samples]) => {
      const sorted = summarizeLatencies(samples);
      return { step, p50Ms: sorted.p50Ms, p99Ms: sorted.p99Ms };
    }),
  };
}

async function startServer(env: Record<string, string>): Promise<{ url: string; app: ChildProcess }> {
  const url = `http://127.0.0.1:${PORT}`;
  const app = spawn(process.execPath, [...NODE_ARGS, path.join(root, 'scripts', 'serve.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      PORT: String(PORT),
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? 'bench-ingest-secret-not-for-production-use',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitHealthy(url, app);
  return { url, app };
}

async function stopServer(app: ChildProcess | undefined): Promise<void> {
  if (!app || app.exitCode !== null) return;
  const exited = new Promise((resolve) => app.once('exit', resolve));
  app.kill('SIGTERM');
  await exited;
}

/** pgbench: one single-row INSERT per transaction, CLIENTS clients, SECONDS seconds; rows/s. */
function pgbench(url: string, dir: string): number {
  const script = path.join(dir, 'insert.sql');
  writeFileSync(script, "insert into bench_scratch (payload) values ('bench row');\n");
  const output = execFileSync(
    'pgbench',
    [
      '-n',
      '-c',
      String(CLIENTS),
      '-j',
      String(Math.min(CLIENTS, os.cpus().length)),
      '-T',
      String(SECONDS),
      '-f',
      script,
      url,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tps = /tps = ([\d.]+)/.exec(output);
  if (!tps) throw new Error(`pgbench printed no tps:\n${output}`);
  return Number(tps[1]);
}

function hasPgbench(): boolean {
  try {
    execFileSync('pgbench', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function runPostgres(log: (line: string) => void, dir: string, result: IngestBenchResult) {
  const name = `watchfloor_bench_ingest_${process.pid}`;
  let database: Awaited<ReturnType<typeof createBenchDatabase>>;
  const adminUrl = adminUrlFrom();
  try {
    database = await createBenchDatabase(adminUrl, name);
  } catch (error) {
    result.notes.push(`PostgreSQL unavailable at ${redact(adminUrl)} (${(error as Error).message})`);
    return;
  }
  let app: ChildProcess | undefined;
  const onSignal = () => {
    app?.kill('SIGTERM');
    database.drop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  try {
    log(`PostgreSQL: preparing ${redact(database.url)}`);
    const handle = fromPostgres(database.url, 4);
    let keys: Keys[];
    const statements = new Map<MixName, StatementCount>();
    try {
      keys = await prepare(handle);
      // Counted on one client of this process, through the services the server runs (pg driver hook).
      const am = await authenticateIntegrationKey(handle.db, keys[0]!.alertmanager);
      const ev = await authenticateIntegrationKey(handle.db, keys[0]!.events);
      for (const mix of MIXES) {
        await statementsPerStep(handle.db, am!, ev!, `statements-warm-${mix.name}`, false, mix);
        statements.set(
          mix.name,
          await statementsPerStep(handle.db, am!, ev!, `statements-${mix.name}`, false, mix),
        );
      }
      await handle.db.execute(
        sql.raw(
          'create table bench_scratch (id bigserial primary key, payload text not null, created_at timestamptz not null default now())',
        ),
      );
    } finally {
      await handle.close();
    }
    const server = await startServer({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: String(CLIENTS) });
    app = server.app;
    const measured: { mix: Mix; figures: Awaited<ReturnType<typeof measuredLoad>> }[] = [];
    for (const mix of MIXES) {
      log(`PostgreSQL, ${mix.name} mix: ${CLIENTS} clients posting for ${SECONDS} s`);
      measured.push({
        mix,
        figures: await measuredLoad(server.url, keys, `pg-${mix.name}`, server.app, mix),
      });
    }
    await stopServer(app);
    app = undefined;
    let rows: number | null = null;
    let note = redact(database.url);
    if (hasPgbench()) {
      log(`pgbench: ${CLIENTS} clients, single-row INSERT, ${SECONDS} s`);
      rows = pgbench(database.url, dir);
    } else note += '; pgbench is not installed: no baseline';
    for (const { mix, figures } of measured)
      result.runs.push({
        engine: 'PostgreSQL',
        mix: mix.name,
        alertsPerGroup: mix.alertsPerGroup,
        ...figures,
        pgbenchRowsPerSec: rows,
        statements: statements.get(mix.name) ?? null,
        note: figures.firstError ? `${note}; first failure: ${figures.firstError}` : note,
      });
  } finally {
    process.removeListener('SIGINT', onSignal);
    await stopServer(app);
    log(`dropping ${name}`);
    await database.drop();
  }
}

async function runPglite(log: (line: string) => void, result: IngestBenchResult) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watchfloor-bench-ingest-'));
  let app: ChildProcess | undefined;
  try {
    log('PGlite: preparing a fresh data directory');
    const handle = await openDatabase({ engine: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    let keys: Keys[];
    try {
      keys = await prepare(handle);
    } finally {
      await handle.close();
    }
    const server = await startServer({ WATCHFLOOR_DATA_DIR: dataDir, DATABASE_URL: '' });
    app = server.app;
    for (const mix of MIXES) {
      log(`PGlite, ${mix.name} mix: ${CLIENTS} clients posting for ${SECONDS} s`);
      const figures = await measuredLoad(server.url, keys, `lite-${mix.name}`, server.app, mix);
      result.runs.push({
        engine: 'PGlite',
        mix: mix.name,
        alertsPerGroup: mix.alertsPerGroup,
        ...figures,
        pgbenchRowsPerSec: null,
        statements: null,
        note: figures.firstError ? `first failure: ${figures.firstError}` : 'embedded',
      });
    }
  } finally {
    await stopServer(app);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runIngestBench(
  log = (line: string) => process.stderr.write(`… ${line}\n`),
): Promise<IngestBenchResult> {
  const result: IngestBenchResult = {
    machine: machineDescription(),
    loadBefore: os.loadavg(),
    loadAfter: [],
    runs: [],
    notes: [],
    ok: false,
  };
  await buildIfStale();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watchfloor-bench-ingest-pgbench-'));
  try {
    if (ENGINES.includes('postgres')) await runPostgres(log, dir, result);
    if (ENGINES.includes('pglite')) await runPglite(log, result);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    result.loadAfter = os.loadavg();
  }
  result.ok = result.runs.length > 0 && result.runs.every((r) => r.bad === 0);
  return result;
}

export function printIngestBench(result: IngestBenchResult): void {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log('Alert ingestion through the production server (issue #14)');
  console.log(`machine: ${result.machine}`);
  console.log(`load average before: ${load(result.loadBefore)} · after: ${load(result.loadAfter)}`);
  console.log(
    `${CLIENTS} clients, ${SECONDS} s per mix and engine, loopback; each client's cycle, a new group each time:`,
  );
  for (const mix of MIXES) console.log(`- ${mix.name}: ${mix.description}`);
  console.log('');
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    table(
      [
        'engine',
        'mix',
        'requests',
        'events',
        'events/s',
        'req/s',
        'p50 ms',
        'p99 ms',
        'non-2xx/errors',
        'pgbench rows/s',
        'ratio',
        'server CPU ms/req',
      ],
      result.runs.map((r) => [
        r.engine,
        `${r.mix} (${r.alertsPerGroup}/group)`,
        fmt(r.requests),
        fmt(r.events),
        fmt(r.eventsPerSec),
        fmt(r.requestsPerSec),
        r.p50Ms.toFixed(1),
        r.p99Ms.toFixed(1),
        String(r.bad),
        r.pgbenchRowsPerSec === null ? '—' : fmt(r.pgbenchRowsPerSec),
        r.pgbenchRowsPerSec === null ? '—' : (r.eventsPerSec / r.pgbenchRowsPerSec).toFixed(3),
        r.serverCpuMsPerRequest === null ? '—' : r.serverCpuMsPerRequest.toFixed(2),
      ]),
    ),
  );
  console.log('');
  for (const r of result.runs)
    console.log(
      `${r.engine}, ${r.mix} per step (p50 / p99 ms): ${r.steps.map((s) => `${s.step} ${s.p50Ms.toFixed(1)} / ${s.p99Ms.toFixed(1)}`).join(' · ')}`,
    );
  for (const r of result.runs)
    if (r.statements)
      console.log(
        `${r.engine}, ${r.mix} statements per step (one client, in-process): ${r.statements.steps.map((s) => `${s.step} ${s.statements}`).join(' · ')}; ${r.statements.perEvent.toFixed(2)} per event`,
      );
  console.log('');
  for (const note of new Set(result.runs.map((r) => `${r.engine}: ${r.note}`))) console.log(note);
  for (const note of result.notes) console.log(note);
  console.log('targets: ratio events/s ÷ pgbench rows/s ≥ 1.0, p99 ≤ 50 ms (reported, never failed on)');
}

runWhenMain(import.meta.url, {
  name: 'ingest',
  run: () => runIngestBench(),
  print: printIngestBench,
  wrongResult: 'a request failed (non-2xx or connection error) during a run',
});
