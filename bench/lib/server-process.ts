// The production server (scripts/serve.mjs, as `npm start` runs it) as a child process of a benchmark,
// on a PostgreSQL database, with its resident memory read from /proc.

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { waitHealthy } from './measure';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface BenchServer {
  url: string;
  process: ChildProcess;
  /** Spawn to the first 200 from /api/health. */
  startMs: number;
  stop(): Promise<void>;
}

/** Starts serve.mjs on `port` against `databaseUrl` and waits until /api/health answers 200. */
export async function startBenchServer(options: {
  databaseUrl: string;
  port: number;
  env?: Record<string, string>;
  /** How often /api/health is polled while waiting (the start-to-ready figure's resolution). */
  pollMs?: number;
}): Promise<BenchServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? 'bench-secret-not-for-production-use',
      NEXT_TELEMETRY_DISABLED: '1',
      WATCHFLOOR_LOG_LEVEL: process.env.WATCHFLOOR_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitHealthy(url, child, options.pollMs ?? 100);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return { url, process: child, startMs: performance.now() - started, stop };
}

/** VmRSS of a process in MB (MiB), or NaN when /proc does not have it. */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
