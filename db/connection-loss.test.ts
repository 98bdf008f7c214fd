import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../server/services/kernel/db-errors';
import { testEngines } from '../test/databases';
import { useDatabase } from '../test/suite';
import type { DatabaseHandle } from './client';
import { queryRows } from './sql';

// PostgreSQL going away (a restart, a failover) while a connection is checked out of the pool, between two
// statements of a transaction: the pool's own error handler covers only idle connections, and pg throws
// an uncaught exception for a client that errors without a listener (the whole process would report it).
// (Defined for PostgreSQL only rather than skipped elsewhere: PGlite has no connection to lose.)
const postgres = testEngines().filter((e) => e.engine === 'postgres');

describe.each(postgres)('a connection lost mid-transaction on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  useDatabase(open, (opened) => {
    handle = opened;
  });

  it('every pooled connection has an error listener, even while checked out', async () => {
    const client = await handle.pool!.connect();
    try {
      expect(client.listenerCount('error')).toBeGreaterThan(0);
    } finally {
      client.release();
    }
  });

  it('a session left idle inside a transaction is ended by the server after a minute', async () => {
    const [row] = await queryRows<{ timeout: string }>(
      handle.db,
      sql`select current_setting('idle_in_transaction_session_timeout') as timeout`,
    );
    expect(row!.timeout).toBe('1min');
  });

  it('fails the transaction as unavailable, and the pool goes on with a new connection', async () => {
    const admin = new pg.Client({ connectionString: handle.pool!.options.connectionString });
    await admin.connect();
    try {
      const failure = await handle.db
        .transaction(async (tx) => {
          const [row] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
          // Terminated from outside while this transaction holds the connection between statements.
          await admin.query('select pg_terminate_backend($1)', [row!.pid]);
          await tx.execute(sql`select 1`);
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(isDatabaseUnavailable(failure)).toBe(true);
      expect(await queryRows(handle.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
    }
  });
});
