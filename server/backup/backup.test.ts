import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, type DatabaseHandle, fromPglite, fromPostgres } from '../../db/client';
import { queryRows } from '../../db/sql';
import { databaseUrlFor, TEST_DB_PREFIX } from '../../test/postgres-urls';
import { drive, outageInput } from '../../test/tickets';
import { demoWorld } from '../../test/world';
import { verifyAuditChains } from '../services/audit/verify';
import { commentOnTicket } from '../services/tickets/comment';
import { createTicket } from '../services/tickets/create';
import { BackupError, defaultBackupName, redactUrl } from './common';
import { backupPglite, restorePglite } from './pglite';
import { backupPostgres, restorePostgres } from './postgres';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The demo world plus a few tickets of our own with some history. */
async function populate(db: Database) {
  const world = await demoWorld(db, undefined, { sla: true });
  const noc = await world.as('noc@watchfloor.test');
  for (const title of ['Edge router flapping', 'DNS resolver timeouts', 'Backup link down']) {
    const ticket = await createTicket(noc, outageInput(world, { title }));
    await drive(noc, ticket.id, [{ type: 'ACK' }, { type: 'INVESTIGATE' }]);
    await commentOnTicket(noc, { id: ticket.id, body: `Looking at ${title}` });
  }
}

/** Row counts of every table the app owns (its schema and drizzle's migration journal). */
async function rowCounts(db: Database): Promise<Record<string, number>> {
  const tables = await queryRows<{ schema: string; name: string }>(
    db,
    sql`select table_schema as schema, table_name as name from information_schema.tables
        where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`,
  );
  const counts: Record<string, number> = {};
  for (const { schema, name } of tables) {
    const [row] = await queryRows<{ n: number | string }>(
      db,
      sql.raw(`select count(*) as n from "${schema}"."${name}"`),
    );
    counts[`${schema}.${name}`] = Number(row!.n);
  }
  return counts;
}

/** Edits an audit row as someone with owner rights would: the append-only trigger switched off. */
async function tamper(db: Database) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table ticket_events disable trigger ticket_events_no_update_delete`);
    await tx.execute(sql`update ticket_events set actor_label = 'someone else'
      where (ticket_id, seq) = (select ticket_id, seq from ticket_events order by occurred_at desc, seq desc limit 1)`);
    await tx.execute(sql`alter table ticket_events enable trigger ticket_events_no_update_delete`);
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return (error as BackupError).message;
}

function cli(script: string, args: string[], env: Record<string, string>) {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete full.DATABASE_URL;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      path.join(root, 'node_modules/.bin/tsx'),
      [script, ...args],
      { cwd: root, env: full, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A port nothing listens on (listened on, then closed): the running-app probe finds no app there. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('backup file names and secrets', () => {
  it('names a backup after its engine and the UTC time, with the extension of its format', () => {
    const now = new Date('2026-12-04T02:30:05.123Z');
    expect(defaultBackupName('pglite', now)).toBe('watchfloor-pglite-20261204T023005Z.tar.gz');
    expect(defaultBackupName('postgres', now)).toBe('watchfloor-postgres-20261204T023005Z.dump');
  });

  it('redacts a DATABASE_URL password, and never prints it when the server cannot be reached', async () => {
    expect(redactUrl('postgres://wf:hunter2@db.internal:5432/wf?sslmode=require')).toBe(
      'postgres://wf:***@db.internal:5432/wf?sslmode=require',
    );
    const url = `postgres://wf:hunter2@127.0.0.1:${await freePort()}/wf`;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'wf-backup-')), 'x.dump');
    for (const attempt of [
      backupPostgres({ url, file }),
      restorePostgres({ url, file: fileURLToPath(import.meta.url), force: false }),
    ]) {
      const message = await refusal(attempt);
      expect(message).toContain('wf:***@127.0.0.1');
      expect(message).not.toContain('hunter2');
    }
  });
});

