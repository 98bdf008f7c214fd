import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { fromPglite } from '../../db/client';
import {
  BackupError,
  describeFile,
  type RestoreResult,
  readable,
  verifyRestored,
  type WrittenFile,
} from './common';

/**
 * PGlite has no lock between processes: two processes opening one data directory corrupt it. So before
 * opening it we look for the two signs of a running app, and refuse:
 *  - `postmaster.pid` in the data directory: PGlite writes it when it opens the directory and removes it
 *    on a clean close. It is also left behind by a crash (`kill -9`), so `--force` overrides this one,
 *    after the operator made sure the app is stopped.
 *  - an app answering `GET /api/health` on PORT with the embedded engine (or not saying which): never
 *    overridden. It only sees an app on this host and this port, hence "stop the app first" in the README.
 */
export async function refuseIfInUse(options: { dataDir: string; port: number | null; force: boolean }) {
  if (options.port !== null && (await embeddedAppAnswers(options.port)))
    throw new BackupError(
      `a Watchfloor server on the embedded database answers on port ${options.port}; stop the app first (PGlite cannot be shared between processes)`,
    );
  if (!options.force && existsSync(path.join(options.dataDir, 'postmaster.pid')))
    throw new BackupError(
      `${options.dataDir} is open in another process (postmaster.pid is present), or the last one crashed without closing it; stop the app first, then pass --force if it is stopped`,
    );
}

async function embeddedAppAnswers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`, {
      signal: AbortSignal.timeout(1_500),
    });
    const body = (await response.json().catch(() => null)) as {
      database?: { engine?: string | null };
    } | null;
    // An app on PostgreSQL does not hold this directory; anything else on /api/health might.
    return body?.database?.engine !== 'postgres';
  } catch {
    return false; // nothing listening (or not HTTP): no app on this port
  }
}

/** Dumps the data directory with PGlite's own `dumpDataDir` (a gzip tarball of the whole cluster). */
export async function backupPglite(options: {
  dataDir: string;
  file: string;
  port: number | null;
  force: boolean;
}): Promise<WrittenFile> {
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION')))
    throw new BackupError(
      `${options.dataDir} is not a PGlite data directory (no PG_VERSION); nothing to back up`,
    );
  await refuseIfInUse(options);
  const pglite = await PGlite.create(options.dataDir);
  try {
    const dump = await pglite.dumpDataDir('gzip');
    mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
    // Written beside the target and renamed, so a failed write never leaves a truncated backup named as one.
    const partial = `${options.file}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    renameSync(partial, options.file);
  } finally {
    await pglite.close();
  }
  return describeFile(options.file);
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/**
 * Restores a dump into `dataDir`. Nothing is half-restored: the tarball is loaded into a staging
 * directory beside the target, opened and verified there, and only then swapped in with two renames. A
 * corrupt file fails in staging, which is deleted; the target is untouched. A non-empty target needs
 * `force`, and is moved aside (kept) rather than deleted.
 */
export async function restorePglite(options: {
  dataDir: string;
  file: string;
  port: number | null;
  force: boolean;
  now?: () => Date;
}): Promise<RestoreResult> {
  const target = path.resolve(options.dataDir);
  const source = await readable(options.file);
  if (!isEmptyDir(target) && !options.force)
    throw new BackupError(
      `${target} is not empty; restore into an empty or new directory, or pass --force to replace it`,
    );
  if (!isEmptyDir(target)) await refuseIfInUse({ dataDir: target, port: options.port, force: true });

  const tar = untar(options.file);
  const staging = `${target}.restoring-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  let verify: RestoreResult['verify'];
  try {
    const pglite = await PGlite.create({
      dataDir: staging,
      loadDataDir: new Blob([new Uint8Array(tar.buffer as ArrayBuffer, tar.byteOffset, tar.byteLength)], {
        type: 'application/x-tar',
      }),
    });
    try {
      verify = await verifyRestored(fromPglite(pglite).db);
    } finally {
      await pglite.close();
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof BackupError) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new BackupError(
      `${options.file} could not be restored (corrupt or not a Watchfloor dump): ${reason}`,
    );
  }

  let previous: string | undefined;
  if (existsSync(target)) {
    if (readdirSync(target).length > 0) {
      const stamp = (options.now ?? (() => new Date()))().toISOString().replace(/[-:.]/g, '');
      previous = `${target}.before-restore-${stamp}`;
      renameSync(target, previous);
    } else rmSync(target, { recursive: true });
  }
  renameSync(staging, target);
  return { target, previous, source, verify };
}

/**
 * The dump as a plain tar, checked before PGlite sees it: gunzip verifies the gzip CRC and length (a
 * truncated or bit-flipped file fails here; PGlite's own streaming gunzip would throw outside our reach),
 * and a tar has "ustar" at offset 257.
 */
function untar(file: string): Buffer {
  const bytes = readFileSync(file);
  let tar = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      tar = gunzipSync(bytes);
    } catch (error) {
      throw new BackupError(`${file} is corrupt (${(error as Error).message}); nothing was restored`);
    }
  }
  if (tar.subarray(257, 262).toString('latin1') !== 'ustar')
    throw new BackupError(
      `${file} is not a PGlite dump (neither a gzip tarball nor a tar); nothing was restored`,
    );
  return tar;
}
