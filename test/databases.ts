import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type DatabaseHandle, type Engine, fromPglite, fromPostgres } from '../db/client';
import { databaseUrlFor, TEST_DB_PREFIX } from './postgres-urls';

export interface TestEngine {
  engine: Engine;
  /** A fresh, migrated, empty database of its own. */
  open(): Promise<DatabaseHandle>;
}

let counter = 0;

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. Use with `describe.each(testEngines())`. */
export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [{ engine: 'pglite', open: openPglite }];
  if (process.env.TEST_DATABASE_URL && inject('postgresTemplate'))
    engines.push({ engine: 'postgres', open: openPostgres });
  return engines;
}

async function openPglite(): Promise<DatabaseHandle> {
  const tar = readFileSync(inject('pgliteTemplate'));
  return fromPglite(await PGlite.create({ loadDataDir: new Blob([tar]) }));
}

async function openPostgres(): Promise<DatabaseHandle> {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const template = inject('postgresTemplate')!;
  // The global setup drops every database with this prefix when the run ends.
  const name = `${TEST_DB_PREFIX}${process.ppid}_${process.pid}_${counter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await createFromTemplate(admin, name, template);
  } finally {
    await admin.end();
  }
  const handle = fromPostgres(databaseUrlFor(adminUrl, name), 20);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists "${name}" with (force)`).finally(() => cleanup.end());
    },
  };
}

async function createFromTemplate(
  admin: pg.Client,
  name: string,
  template: string,
  attempt = 0,
): Promise<void> {
  try {
    await admin.query(`create database "${name}" template "${template}"`);
  } catch (error) {
    // Two workers copying the template at the same instant: PostgreSQL asks the second to wait its turn.
    const busy = error instanceof Error && /being accessed by other users/.test(error.message);
    if (!busy || attempt >= 20) throw error;
    await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    await createFromTemplate(admin, name, template, attempt + 1);
  }
}