describe('backup and restore on pglite', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'wf-backup-'));
  const source = path.join(work, 'source', 'pglite');
  const backup = path.join(work, 'watchfloor.tar.gz');
  let port: number;
  let counts: Record<string, number>;
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(async () => {
    port = await freePort();
    mkdirSync(source, { recursive: true });
    // The migrated template the suite shares, loaded into a real data directory.
    const template = readFileSync(inject('pgliteTemplate'));
    const handle = fromPglite(await PGlite.create({ dataDir: source, loadDataDir: new Blob([template]) }));
    await populate(handle.db);
    counts = await rowCounts(handle.db);
    await handle.close();
  });

  async function openDir(dataDir: string): Promise<DatabaseHandle> {
    return fromPglite(await PGlite.create(dataDir));
  }

  it('backs up to a gzip tarball, restores it into a new directory, and the chains and row counts match', async () => {
    const written = await backupPglite({ dataDir: source, file: backup, port, force: false });
    expect(written.bytes).toBeGreaterThan(0);
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([...readFileSync(backup).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(existsSync(`${backup}.partial`)).toBe(false);

    const target = path.join(work, 'restored', 'pglite');
    const result = await restorePglite({ dataDir: target, file: backup, port, force: false });
    expect(result.source.sha256).toBe(written.sha256);
    expect(result.verify.firstBreak).toBeNull();
    expect(result.verify.ticketsChecked).toBe(counts['public.tickets']);
    expect(result.verify.eventsChecked).toBe(counts['public.ticket_events']);
    expect(counts['public.tickets']).toBeGreaterThan(3);
    // No staging directory left behind, and the restored directory opens with the same rows.
    expect(readdirSync(path.dirname(target))).toEqual(['pglite']);
    const restored = await openDir(target);
    try {
      expect(await rowCounts(restored.db)).toEqual(counts);
      // Tampering with a restored audit row (trigger bypassed) is caught by the same verification.
      await tamper(restored.db);
      const broken = await verifyAuditChains(restored.db);
      expect(broken.firstBreak?.reason).toBe('content does not match its hash');
    } finally {
      await restored.close();
    }

    // The CLI restoring a backup of that tampered directory says BROKEN and exits 1 (the data is in place).
    const tamperedFile = path.join(work, 'tampered.tar.gz');
    await backupPglite({ dataDir: target, file: tamperedFile, port, force: false });
    const run = await cli('scripts/db-restore.ts', [tamperedFile], {
      WATCHFLOOR_DATA_DIR: path.join(work, 'cli-broken'),
      PORT: String(port),
    });
    expect(run.stderr).toMatch(/BROKEN: [A-Z]+-\d+ at sequence \d+: content does not match its hash/);
    expect(run.code).toBe(1);
    expect(existsSync(path.join(work, 'cli-broken', 'pglite', 'PG_VERSION'))).toBe(true);
  });

  it('runs end to end from the command line: db:backup prints path, size and SHA-256; db:restore prints OK', async () => {
    const file = path.join(work, 'cli.tar.gz');
    const env = { WATCHFLOOR_DATA_DIR: path.dirname(source), PORT: String(port) };
    const backed = await cli('scripts/db-backup.ts', [file], env);
    expect(backed.code, backed.stderr).toBe(0);
    expect(backed.stdout).toContain(file);
    expect(backed.stdout).toMatch(/sha256 {2}[0-9a-f]{64}/);
    expect(backed.stdout).toMatch(/size {4}[\d,]+ bytes/);
    const restored = await cli('scripts/db-restore.ts', [file], {
      WATCHFLOOR_DATA_DIR: path.join(work, 'cli-ok'),
      PORT: String(port),
    });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`OK: ${counts['public.tickets']} ticket chains`);
  });

  it('refuses a non-empty target without --force; with it, replaces it and keeps the old directory aside', async () => {
    const target = path.join(work, 'occupied', 'pglite');
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, 'keep-me'), 'old data');
    expect(await refusal(restorePglite({ dataDir: target, file: backup, port, force: false }))).toMatch(
      /is not empty.*--force/,
    );
    expect(readdirSync(target)).toEqual(['keep-me']);

    const result = await restorePglite({
      dataDir: target,
      file: backup,
      port,
      force: true,
      now: () => new Date('2026-12-04T03:00:00Z'),
    });
    expect(result.verify.firstBreak).toBeNull();
    expect(result.previous).toBe(`${target}.before-restore-20261204T030000000Z`);
    expect(readFileSync(path.join(result.previous!, 'keep-me'), 'utf8')).toBe('old data');
    expect(existsSync(path.join(target, 'PG_VERSION'))).toBe(true);
  });

  it('refuses a corrupt, foreign or missing file with a clear error and leaves the target as it was', async () => {
    const good = readFileSync(backup);
    const files = {
      truncated: good.subarray(0, Math.floor(good.length / 2)),
      bitflipped: Buffer.concat([
        good.subarray(0, 5000),
        Buffer.from([good[5000]! ^ 0xff]),
        good.subarray(5001),
      ]),
      garbage: Buffer.from('this is not a backup\n'.repeat(100)),
      gzippedGarbage: gzipSync(Buffer.from('not a tar either\n'.repeat(100))),
    };
    // An existing database in the target, replaced only by a restore that fully succeeds.
    const target = path.join(work, 'kept', 'pglite');
    await restorePglite({ dataDir: target, file: backup, port, force: false });
    for (const [name, bytes] of Object.entries(files)) {
      const file = path.join(work, `${name}.tar.gz`);
      writeFileSync(file, bytes);
      const message = await refusal(restorePglite({ dataDir: target, file, port, force: true }));
      expect(message, name).toMatch(/corrupt|not a PGlite dump/);
      // A new target is not even created.
      await refusal(
        restorePglite({ dataDir: path.join(work, `new-${name}`, 'pglite'), file, port, force: false }),
      );
      expect(existsSync(path.join(work, `new-${name}`, 'pglite')), name).toBe(false);
    }
    expect(
      await refusal(
        restorePglite({ dataDir: target, file: path.join(work, 'nope.tar.gz'), port, force: true }),
      ),
    ).toMatch(/cannot read .*nope\.tar\.gz \(ENOENT\)/);
    expect(readdirSync(path.dirname(target)).sort()).toEqual(['pglite']);
    const kept = await openDir(target);
    try {
      expect(await rowCounts(kept.db)).toEqual(counts);
      expect((await verifyAuditChains(kept.db)).firstBreak).toBeNull();
    } finally {
      await kept.close();
    }

    const run = await cli('scripts/db-restore.ts', [path.join(work, 'truncated.tar.gz')], {
      WATCHFLOOR_DATA_DIR: path.join(work, 'cli-corrupt'),
      PORT: String(port),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\[watchfloor\] .*truncated\.tar\.gz is corrupt/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(path.join(work, 'cli-corrupt', 'pglite'))).toBe(false);
  });

  it('refuses to back up a data directory another process holds open, or while the app answers on PORT', async () => {
    const held = await openDir(source); // PGlite writes postmaster.pid while a directory is open
    try {
      const file = path.join(work, 'held.tar.gz');
      expect(await refusal(backupPglite({ dataDir: source, file, port, force: false }))).toMatch(
        /open in another process \(postmaster\.pid/,
      );
      expect(existsSync(file)).toBe(false);
    } finally {
      await held.close();
    }

    let engine = 'pglite';
    const app: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', database: { reachable: true, engine } }));
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const appPort = (app.address() as AddressInfo).port;
    try {
      const file = path.join(work, 'busy.tar.gz');
      // --force overrides a stale postmaster.pid, never an app that answers.
      for (const force of [false, true]) {
        expect(await refusal(backupPglite({ dataDir: source, file, port: appPort, force }))).toMatch(
          new RegExp(`answers on port ${appPort}; stop the app first`),
        );
        expect(await refusal(restorePglite({ dataDir: source, file: backup, port: appPort, force }))).toMatch(
          force ? /answers on port/ : /is not empty/,
        );
      }
      // An app on PostgreSQL holds no PGlite directory.
      engine = 'postgres';
      await expect(
        backupPglite({ dataDir: source, file, port: appPort, force: false }),
      ).resolves.toMatchObject({
        file,
      });
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });
});

/** PostgreSQL when TEST_DATABASE_URL is set (as testEngines() decides), else no suite at all (nothing skipped). */
const postgresAdmin =
  process.env.TEST_DATABASE_URL && inject('postgresTemplate') ? [process.env.TEST_DATABASE_URL] : [];
describe.each(postgresAdmin)('backup and restore on postgres (%s)', (adminUrl) => {
  const work = mkdtempSync(path.join(tmpdir(), 'wf-backup-pg-'));
  const backup = path.join(work, 'watchfloor.dump');
  // Scratch databases of this file, under the prefix the global setup also sweeps.
  const names = ['src', 'dst', 'bad'].map((n) => `${TEST_DB_PREFIX}backup_${process.pid}_${n}`);
  const [sourceName, targetName, badName] = names as [string, string, string];
  const url = (name: string) => databaseUrlFor(adminUrl, name);
  let counts: Record<string, number>;

  async function admin(statement: string) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  async function withDb<T>(name: string, fn: (db: Database) => Promise<T>): Promise<T> {
    const handle = fromPostgres(url(name), 2);
    try {
      return await fn(handle.db);
    } finally {
      await handle.close();
    }
  }

  beforeAll(async () => {
    for (const name of names) await admin(`drop database if exists "${name}" with (force)`);
    await admin(`create database "${sourceName}" template "${inject('postgresTemplate')}"`);
    await admin(`create database "${targetName}"`);
    counts = await withDb(sourceName, async (db) => {
      await populate(db);
      return rowCounts(db);
    });
  });
  afterAll(async () => {
    for (const name of names) await admin(`drop database if exists "${name}" with (force)`);
    rmSync(work, { recursive: true, force: true });
  });

  it('pg_dump --format=custom, pg_restore into an empty database, the chains and row counts match', async () => {
    const written = await backupPostgres({ url: url(sourceName), file: backup });
    expect(written.tool).toMatch(/^pg_dump \(PostgreSQL\) \d+/);
    expect(readFileSync(backup).subarray(0, 5).toString('latin1')).toBe('PGDMP');
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);

    const result = await restorePostgres({ url: url(targetName), file: backup, force: false });
    expect(result.verify).toEqual({
      ticketsChecked: counts['public.tickets'],
      eventsChecked: counts['public.ticket_events'],
      firstBreak: null,
    });
    await withDb(targetName, async (db) => {
      expect(await rowCounts(db)).toEqual(counts);
      // The append-only trigger came back with the schema: a plain UPDATE is still refused.
      await expect(db.execute(sql`update ticket_events set actor_label = 'x'`)).rejects.toThrow();
      await tamper(db);
      expect((await verifyAuditChains(db)).firstBreak?.reason).toBe('content does not match its hash');
    });
  });

  it('refuses the non-empty database without --force; with it, drops and recreates the schema', async () => {
    const message = await refusal(restorePostgres({ url: url(targetName), file: backup, force: false }));
    expect(message).toMatch(/is not empty \(\d+ objects\).*--force/);
    const result = await restorePostgres({ url: url(targetName), file: backup, force: true });
    expect(result.verify.firstBreak).toBeNull(); // the tampered copy is gone
    await withDb(targetName, async (db) => expect(await rowCounts(db)).toEqual(counts));
  });

  it('fails a corrupt file, or a dump that breaks half-way through, and leaves the database as it was', async () => {
    const good = readFileSync(backup);
    const truncated = path.join(work, 'truncated.dump');
    writeFileSync(truncated, good.subarray(0, Math.floor(good.length * 0.6)));
    const garbage = path.join(work, 'garbage.dump');
    writeFileSync(garbage, 'not a dump\n'.repeat(50));
    expect(await refusal(restorePostgres({ url: url(targetName), file: truncated, force: true }))).toMatch(
      /(reading|decoding) .*truncated\.dump.*\(nothing was restored\) failed/,
    );
    expect(await refusal(restorePostgres({ url: url(targetName), file: garbage, force: true }))).toMatch(
      /garbage\.dump as a pg_dump archive \(nothing was restored\) failed/,
    );

    // A dump that decodes but fails while loading: a CHECK calling a function that only resolves its table
    // through search_path (which pg_restore empties), so the COPY of its row fails after the drop and the
    // first tables. The single transaction rolls all of it back.
    await admin(`create database "${badName}" template "${sourceName}"`);
    await withDb(badName, async (db) => {
      await db.execute(
        sql.raw(`create function public.backup_test_check(v int) returns boolean language sql
        as 'select v <= (select count(*) from tickets)'`),
      );
      await db.execute(
        sql.raw(`create table public.zz_backup_test (v int check (public.backup_test_check(v)))`),
      );
      await db.execute(sql.raw('insert into public.zz_backup_test values (1)'));
    });
    const bad = path.join(work, 'bad.dump');
    await backupPostgres({ url: url(badName), file: bad });
    expect(await refusal(restorePostgres({ url: url(targetName), file: bad, force: true }))).toMatch(
      /rolled back, the database is as it was/,
    );

    await withDb(targetName, async (db) => {
      expect(await rowCounts(db)).toEqual(counts);
      expect((await verifyAuditChains(db)).firstBreak).toBeNull();
    });
  });
});
