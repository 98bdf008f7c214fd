// PostgreSQL helpers shared by the benchmarks: the admin URL, a bench database of their own (created
// fresh, dropped at the end, on failure and on Ctrl-C), server version, backend CPU read from /proc, and
// a hook on the pg driver that sees every statement sent.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, type DatabaseHandle, fromPostgres } from '../../db/client';
import { queryRows } from '../../db/sql';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server the benchmarks create their database on: the option, else the environment, else local. */
export function adminUrlFrom(option?: string): string {
  return option ?? process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** After pool.end() the server may still be closing the connections; dropping then would kill them. */
async function waitForNoConnections(admin: pg.Client, database: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const { rows } = await admin.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where datname = $1',
      [database],
    );
    if (!rows[0]?.n) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface BenchDatabase {
  name: string;
  /** Connection URL of the bench database. */
  url: string;
  /**
   * Runs `beforeDrop` (close the benchmark's own pools), waits for the server to close their connections,
   * drops the database and ends the admin connection. Runs once however often it is called.
   */
  drop(beforeDrop?: () => Promise<void>): Promise<void>;
}

/**
 * (Re)creates database `name` on the server of `adminUrl`. Throws when the server cannot be reached or
 * the database cannot be created (the admin connection is closed then).
 */
export async function createBenchDatabase(adminUrl: string, name: string): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } catch (error) {
    await admin.end().catch(() => {});
    throw error;
  }
  let dropping: Promise<void> | undefined;
  return {
    name,
    url: databaseUrlFor(adminUrl, name),
    drop(beforeDrop) {
      dropping ??= (async () => {
        await beforeDrop?.().catch(() => {});
        await waitForNoConnections(admin, name).catch(() => {});
        await admin.query(`drop database if exists "${name}" with (force)`);
        await admin.end();
      })();
      return dropping;
    },
  };
}

/**
 * createBenchDatabase for a benchmark that carries on without PostgreSQL: the database and a note saying
 * where it is, or null and a note saying why there is none.
 */
async function openBenchDatabase(
  adminUrl: string,
  name: string,
): Promise<{ database: BenchDatabase | null; note: string }> {
  try {
    const database = await createBenchDatabase(adminUrl, name);
    return { database, note: `${redact(database.url)}, dropped afterwards` };
  } catch (error) {
    return { database: null, note: `unavailable at ${redact(adminUrl)} (${(error as Error).message})` };
  }
}

/** Ctrl-C mid-run: run `cleanup` (drop the bench database), then exit 130. Returns the un-register. */
function onInterrupt(cleanup: () => Promise<void>): () => void {
  const onSignal = () => {
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  return () => process.removeListener('SIGINT', onSignal);
}

/** A bench database opened by withBenchDatabase, as `run` sees it. */
export interface OpenBenchDatabase {
  handle: DatabaseHandle;
  url: string;
  /** Where it is, for the report. */
  note: string;
  serverVersion: string;
}

/**
 * Runs `run` on a fresh bench database `name` (a pool of `poolSize`) on the server of `adminUrl`, and
 * drops the database afterwards, on failure and on Ctrl-C. Without PostgreSQL, `run` is not called and
 * the answer is the note saying why; otherwise it is null.
 */
export async function withBenchDatabase(
  adminUrl: string,
  name: string,
  poolSize: number,
  log: (line: string) => void,
  run: (database: OpenBenchDatabase) => Promise<void>,
): Promise<string | null> {
  const { database, note } = await openBenchDatabase(adminUrl, name);
  if (!database) return note;
  let handle: DatabaseHandle | undefined;
  const drop = () => database.drop(async () => handle?.close());
  const offInterrupt = onInterrupt(drop);
  try {
    handle = fromPostgres(database.url, poolSize);
    await run({ handle, url: database.url, note, serverVersion: await serverVersion(handle.db) });
  } finally {
    offInterrupt();
    log(`dropping ${name}`);
    await drop();
  }
  return null;
}

export async function serverVersion(db: Database): Promise<string> {
  const [row] = await queryRows<{ v: string }>(db, sql`select current_setting('server_version') as v`);
  return row?.v ?? '?';
}

/** Pids of the backends connected to the current database. */
export async function backendPids(db: Database): Promise<number[]> {
  const rows = await queryRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  return rows.map((r) => r.pid);
}

let clockTicks: number | undefined;

/**
 * CPU (ms) used so far by the given PostgreSQL backends, when the server runs on this machine (read from
 * /proc). Null when that is not possible.
 */
export function backendCpuMs(pids: readonly number[]): number | null {
  if (process.platform !== 'linux' || pids.length === 0) return null;
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    let ticks = 0;
    for (const pid of pids) {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres')) return null;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    }
    return (ticks * 1000) / clockTicks;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Driver-level instrumentation (pg only)

type QueryFn = (...args: unknown[]) => unknown;
const clientProto = pg.Client.prototype as unknown as { query: QueryFn };

function statementOf(args: unknown[]): { text: string; values: unknown[] } {
  const first = args[0] as string | { text?: string; values?: unknown[] };
  if (typeof first === 'string') return { text: first, values: (args[1] as unknown[]) ?? [] };
  return { text: first?.text ?? '', values: first?.values ?? (args[1] as unknown[]) ?? [] };
}

/**
 * Calls `hook` for every statement any pg client sends while `run` runs (promise or callback form), once
 * the statement has completed (or failed), with its text, parameters and round-trip time.
 */
export async function withQueryHook<T>(
  hook: (text: string, values: unknown[], elapsedMs: number) => void,
  run: () => Promise<T>,
): Promise<T> {
  const original = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const { text, values } = statementOf(args);
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      // Callback form (pg.Pool#query uses it).
      const callback = args[last] as (...results: unknown[]) => unknown;
      args[last] = (...results: unknown[]) => {
        hook(text, values, performance.now() - started);
        return callback(...results);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => hook(text, values, performance.now() - started),
        () => hook(text, values, performance.now() - started),
      );
    }
    return result;
  };
  try {
    return await run();
  } finally {
    clientProto.query = original;
  }
}
