import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { fromPglite, fromPostgres } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { databaseUrlFor, TEMPLATE_PREFIX, TEST_DB_PREFIX } from './postgres-urls';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

/**
 * Migrates once per test run: a PGlite data directory dumped to a file that each test file loads
 * (creating and migrating PGlite costs seconds), and, with TEST_DATABASE_URL, a PostgreSQL template
 * database that each test file copies with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const workDir = mkdtempSync(path.join(tmpdir(), 'watchfloor-test-'));
  const pglite = fromPglite(await PGlite.create());
  await migrateDatabase(pglite);
  const dump = await pglite.pglite!.dumpDataDir('none');
  const templateFile = path.join(workDir, 'pglite-template.tar');
  writeFileSync(templateFile, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide('pgliteTemplate', templateFile);

  const adminUrl = process.env.TEST_DATABASE_URL;
  let template: string | null = null;
  if (adminUrl) {
    template = `${TEMPLATE_PREFIX}${process.pid}_${Date.now()}`;
    await withAdmin(adminUrl, (admin) => admin.query(`create database "${template}"`));
    const handle = fromPostgres(databaseUrlFor(adminUrl, template), 2);
    try {
      await migrateDatabase(handle);
    } finally {
      await handle.close();
    }
  }
  project.provide('postgresTemplate', template);

  return async () => {
    rmSync(workDir, { recursive: true, force: true });
    if (!adminUrl || !template) return;
    await withAdmin(adminUrl, async (admin) => {
      const { rows } = await admin.query<{ datname: string }>(
        'select datname from pg_database where datname like $1 or datname = $2',
        [`${TEST_DB_PREFIX}${process.pid}_%`, template],
      );
      for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    });
  };
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
