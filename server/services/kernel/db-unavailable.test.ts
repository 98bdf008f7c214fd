import net from 'node:net';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { testEngines } from '../../../test/databases';
import { useDatabase } from '../../../test/suite';
import { unavailableEngines } from '../../../test/unavailable-database';
import { isDatabaseUnavailable, refusedInput } from './db-errors';
import { ServiceError } from './errors';

/** The error a promise rejects with (it must reject). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe.each(unavailableEngines())('an unreachable database on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(() => handle.close());

  it('fails every statement as unavailable, through Drizzle and in a transaction', async () => {
    const direct = await failure(handle.db.execute(sql`select 1`));
    expect(isDatabaseUnavailable(direct)).toBe(true);
    const inTransaction = await failure(handle.db.transaction((tx) => tx.execute(sql`select 1`)));
    expect(isDatabaseUnavailable(inTransaction)).toBe(true);
    // Not mistaken for the caller's bad input either.
    expect(refusedInput(direct)).toBeUndefined();
  });
});

describe.each(testEngines())('a reachable database on $engine', ({ engine, open }) => {
  let handle: DatabaseHandle;
  useDatabase(open, (opened) => {
    handle = opened;
  });

  it('bugs and refused input are not outages', async () => {
    expect(isDatabaseUnavailable(await failure(handle.db.execute(sql`selec 1`)))).toBe(false);
    expect(isDatabaseUnavailable(await failure(handle.db.execute(sql`select 'x'::uuid`)))).toBe(false);
    expect(isDatabaseUnavailable(await failure(handle.db.execute(sql`select * from no_such_table`)))).toBe(
      false,
    );
  });

  // (Defined for PostgreSQL only rather than skipped elsewhere: PGlite has no server session to end.)
  if (engine === 'postgres')
    it('a session terminated by the server (57P01, as pg_ctl stop does) is an outage', async () => {
      const pool = handle.pool!;
      const client = await pool.connect();
      client.on('error', () => {}); // the connection's own error event after the termination
      try {
        const error = await failure(client.query('select pg_terminate_backend(pg_backend_pid())'));
        expect((error as { code?: string }).code).toBe('57P01');
        expect(isDatabaseUnavailable(error)).toBe(true);
      } finally {
        client.release(true);
      }
    });
});

describe('isDatabaseUnavailable', () => {
  it('knows the connection SQLSTATEs, socket errors and driver messages, through wrappers', () => {
    const coded = (code: string) => Object.assign(new Error('x'), { code });
    for (const code of [
      '08000',
      '08006',
      '08001',
      '57P01',
      '57P02',
      '57P03',
      '53300',
      'ECONNREFUSED',
      'ECONNRESET',
    ])
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
      'PGlite is closed',
    ])
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
    // Drizzle's wrapper, and a connect to several addresses (AggregateError of the attempts).
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: coded('57P03') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toBe(
      true,
    );
  });

  it('is not fooled by races, bad input, bugs or a service’s own error', () => {
    const coded = (code: string) => Object.assign(new Error('x'), { code });
    for (const code of ['23505', '40001', '22P02', '42601', '42P01', '57014'])
      expect(isDatabaseUnavailable(coded(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new ServiceError('CONFLICT', 'Connection terminated'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('socket hang up in a webhook'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    // A cycle of causes ends.
    const looped: Error & { cause?: unknown } = new Error('loop');
    looped.cause = looped;
    expect(isDatabaseUnavailable(looped)).toBe(false);
  });

  it('a server that accepts the connection and never answers fails within the connect timeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const pool = new pg.Pool({
      connectionString: `postgres://postgres@127.0.0.1:${port}/x`,
      connectionTimeoutMillis: 200,
    });
    try {
      expect(isDatabaseUnavailable(await failure(pool.query('select 1')))).toBe(true);
    } finally {
      await pool.end();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
