// Benchmark: the public status page and its Statuspage JSON under load (issue #13: ≥ 0.8 of a bare server,
// p99 ≤ 20 ms).
//
//   npx tsx bench/status.ts        (npm run bench:status)
//
// Builds when the build is stale (scripts/build-if-stale.mjs), starts the production server (scripts/serve.mjs)
// on its own fresh data directory with the demo world, then loads, on loopback with autocannon at 64
// connections for 10 s each:
// - /status/acme (the HTML page, answered by the status front with a fresh CSP nonce per response);
// - /status/acme/api/v2/summary.json (answered by the status front, with its ETag);
// and, in the same run, a bare node:http server answering the same bytes (the server's own response to
// each path, headers and body, taken before the runs) as the baseline, in a process of its own as the app
// is (bench/lib/bare-server.mjs), so both face the load generator the same way.
// Shared machines are noisy: app and baseline alternate, ROUNDS times (BENCH_STATUS_ROUNDS, default 3), and
// the summary gives each round's ratio and their median.
// BENCH_STATUS_PORT (default 3390) and BENCH_STATUS_SECONDS (default 5) change the port and run length.
//
// It fails (exit 1) only on a wrong result: a non-2xx answer or a connection error during a run.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildIfStale, machineDescription, runWhenMain, table, waitHealthy } from './lib/measure';

const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_STATUS_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_STATUS_ROUNDS ?? 3);
const PORT = Number(process.env.BENCH_STATUS_PORT ?? 3390);
const TARGETS = [
  { name: '/status/acme (HTML)', path: '/status/acme' },
  { name: 'summary.json', path: '/status/acme/api/v2/summary.json' },
] as const;

interface Run {
  round: number;
  target: string;
  server: 'app' | 'bare node:http';
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  bytes: number;
  bad: number;
}

export interface StatusBenchResult {
  machine: string;
  loadBefore: number[];
  loadAfter: number[];
  runs: Run[];
  ok: boolean;
}

const root = path.resolve(import.meta.dirname, '..');

async function load(url: string): Promise<{ rps: number; p50: number; p99: number; bad: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, pipelining: 1 });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/** What the app answered for a path: its body and the headers it sent with it. */
interface Answer {
  body: Buffer;
  headers: [string, string][];
}

/** Per connection or recomputed by node:http itself: not copied into the baseline's answers. */
const CONNECTION_HEADERS = new Set([
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
]);

/** The baseline (bench/lib/bare-server.mjs) in its own process, answering `answers`; resolves its port. */
async function bareServer(
  answers: Map<string, Answer>,
  dir: string,
): Promise<{ port: number; process: ChildProcess }> {
  const file = path.join(dir, 'bare-answers.json');
  const encoded = Object.fromEntries(
    [...answers].map(([target, a]) => [target, { headers: a.headers, body: a.body.toString('base64') }]),
  );
  writeFileSync(file, JSON.stringify(encoded));
  const child = spawn(process.execPath, [path.join(root, 'bench', 'lib', 'bare-server.mjs'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  return { port, process: child };
}

export async function runStatusBench(
  log = (line: string) => process.stderr.write(`… ${line}\n`),
): Promise<StatusBenchResult> {
  const result: StatusBenchResult = {
    machine: machineDescription(),
    loadBefore: os.loadavg(),
    loadAfter: [],
    runs: [],
    ok: false,
  };
  await buildIfStale();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'watchfloor-bench-status-'));
  const url = `http://127.0.0.1:${PORT}`;
  log(`starting the production server on ${url}`);
  const app = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      WATCHFLOOR_DATA_DIR: dataDir,
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? 'bench-status-secret-not-for-production-use',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let bare: { port: number; process: ChildProcess } | undefined;
  try {
    await waitHealthy(url, app);
    const answers = new Map<string, Answer>();
    for (const target of TARGETS) {
      // Uncompressed, as autocannon asks for it.
      const response = await fetch(`${url}${target.path}`, { headers: { 'Accept-Encoding': 'identity' } });
      if (!response.ok) throw new Error(`${target.path} answered ${response.status}`);
      answers.set(target.path, {
        body: Buffer.from(await response.arrayBuffer()),
        headers: [...response.headers].filter(([name]) => !CONNECTION_HEADERS.has(name)),
      });
    }
    bare = await bareServer(answers, dataDir);
    const barePort = bare.port;
    for (let round = 1; round <= ROUNDS; round++)
      for (const target of TARGETS) {
        const bytes = answers.get(target.path)!.body.length;
        for (const [server, base] of [
          ['app', url],
          ['bare node:http', `http://127.0.0.1:${barePort}`],
        ] as const) {
          log(`round ${round}: ${target.name} on ${server}: ${CONNECTIONS} connections, ${SECONDS} s`);
          const figures = await load(`${base}${target.path}`);
          result.runs.push({
            round,
            target: target.name,
            server,
            requestsPerSec: figures.rps,
            p50Ms: figures.p50,
            p99Ms: figures.p99,
            bytes,
            bad: figures.bad,
          });
        }
      }
    result.ok = result.runs.every((r) => r.bad === 0);
  } finally {
    result.loadAfter = os.loadavg();
    bare?.process.kill('SIGTERM');
    if (app.exitCode === null) {
      const exited = new Promise((resolve) => app.once('exit', resolve));
      app.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  return result;
}

export function printStatusBench(result: StatusBenchResult): void {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log('Public status page and summary.json under load (issue #13)');
  console.log(`machine: ${result.machine}`);
  console.log(`load average before: ${load(result.loadBefore)} · after: ${load(result.loadAfter)}`);
  console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per run, loopback\n`);
  console.log(
    table(
      ['round', 'target', 'server', 'bytes', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx/errors'],
      result.runs.map((r) => [
        String(r.round),
        r.target,
        r.server,
        String(r.bytes),
        Math.round(r.requestsPerSec).toLocaleString('en-US'),
        String(r.p50Ms),
        String(r.p99Ms),
        String(r.bad),
      ]),
    ),
  );
  console.log('');
  for (const summary of statusRatios(result))
    console.log(
      `${summary.target}: app / bare per round ${summary.ratios.map((r) => r.toFixed(3)).join(', ')}; median ${summary.median.toFixed(3)} (target ≥ 0.8); app p99 median ${summary.appP99Ms} ms, bare ${summary.bareP99Ms} ms (target ≤ 20 ms)`,
    );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

/** Each target's app/bare ratio per round (the two ran back to back), and the medians. */
export function statusRatios(result: StatusBenchResult) {
  return TARGETS.map((target) => {
    const ratios: number[] = [];
    const appP99: number[] = [];
    const bareP99: number[] = [];
    for (const run of result.runs.filter((r) => r.target === target.name && r.server === 'app')) {
      const bare = result.runs.find(
        (r) => r.target === target.name && r.server !== 'app' && r.round === run.round,
      );
      if (!bare) continue;
      ratios.push(run.requestsPerSec / bare.requestsPerSec);
      appP99.push(run.p99Ms);
      bareP99.push(bare.p99Ms);
    }
    return {
      target: target.name,
      ratios,
      median: median(ratios),
      appP99Ms: median(appP99),
      bareP99Ms: median(bareP99),
    };
  });
}

runWhenMain(import.meta.url, {
  name: 'status',
  run: () => runStatusBench(),
  print: printStatusBench,
  wrongResult: 'a request failed (non-2xx or connection error) during a run',
});
