import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { migrateDatabase } from './migrate';
import * as schema from './schema';

export type Schema = typeof schema;
/** One type for both engines: everything above db/ is written against plain PostgreSQL. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the database or a transaction on it: services accept both so they compose. */
export type Executor = Database | Transaction;
/**
 * What a read-only step may use (an engine command's `load`, the readers it calls): SELECT builders,
 * including `.for('update')` row locks, and `execute` for raw SELECTs through `queryRows`. It has no
 * insert / update / delete builders and no transactions, so a reader cannot write through drizzle;
 * raw SQL through `execute` is for SELECTs only (reviewed, not typed).
 */
export type Reader = Pick<Database, 'select' | 'selectDistinct' | 'selectDistinctOn' | 'execute'>;
export type Engine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  engine: Engine;
  /** The PGlite instance, when embedded (tests clone it; LISTEN uses it). */
  pglite?: PGlite;
  /** The pool, when on PostgreSQL. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export type OpenOptions =
  | { engine: 'postgres'; url: string; poolSize?: number }
  | { engine: 'pglite'; dataDir?: string; pglite?: PGlite };

export function fromPglite(pglite: PGlite): DatabaseHandle {
  const db = drizzlePglite(pglite, { schema }) as unknown as Database;
  return { db, engine: 'pglite', pglite, close: () => pglite.close() };
}

/**
 * How long a request waits for a connection (a new one, or a free one of a busy pool) before failing: a
 * database that is down or unreachable then answers 503 within seconds instead of holding the request.
 */
const CONNECT_TIMEOUT_MS = Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 5_000);
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

export function fromPostgres(url: string, poolSize = 10): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A connection whose server vanished without a word (a network partition) is noticed, not waited on.
    keepAlive: true,
    // A process that froze or lost its network inside a transaction (a scheduler worker holding claimed
    // clocks with row locks) would keep those rows from every other worker until TCP gave up; the server
    // ends such a session after a minute instead. No transaction of ours waits on the client that long.
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    // No JIT compilation: its cost model fires on large estimated costs (a queue over a million
    // tickets), and compiling then takes seconds for a query that runs in milliseconds
    // (bench/queue-million.ts). Set per session before the pool hands the connection out, rather than
    // as a startup option, which connection poolers such as PgBouncer refuse.
    onConnect: async (client) => {
      await client.query('set jit = off');
    },
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error('[db] idle PostgreSQL client error:', error.message));
  // Nor one that loses it while checked out between two statements (a transaction's, when the server
  // restarts): the pool listens only to idle clients, and pg throws an error nobody listens to. The loss
  // still fails that client's next statement (not queryable), and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzlePostgres(pool, { schema }) as unknown as Database;
  return { db, engine: 'postgres', pool, close: () => pool.end() };
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.engine === 'postgres') return fromPostgres(options.url, options.poolSize);
  if (options.pglite) return fromPglite(options.pglite);
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true }); // PGlite won't create parents.
  return fromPglite(await PGlite.create(options.dataDir));
}

/** Where the embedded database lives, from the environment. */
export function dataDirectory(): string {
  // The data directory is chosen at run time; tell the bundler's file tracer not to follow it.
  return path.resolve(
    /*turbopackIgnore: true*/ process.env.WATCHFLOOR_DATA_DIR ?? path.join(process.cwd(), '.data'),
  );
}

export function optionsFromEnv(): OpenOptions {
  const url = process.env.DATABASE_URL;
  if (url) return { engine: 'postgres', url, poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10) };
  return { engine: 'pglite', dataDir: path.join(dataDirectory(), 'pglite') };
}

// Next bundles route handlers and pages separately, so a module-level variable could exist twice in one
// process; PGlite must be opened exactly once per data directory, hence the global.
const globalKey = Symbol.for('watchfloor.database');
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<DatabaseHandle> };

/**
 * The process-wide database, opened from the environment and migrated on first use. A failed open is
 * forgotten so that the next call tries again (the database may simply not be up yet).
 */
export function getDatabase(): Promise<DatabaseHandle> {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) {
    const opening = (async () => {
      const handle = await openDatabase(optionsFromEnv());
      try {
        await migrateDatabase(handle);
      } catch (error) {
        await handle.close().catch(() => {});
        throw error;
      }
      return handle;
    })();
    g[globalKey] = opening;
    opening.catch(() => {
      if (g[globalKey] === opening) delete g[globalKey];
    });
  }
  return g[globalKey];
}

export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const opening = g[globalKey];
  delete g[globalKey];
  if (opening) await (await opening).close();
}
