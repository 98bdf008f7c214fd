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
// each path, taken before the runs) as the baseline.
// BENCH_STATUS_PORT (default 3390) and BENCH_STATUS_SECONDS (default 10) change the port and duration.
//
// It fails (exit 1) only on a wrong result: a non-2xx answer or a connection error during a run.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { machineDescription, runWhenMain, table } from './lib/measure';

const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_STATUS_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_STATUS_PORT ?? 3390);
const TARGETS = [
  { name: '/status/acme (HTML)', path: '/status/acme' },
  { name: 'summary.json', path: '/status/acme/api/v2/summary.json' },
] as const;

interface Run {
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

async function waitHealthy(url: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the server did not become healthy in 150 s');
}

async function load(url: string): Promise<{ rps: number; p50: number; p99: number; bad: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, pipelining: 1 });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/** A server answering each path with the exact bytes and type the app sent for it. */
async function bareServer(bodies: Map<string, { body: Buffer; type: string }>): Promise<Server> {
  const server = createServer((req, res) => {
    const answer = bodies.get(req.url ?? '');
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': answer.type, 'Content-Length': answer.body.length });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
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
  // The build helper is plain JavaScript without types; imported by a computed name.
  const buildHelper = '../scripts/build-if-stale.mjs';
  ((await import(buildHelper)) as { buildIfStale: () => void }).buildIfStale();
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
  let bare: Server | undefined;
  try {
    await waitHealthy(url, app);
    const bodies = new Map<string, { body: Buffer; type: string }>();
    for (const target of TARGETS) {
      const response = await fetch(`${url}${target.path}`);
      if (!response.ok) throw new Error(`${target.path} answered ${response.status}`);
      bodies.set(target.path, {
        body: Buffer.from(await response.arrayBuffer()),
        type: response.headers.get('content-type') ?? 'application/octet-stream',
      });
    }
    bare = await bareServer(bodies);
    const barePort = (bare.address() as AddressInfo).port;
    for (const target of TARGETS) {
      const bytes = bodies.get(target.path)!.body.length;
      for (const [server, base] of [
        ['app', url],
        ['bare node:http', `http://127.0.0.1:${barePort}`],
      ] as const) {
        log(`${target.name} on ${server}: ${CONNECTIONS} connections, ${SECONDS} s`);
        const figures = await load(`${base}${target.path}`);
        result.runs.push({
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
    await new Promise<void>((resolve) => (bare ? bare.close(() => resolve()) : resolve()));
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
      ['target', 'server', 'bytes', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx/errors'],
      result.runs.map((r) => [
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
  for (const target of TARGETS) {
    const app = result.runs.find((r) => r.target === target.name && r.server === 'app');
    const bare = result.runs.find((r) => r.target === target.name && r.server !== 'app');
    if (app && bare)
      console.log(
        `${target.name}: app / bare = ${(app.requestsPerSec / bare.requestsPerSec).toFixed(3)} (target ≥ 0.8); app p99 ${app.p99Ms} ms (target ≤ 20 ms)`,
      );
  }
}

runWhenMain(import.meta.url, {
  name: 'status',
  run: () => runStatusBench(),
  print: printStatusBench,
  wrongResult: 'a request failed (non-2xx or connection error) during a run',
});
