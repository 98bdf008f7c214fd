// `npm run worker` as one process: `node --import tsx scripts/worker.ts`. The tsx CLI (what `npm run
// worker` and processes.ts startWorker run) starts the script in a child process of its own and relays
// SIGTERM to it, but a SIGKILL cannot be relayed: killing the CLI leaves the worker running, orphaned.
// A scenario that kills a worker with -9 must kill the process that sweeps.

import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Running } from './processes';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Starts the SLA scheduler worker against `databaseUrl` in a single process (kill9 kills the sweeper). */
export function startWorkerProcess(options: { databaseUrl: string; env?: Record<string, string> }): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'worker.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: options.databaseUrl,
      WATCHFLOOR_LOG_LEVEL: process.env.WATCHFLOOR_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const send = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { process: child, stop: send('SIGTERM'), kill9: send('SIGKILL') };
}
