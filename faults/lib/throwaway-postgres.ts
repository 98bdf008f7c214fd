// A PostgreSQL server of the scenario's own, for the faults that stop and start the database server:
// the shared one on 5432 serves everyone else and is never stopped. initdb into a temporary directory,
// pg_ctl start / stop (fast, as a restart does) on a free port, and everything removed at the end, on
// failure and at exit. initdb and postgres refuse to run as root: as root they run as user `postgres`.

import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where the server binaries are: FAULTS_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin. */
function binDirectory(): string {
  if (process.env.FAULTS_PG_BIN) return process.env.FAULTS_PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? execFileSync('ls', [base], { encoding: 'utf8' })
        .split('\n')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error('No PostgreSQL server binaries (set FAULTS_PG_BIN)');
  return path.join(base, versions[0], 'bin');
}

const asRoot = () => process.getuid?.() === 0;

function commandFor(binary: string, args: string[]): [string, string[]] {
  const command = path.join(binDirectory(), binary);
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** Runs a server binary, as `postgres` when we are root; throws with its output when it fails. */
function runServerBinarySync(binary: string, args: string[]): void {
  const [file, argv] = commandFor(binary, args);
  const result = spawnSync(file, argv, { encoding: 'utf8', cwd: os.tmpdir() });
  if (result.status !== 0)
    throw new Error(
      `${binary} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`,
    );
}

/** As runServerBinarySync, without blocking the event loop (the scenario's load keeps running meanwhile). */
function runServerBinary(binary: string, args: string[]): Promise<void> {
  const [file, argv] = commandFor(binary, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { encoding: 'utf8', cwd: os.tmpdir() }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${binary} ${args.join(' ')} failed: ${stderr || stdout || error.message}`));
      else resolve();
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** The first free port from `from` on (FAULTS_PG_PORT pins it). */
async function freePort(from: number): Promise<number> {
  if (process.env.FAULTS_PG_PORT) return Number(process.env.FAULTS_PG_PORT);
  for (let port = from; port < from + 200; port++) if (await portIsFree(port)) return port;
  throw new Error(`No free port in ${from}–${from + 199}`);
}

export interface ThrowawayPostgres {
  port: number;
  /** Superuser URL of its `postgres` database (trust authentication, loopback only). */
  adminUrl: string;
  /** A URL of database `name` on it. */
  urlFor(name: string): string;
  /** pg_ctl start, waiting until it accepts connections. */
  start(): Promise<void>;
  /** pg_ctl stop in `fast` mode (what a restart or a failover does): sessions are terminated (57P01). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it if running and deletes its directory; safe to call more than once. */
  destroy(): Promise<void>;
}

/** initdb a new cluster in a temporary directory and start it on a free port (55432 and up). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watchfloor-fault-pg-'));
  if (asRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  let running = false;
  let destroyed = false;

  const stopArgs = (mode: 'fast' | 'immediate') => ['-D', data, '-m', mode, '-w', 'stop'];
  // Vitest killed mid-scenario: the server must not outlive the run.
  const onExit = () => {
    try {
      if (running) runServerBinarySync('pg_ctl', stopArgs('immediate'));
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort at exit.
    }
  };
  process.once('exit', onExit);

  try {
    // No fsync: the data is thrown away; the scenario is about the server going away, not durability.
    await runServerBinary('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    process.removeListener('exit', onExit);
    throw error;
  }
  const port = await freePort(55432);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;

  const cluster: ThrowawayPostgres = {
    port,
    adminUrl,
    urlFor: (name) => `postgres://postgres@127.0.0.1:${port}/${name}`,
    async start() {
      if (running) return;
      running = true;
      await runServerBinary('pg_ctl', ['-D', data, '-o', options, '-l', logFile, '-w', '-t', '60', 'start']);
    },
    async stop(mode = 'fast') {
      if (!running) return;
      await runServerBinary('pg_ctl', stopArgs(mode));
      running = false;
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        await cluster.stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
        process.removeListener('exit', onExit);
      }
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await cluster.destroy().catch(() => {});
    throw error;
  }
  return cluster;
}
