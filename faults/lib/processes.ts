// Real processes for the fault suite (`npm run test:faults`): a fresh PostgreSQL database per scenario,
// the production server (scripts/serve.mjs, as `npm start` runs it) and `npm run worker` processes on
// it, each of which a scenario can stop gracefully or kill -9.

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { waitHealthy } from '../../bench/lib/measure';
import { type BenchDatabase, createBenchDatabase, DEFAULT_ADMIN_URL } from '../../bench/lib/postgres';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The PostgreSQL server the faults run against: FAULTS_DATABASE_URL, else TEST_DATABASE_URL, else local. */
export function faultsAdminUrl(): string {
  return process.env.FAULTS_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
}

/** A new, empty database for one scenario; `drop()` it in afterAll (the processes must be gone first). */
export function freshDatabase(tag: string): Promise<BenchDatabase> {
  return createBenchDatabase(faultsAdminUrl(), `watchfloor_fault_${tag}_${process.pid}`);
}

export interface Running {
  process: ChildProcess;
  /** SIGTERM, and wait for the exit. Rejects if the process reported an uncaught exception. */
  stop(): Promise<void>;
  /** SIGKILL (no cleanup, as a crash or an OOM kill), and wait for the exit. Rejects as stop() does. */
  kill9(): Promise<void>;
}

/**
 * What a process prints when an error escaped every handler (Node's crash report ends with its version
 * line; Next logs "⨯ uncaughtException" / "unhandledRejection" and goes on): a fault may fail requests,
 * never crash a process or leave an error nobody listens to (one did: a connection lost mid-transaction).
 */
const UNCAUGHT = /uncaughtException|unhandledRejection|Unhandled 'error' event|^Node\.js v\d+\./;

function running(child: ChildProcess): Running {
  const uncaught: string[] = [];
  if (child.stderr) {
    // Passed through as it comes (the scenario's own output), and watched.
    createInterface({ input: child.stderr }).on('line', (line) => {
      process.stderr.write(`${line}\n`);
      if (UNCAUGHT.test(line)) uncaught.push(line);
    });
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const send = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    if (uncaught.length > 0)
      throw new Error(`process ${child.pid} reported uncaught errors:\n${uncaught.join('\n')}`);
  };
  return { process: child, stop: send('SIGTERM'), kill9: send('SIGKILL') };
}

function baseEnv(databaseUrl: string, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: 'faults-secret-not-for-production-use',
    NEXT_TELEMETRY_DISABLED: '1',
    WATCHFLOOR_LOG_LEVEL: process.env.WATCHFLOOR_LOG_LEVEL ?? 'warn',
    ...env,
  };
}

export interface RunningApp extends Running {
  url: string;
}

/**
 * Starts the production build on `port` against `databaseUrl` (it migrates, and seeds an empty database
 * per WATCHFLOOR_DEMO) and waits for /api/health. Expects a build: vitest.faults.config builds when stale.
 */
export async function startApp(options: {
  databaseUrl: string;
  port: number;
  env?: Record<string, string>;
}): Promise<RunningApp> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs')], {
    cwd: root,
    env: baseEnv(options.databaseUrl, { PORT: String(options.port), NEXTAUTH_URL: url, ...options.env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const app = running(child);
  try {
    await waitHealthy(url, child);
  } catch (error) {
    await app.kill9();
    throw error;
  }
  return { ...app, url };
}

/**
 * Starts one SLA scheduler worker (`scripts/worker.ts`, as `npm run worker`) against `databaseUrl`, as one
 * process: the tsx CLI would run the script in a child of its own and relay SIGTERM, but not SIGKILL, so
 * a kill -9 of the CLI would leave the sweeper running, orphaned.
 */
export function startWorker(options: { databaseUrl: string; env?: Record<string, string> }): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'worker.ts')], {
    cwd: root,
    env: baseEnv(options.databaseUrl, options.env ?? {}),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return running(child);
}
