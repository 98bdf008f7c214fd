// Runs every benchmark in bench/ in sequence, prints each one's report, and writes the figures to
// bench/results.json (machine-readable) and bench/results.md (a table: figure, baseline, ratio, target,
// machine).
//
//   npx tsx bench/run.ts                       (npm run bench)
//   npm run bench -- --only queue,sweep        (those benchmarks only; names below)
//   BENCH_QUICK=1 npm run bench                (small and short: a smoke test of the runner)
//
// Benchmarks report speed and never fail on it; the exit code is 1 only when one of them errored or
// left a wrong result (a mismatch against its reference, a broken audit chain, a failed request …).
// The machine is often shared: each result carries the load average before and after it ran.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { table } from './lib/measure';
import { adminUrlFrom } from './lib/postgres';
import { describeTarget, type Figure, figure, quickMode } from './lib/results';

const QUICK = quickMode();
if (QUICK) {
  // Read by the benchmarks when they load: set before they are imported (dynamically, below).
  process.env.BENCH_STATUS_SECONDS ??= '2';
  process.env.BENCH_STATUS_ROUNDS ??= '1';
  process.env.BENCH_INGEST_SECONDS ??= '3';
  process.env.BENCH_INGEST_WARMUP_SECONDS ??= '1';
  process.env.BENCH_INGEST_ENGINES ??= 'postgres';
}

