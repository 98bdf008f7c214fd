import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { seedIfEmpty } from '../server/services/seed/seed';
import { testEngines } from '../test/databases';
import { closeDatabase, getDatabase } from './client';
import { appliedMigration } from './migrate';
import { organisations, users } from './schema';

describe('process database', () => {
  const saved = { url: process.env.DATABASE_URL, dir: process.env.WATCHFLOOR_DATA_DIR };
  afterEach(async () => {
    await closeDatabase();
    for (const [key, value] of [
      ['DATABASE_URL', saved.url],
      ['WATCHFLOOR_DATA_DIR', saved.dir],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('does not cache a failed open: the next call tries again', async () => {
    // Nothing listens on port 1: the first open fails fast.
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/none';
    await expect(getDatabase()).rejects.toThrow();
    delete process.env.DATABASE_URL;
    process.env.WATCHFLOOR_DATA_DIR = path.join(mkdtempSync(path.join(tmpdir(), 'wf-db-')), 'a', 'b');
    const handle = await getDatabase();
    expect(handle.engine).toBe('pglite');
    expect(await appliedMigration(handle)).toMatch(/^\d{4}_/);
    expect(await getDatabase()).toBe(handle);
  });
});

describe.each(testEngines())('seeding on $engine', ({ open }) => {
  it('without demo data creates only the operator and the first admin, once', async () => {
    const handle = await open();
    try {
      const now = () => new Date('2026-11-02T09:00:00Z');
      const admin = { email: 'Root@Example.com', password: 'a long admin password' };
      expect(await seedIfEmpty(handle.db, { demo: false, admin, now })).toBe(true);
      expect(await seedIfEmpty(handle.db, { demo: false, admin, now })).toBe(false);
      const orgs = await handle.db.select().from(organisations);
      expect(orgs.map((o) => o.kind)).toEqual(['operator']);
      const people = await handle.db.select().from(users);
      expect(people.map((u) => [u.email, u.role])).toEqual([['root@example.com', 'admin']]);
      const [demo] = await handle.db
        .select({ n: count() })
        .from(users)
        .where(eq(users.email, 'admin@watchfloor.test'));
      expect(demo?.n).toBe(0);
    } finally {
      await handle.close();
    }
  });

  it('refuses rows the constraints forbid', async () => {
    const handle = await open();
    try {
      await expect(
        handle.db.insert(organisations).values({ slug: 'Bad Slug', name: 'X', kind: 'customer' }),
      ).rejects.toThrow();
      await handle.db.insert(organisations).values({ slug: 'op', name: 'Operator', kind: 'operator' });
      // Exactly one operator organisation.
      await expect(
        handle.db.insert(organisations).values({ slug: 'op2', name: 'Second', kind: 'operator' }),
      ).rejects.toThrow();
    } finally {
      await handle.close();
    }
  });
});
