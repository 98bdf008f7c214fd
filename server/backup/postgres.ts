import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { fromPostgres } from '../../db/client';
import {
  BackupError,
  describeFile,
  type RestoreResult,
  readable,
  redactUrl,
  scrub,
  verifyRestored,
  type WrittenFile,
} from './common';

/**
 * How the PostgreSQL client tools are called: the URL without its password (which goes in PGPASSWORD, so
 * it is never on a command line that `ps` shows), and the password to scrub from anything they print.
 */
function connection(url: string) {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? '10' };
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env, password: password || undefined };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) =>
      reject(
        new BackupError(
          `cannot run ${command} (is the PostgreSQL client installed and on PATH?): ${error.message}`,
        ),
      ),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The first lines a tool printed on failure, without the password. */
function failure(what: string, result: Run, password: string | undefined): BackupError {
  const detail = scrub(result.stderr.trim(), password).split('\n').slice(0, 4).join('\n  ');
  return new BackupError(`${what} failed (exit ${result.code})${detail ? `:\n  ${detail}` : ''}`);
}

/** The major version of a client tool (`pg_dump (PostgreSQL) 15.20 …` → 15) and its version line. */
async function toolVersion(tool: string): Promise<{ major: number; line: string }> {
  const result = await run(tool, ['--version'], process.env);
  const match = /(\d+)(?:\.\d+)?/.exec(result.stdout);
  if (result.code !== 0 || !match)
    throw new BackupError(`cannot tell the version of ${tool}: ${result.stdout}`);
  return { major: Number(match[1]), line: result.stdout.trim() };
}

async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>('show server_version_num');
    return Math.floor(Number(rows[0]!.v) / 10_000);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BackupError(`cannot connect to ${redactUrl(url)}: ${scrub(reason, connection(url).password)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** pg_dump refuses a server newer than itself, and pg_restore may not read a newer archive; say so plainly. */
async function checkTool(tool: string, url: string): Promise<string> {
  const [version, server] = await Promise.all([toolVersion(tool), serverMajor(url)]);
  if (version.major < server)
    throw new BackupError(
      `${version.line} is older than the server (PostgreSQL ${server}); put the client tools of version ${server} or newer first on PATH`,
    );
  return version.line;
}

/** `pg_dump --format=custom` of the whole database (schema, data, the drizzle migration table). */
export async function backupPostgres(options: {
  url: string;
  file: string;
}): Promise<WrittenFile & { tool: string }> {
  const tool = await checkTool('pg_dump', options.url);
  const { dbname, env, password } = connection(options.url);
  mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  const partial = `${options.file}.partial`;
  const result = await run(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`],
    env,
  );
  if (result.code !== 0) {
    rmSync(partial, { force: true });
    throw failure('pg_dump', result, password);
  }
  renameSync(partial, options.file);
  return { ...(await describeFile(options.file)), tool };
}

/** Schemas a restore brings (or --force clears): everything but PostgreSQL's own. */
const USER_SCHEMAS = `nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and nspname not like 'pg_temp_%' and nspname not like 'pg_toast_temp_%'`;

/** Relations (tables, views, sequences…) and functions outside PostgreSQL's own schemas. */
async function userObjects(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string }>(
      `select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMAS})
            + (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${USER_SCHEMAS})
            + (select count(*) from pg_namespace where ${USER_SCHEMAS} and nspname <> 'public') as n`,
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Restores a `pg_dump --format=custom` file into the database at `url`, all or nothing:
 *  1. `pg_restore` decodes the whole archive to a SQL script in a private temp directory. A corrupt or
 *     foreign file fails here, before the database is touched.
 *  2. `psql --single-transaction` runs (with --force) a prelude dropping every user schema and recreating
 *     `public`, then the script, in one transaction with ON_ERROR_STOP: any error rolls everything back,
 *     the old contents included.
 * Then the audit chains are verified on the restored database.
 */
export async function restorePostgres(options: {
  url: string;
  file: string;
  force: boolean;
}): Promise<RestoreResult & { tool: string }> {
  const source = await readable(options.file);
  const tool = await checkTool('pg_restore', options.url);
  const { dbname, env, password } = connection(options.url);
  const objects = await userObjects(options.url);
  if (objects > 0 && !options.force)
    throw new BackupError(
      `${redactUrl(options.url)} is not empty (${objects} objects); restore into an empty database, or pass --force to drop and recreate its schemas`,
    );

  const work = mkdtempSync(path.join(tmpdir(), 'watchfloor-restore-')); // mode 0700: the script holds the data
  try {
    const script = path.join(work, 'restore.sql');
    const list = await run('pg_restore', ['--list', options.file], env);
    if (list.code !== 0)
      throw failure(`reading ${options.file} as a pg_dump archive (nothing was restored)`, list, password);
    const decode = await run(
      'pg_restore',
      ['--no-owner', '--no-privileges', `--file=${script}`, options.file],
      env,
    );
    if (decode.code !== 0) throw failure(`decoding ${options.file} (nothing was restored)`, decode, password);

    const prelude = path.join(work, 'prelude.sql');
    writeFileSync(
      prelude,
      `do $$ declare s text; begin
         for s in select nspname from pg_namespace where ${USER_SCHEMAS} loop
           execute format('drop schema %I cascade', s);
         end loop;
       end $$;
       create schema public;\n`,
      { mode: 0o600 },
    );
    const apply = await run(
      'psql',
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '--single-transaction',
        ...(objects > 0 ? ['-f', prelude] : []),
        '-f',
        script,
        `--dbname=${dbname}`,
      ],
      env,
    );
    if (apply.code !== 0)
      throw failure(
        `restoring into ${redactUrl(options.url)} (rolled back, the database is as it was)`,
        apply,
        password,
      );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const handle = fromPostgres(options.url, 2);
  try {
    return { target: redactUrl(options.url), source, verify: await verifyRestored(handle.db), tool };
  } finally {
    await handle.close();
  }
}
