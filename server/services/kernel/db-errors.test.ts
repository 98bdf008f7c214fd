import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { testEngines } from '../../../test/databases';
import { useDatabase } from '../../../test/suite';
import { refusedInput, sqlState } from './db-errors';
import { ServiceError } from './errors';

describe.each(testEngines())('refusedInput on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  useDatabase(open, async (opened) => {
    handle = opened;
    await handle.db.execute(sql`create table refusals_checked (n int check (n > 0))`);
    await handle.db.execute(sql`create table refusals_unique (n int unique)`);
    await handle.db.execute(sql`insert into refusals_unique values (1)`);
  });

  /** The error a real statement raises. */
  async function failureOf(statement: ReturnType<typeof sql>): Promise<unknown> {
    return handle.db.execute(statement).then(
      () => {
        throw new Error('the statement was expected to fail');
      },
      (error: unknown) => error,
    );
  }

  it('input the database refuses is the caller’s error, with a message that names no SQL', async () => {
    const cases: [ReturnType<typeof sql>, string, string][] = [
      [sql`select 'not-a-uuid'::uuid`, '22P02', 'BAD_REQUEST'],
      [sql`select 2147483648::int4`, '22003', 'BAD_REQUEST'],
      [sql`select '275000-01-01'::date + interval '1000000 years'`, '22008', 'BAD_REQUEST'],
      [sql`select chr(0)`, '54000', 'BAD_REQUEST'],
      [sql`insert into refusals_checked values (0)`, '23514', 'BAD_REQUEST'],
      [sql`insert into refusals_unique values (1)`, '23505', 'CONFLICT'],
    ];
    for (const [statement, state, code] of cases) {
      const error = await failureOf(statement);
      expect(sqlState(error)).toBe(state);
      const refused = refusedInput(error);
      expect(refused, state).toBeInstanceOf(ServiceError);
      expect(refused!.code).toBe(code);
      expect(refused!.message).not.toMatch(/select|insert|\$\d|uuid|int4/i);
    }
  });

  it('bugs and outages stay unexpected: a syntax error, a missing table, a service’s own error', async () => {
    expect(refusedInput(await failureOf(sql`selec 1`))).toBeUndefined();
    expect(refusedInput(await failureOf(sql`select * from no_such_table`))).toBeUndefined();
    expect(refusedInput(new ServiceError('NOT_FOUND', 'Ticket not found'))).toBeUndefined();
    expect(refusedInput(new Error('socket hang up'))).toBeUndefined();
  });
});