interface Bench {
  name: string;
  command: string;
  /** Runs and prints the benchmark; answers whether its results were correct, and its figures. */
  run(): Promise<{ ok: boolean; figures: Figure[] }>;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

const BENCHES: Bench[] = [
  {
    name: 'engine',
    command: 'npm run bench:engine',
    async run() {
      const { printEngineBench, runEngineBench } = await import('./engine');
      const result = await runEngineBench(
        QUICK
          ? { pureCycles: 300, postgresTransitions: 300, pgliteTransitions: 150, pgliteConcurrency: [1] }
          : {},
      );
      printEngineBench(result);
      const figures = [
        figure({
          name: 'Lifecycle step (pure, with JSON round trip), µs per step',
          value: result.pure.overall.meanUs,
          unit: 'µs',
          baseline: { name: 'raw XState transition', value: result.pure.rawTransition.meanUs },
        }),
        ...result.service.map((run) =>
          figure({
            name: `Ticket transitions through the service, ${run.engine}, ${run.concurrency} concurrent`,
            value: run.tps,
            unit: 'transitions/s',
            baseline: { name: 'same-run baseline', value: run.baselineTps },
            note: `p99 ${run.latency.p99Ms.toFixed(1)} ms`,
          }),
        ),
      ];
      return { ok: result.ok, figures };
    },
  },
  {
    name: 'business-time',
    command: 'npm run bench:sla',
    async run() {
      const { printBusinessTimeBench, runBusinessTimeBench } = await import('./business-time');
      const result = runBusinessTimeBench(QUICK ? { calls: 100_000, naiveSample: 400 } : {});
      printBusinessTimeBench(result);
      return {
        ok: result.ok,
        figures: [
          figure({
            name: 'Business-time deadline (addBusinessTime), all calendars',
            value: result.overallOpsPerSec,
            unit: 'ops/s',
            note: result.calendars.map((c) => `${c.name} ×${c.ratio.toFixed(0)} vs naive`).join('; '),
          }),
        ],
      };
    },
  },
  {
    name: 'sweep',
    command: 'npm run bench:sla',
    async run() {
      const { printSweepBench, runSweepBench } = await import('./sla-sweep');
      const result = await runSweepBench(
        QUICK ? { layout: { tickets: 40_000, due: 1_000, groups: 4 }, workers: [1, 4], pglite: false } : {},
      );
      printSweepBench(result);
      const sweep4 = result.runs.find((r) => r.kind === 'sweep' && r.workers === 4);
      const base4 = result.runs.find((r) => r.kind === 'baseline' && r.workers === 4);
      const figures: Figure[] = [];
      if (sweep4 && base4)
        figures.push(
          figure({
            name: `SLA sweep burst: ${sweep4.due.toLocaleString('en-US')} due at once, 4 workers`,
            value: sweep4.eventsPerSec,
            unit: 'events/s',
            baseline: { name: 'claim + UPDATE baseline, 4 workers', value: base4.eventsPerSec },
            target: { on: 'ratio', kind: 'min', limit: 0.5 },
            note: `breach p99 ${(sweep4.latency.p99Ms / 1000).toFixed(2)} s after due; ${result.layout.tickets.toLocaleString('en-US')} tickets`,
          }),
        );
      return { ok: result.ok, figures };
    },
  },
  {
    name: 'sustained',
    command: 'npm run bench:sla-sustained',
    async run() {
      const { printSustainedBench, runSustainedBench, sustainedFigures } = await import('./sla-sustained');
      const result = await runSustainedBench();
      printSustainedBench(result);
      return { ok: result.ok, figures: sustainedFigures(result) };
    },
  },
  {
    name: 'queue',
    command: 'npm run bench:queue',
    async run() {
      const { printQueueBench, runQueueBench } = await import('./queue');
      const result = await runQueueBench();
      printQueueBench(result);
      const figures = result.runs.map((run) =>
        figure({
          name: `NOC queue first page at 10,000 open, ${run.engine}`,
          value: run.timings[0]!.p50Ms,
          unit: 'ms',
          baseline: { name: 'hand-written SQL p50', value: run.timings[1]!.p50Ms },
          target: { on: 'value', kind: 'max', limit: 1000 },
          note: `p99 ${run.timings[0]!.p99Ms.toFixed(1)} ms`,
        }),
      );
      return { ok: result.ok, figures };
    },
  },
  {
    name: 'million',
    command: 'npm run bench:queue-million',
    async run() {
      const { printQueueMillionBench, queueMillionFigures, runQueueMillionBench } = await import(
        './queue-million'
      );
      const result = await runQueueMillionBench();
      printQueueMillionBench(result);
      return { ok: result.ok, figures: queueMillionFigures(result) };
    },
  },
  {
    name: 'server',
    command: 'npm run bench:server',
    async run() {
      const { printServerBench, runServerBench, serverFigures } = await import('./server');
      const result = await runServerBench();
      printServerBench(result);
      return { ok: result.ok, figures: serverFigures(result) };
    },
  },
  {
    name: 'status',
    command: 'npm run bench:status',
    async run() {
      const { printStatusBench, runStatusBench, statusRatios } = await import('./status');
      const result = await runStatusBench();
      printStatusBench(result);
      const figures = statusRatios(result).flatMap((s) => {
        const app = result.runs.filter((r) => r.target === s.target && r.server === 'app');
        const bare = result.runs.filter((r) => r.target === s.target && r.server !== 'app');
        return [
          figure({
            name: `Status page ${s.target}: requests/s vs a bare node:http server`,
            value: median(app.map((r) => r.requestsPerSec)),
            unit: 'req/s',
            baseline: {
              name: 'bare node:http, same bytes',
              value: median(bare.map((r) => r.requestsPerSec)),
            },
            target: { on: 'ratio', kind: 'min', limit: 0.8 },
            note: `median of per-round ratios ${s.median.toFixed(3)}`,
          }),
          figure({
            name: `Status page ${s.target}: p99 under load`,
            value: s.appP99Ms,
            unit: 'ms',
            baseline: { name: 'bare node:http p99', value: s.bareP99Ms },
            target: { on: 'value', kind: 'max', limit: 20 },
          }),
        ];
      });
      return { ok: result.ok, figures };
    },
  },
  {
    name: 'ingest',
    command: 'npm run bench:ingest',
    async run() {
      const { printIngestBench, runIngestBench } = await import('./ingest');
      const result = await runIngestBench();
      printIngestBench(result);
      const figures = result.runs.flatMap((run) => {
        // The small mix keeps the rows' names of earlier runs (comparable); the storm has rows of its own.
        const label =
          run.mix === 'small'
            ? `Alert ingestion, ${run.engine}`
            : `Alert ingestion, storm (${run.alertsPerGroup} alerts per group), ${run.engine}`;
        const note = `${run.alertsPerGroup} alerts per group, p50 ${run.p50Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms`;
        return [
          figure({
            name: `${label}: events/s`,
            value: run.eventsPerSec,
            unit: 'events/s',
            baseline:
              run.pgbenchRowsPerSec === null
                ? undefined
                : { name: 'pgbench single-row INSERT rows/s', value: run.pgbenchRowsPerSec },
            target: run.pgbenchRowsPerSec === null ? undefined : { on: 'ratio', kind: 'min', limit: 1 },
            note,
          }),
          figure({
            name: `${label}: p99`,
            value: run.p99Ms,
            unit: 'ms',
            target: { on: 'value', kind: 'max', limit: 50 },
            note,
          }),
        ];
      });
      return { ok: result.ok, figures };
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// Machine and run context

function commandOutput(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function postgresVersion(): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrlFrom(), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v");
    return rows[0]?.v ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function machine() {
  const cpus = os.cpus();
  // The results files themselves do not make the checkout dirty.
  const status = commandOutput('git', [
    'status',
    '--porcelain',
    '--',
    '.',
    ':!bench/results.json',
    ':!bench/results.md',
  ]);
  return {
    cpu: cpus[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    os: `${os.platform()} ${os.release()}`,
    node: process.version,
    postgres: await postgresVersion(),
    commit: commandOutput('git', ['rev-parse', 'HEAD']),
    dirty: status === null ? null : status.length > 0,
  };
}

function parseOnly(argv: string[]): Set<string> | null {
  const at = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (at < 0) return null;
  const value = argv[at]!.includes('=') ? argv[at]!.split('=')[1]! : (argv[at + 1] ?? '');
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length || names.length === 0)
    throw new Error(
      `--only: unknown benchmark(s) ${unknown.join(', ') || '(none given)'}; known: ${BENCHES.map((b) => b.name).join(', ')}`,
    );
  return new Set(names);
}

// ---------------------------------------------------------------------------------------------------
// Output

interface BenchOutcome {
  name: string;
  /** When it ran (an --only run keeps the other benchmarks' earlier results). */
  startedAt: string;
  commit: string | null;
  command: string;
  outcome: 'ok' | 'WRONG RESULT' | 'ERROR';
  error?: string;
  seconds: number;
  loadBefore: number[];
  loadAfter: number[];
  figures: Figure[];
}

const number = (x: number) =>
  !Number.isFinite(x) ? '–' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3);
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');

function markdown(run: {
  machine: Awaited<ReturnType<typeof machine>>;
  quick: boolean;
  startedAt: string;
  benches: BenchOutcome[];
}): string {
  const m = run.machine;
  const machineLine = `${m.cpu} × ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres ?? 'unavailable'}`;
  const lines = [
    '# Benchmark results',
    '',
    `Run ${run.startedAt}${run.quick ? ' in **quick mode** (BENCH_QUICK=1: small data, short runs; not comparable)' : ''}, commit ${m.commit?.slice(0, 12) ?? '?'}${m.dirty ? ' (with uncommitted changes)' : ''}.`,
    `Machine: ${machineLine}. Shared with other work: each row gives the 1/5/15-minute load average while its benchmark ran (before → after).`,
    'Benchmarks report; they never fail on speed.',
    '',
    '| figure | value | baseline | ratio | target | met | load avg | machine |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const shortMachine = `${m.cores} cores, Node ${m.node}, PG ${m.postgres ?? '–'}`;
  for (const bench of run.benches) {
    const loads = `${load(bench.loadBefore)} → ${load(bench.loadAfter)}${bench.startedAt < run.startedAt ? ` (earlier run, ${bench.startedAt.slice(0, 16)}Z, ${bench.commit?.slice(0, 7) ?? '?'})` : ''}`;
    if (bench.figures.length === 0)
      lines.push(
        `| ${bench.name}: ${bench.outcome}${bench.error ? ` (${bench.error.replace(/\|/g, '/')})` : ''} | | | | | | ${loads} | ${shortMachine} |`,
      );
    for (const f of bench.figures) {
      const met = f.met === null ? '' : f.met ? 'yes' : '**no**';
      lines.push(
        `| ${f.name}${f.note ? ` <br><small>${f.note.replace(/\|/g, '/')}</small>` : ''} | ${number(f.value)} ${f.unit} | ${f.baseline ? `${number(f.baseline.value)} ${f.unit} (${f.baseline.name})` : ''} | ${f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`} | ${describeTarget(f.target, f.unit)} | ${met} | ${loads} | ${shortMachine} |`,
      );
    }
  }
  lines.push('', '| benchmark | command | outcome | seconds |', '| --- | --- | --- | --- |');
  for (const b of run.benches)
    lines.push(`| ${b.name} | \`${b.command}\` | ${b.outcome} | ${b.seconds.toFixed(0)} |`);
  return `${lines.join('\n')}\n`;
}

/**
 * With --only, the other benchmarks' entries of an earlier full-mode run stay in the results files (each
 * entry says when and at which commit it ran); a quick run or a full run replaces everything.
 */
function withEarlier(file: string, outcomes: BenchOutcome[], only: Set<string> | null): BenchOutcome[] {
  if (!only || QUICK || !existsSync(file)) return outcomes;
  try {
    const earlier = JSON.parse(readFileSync(file, 'utf8')) as { quick?: boolean; benches?: BenchOutcome[] };
    if (earlier.quick || !Array.isArray(earlier.benches)) return outcomes;
    const byName = new Map(earlier.benches.map((b) => [b.name, b]));
    for (const o of outcomes) byName.set(o.name, o);
    return BENCHES.map((b) => byName.get(b.name)).filter((b): b is BenchOutcome => b !== undefined);
  } catch {
    return outcomes;
  }
}

async function main(): Promise<number> {
  const only = parseOnly(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const context = await machine();
  const outcomes: BenchOutcome[] = [];
  for (const bench of BENCHES) {
    if (only && !only.has(bench.name)) continue;
    console.log(
      `\n=== ${bench.name} (${bench.command}) ${'='.repeat(Math.max(3, 90 - bench.name.length - bench.command.length))}\n`,
    );
    const started = performance.now();
    const benchStartedAt = new Date().toISOString();
    const loadBefore = os.loadavg();
    let outcome: BenchOutcome['outcome'] = 'ERROR';
    let figures: Figure[] = [];
    let error: string | undefined;
    try {
      const result = await bench.run();
      outcome = result.ok ? 'ok' : 'WRONG RESULT';
      figures = result.figures;
    } catch (caught) {
      console.error(`\n${bench.name} failed:`, caught);
      error = caught instanceof Error ? caught.message.split('\n')[0] : String(caught);
    }
    outcomes.push({
      name: bench.name,
      startedAt: benchStartedAt,
      commit: context.commit,
      command: bench.command,
      outcome,
      error,
      seconds: (performance.now() - started) / 1000,
      loadBefore,
      loadAfter: os.loadavg(),
      figures,
    });
  }
  const dir = import.meta.dirname;
  const run = {
    startedAt,
    quick: QUICK,
    machine: context,
    benches: withEarlier(path.join(dir, 'results.json'), outcomes, only),
  };
  writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(path.join(dir, 'results.md'), markdown(run));

  console.log(`\n=== summary ${'='.repeat(88)}\n`);
  console.log(
    table(
      ['figure', 'value', 'baseline', 'ratio', 'target', 'met'],
      outcomes.flatMap((b) =>
        b.figures.map((f) => [
          f.name.length > 70 ? `${f.name.slice(0, 69)}…` : f.name,
          `${number(f.value)} ${f.unit}`,
          f.baseline ? `${number(f.baseline.value)} ${f.unit}` : '',
          f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
          describeTarget(f.target, f.unit),
          f.met === null ? '' : f.met ? 'yes' : 'NO',
        ]),
      ),
    ),
  );
  console.log('');
  for (const { name, outcome, seconds } of outcomes)
    console.log(`${name.padEnd(16)} ${outcome.padEnd(12)} ${seconds.toFixed(1)} s`);
  console.log(`\nwrote ${path.relative(process.cwd(), path.join(dir, 'results.json'))} and results.md`);
  return outcomes.every((o) => o.outcome === 'ok') ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
