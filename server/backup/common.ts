import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Database, Engine } from '../../db/client';
import { type VerifyResult, verifyAuditChains } from '../services/audit/verify';

/** A refusal or failure the CLI reports as one line and a non-zero exit (never a stack trace). */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface WrittenFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface RestoreResult {
  /** Where the data now lives (a data directory, or the database URL with its password redacted). */
  target: string;
  /** With --force on PGlite, where the replaced data directory was moved (kept, never deleted). */
  previous?: string;
  source: WrittenFile;
  verify: VerifyResult;
}

const EXTENSIONS: Record<Engine, string> = { pglite: 'tar.gz', postgres: 'dump' };

/** `watchfloor-<engine>-<UTC timestamp>.<ext>`, e.g. watchfloor-pglite-20261204T023000Z.tar.gz. */
export function defaultBackupName(engine: Engine, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `watchfloor-${engine}-${stamp}.${EXTENSIONS[engine]}`;
}

/** Size and SHA-256 of a file, streamed (a dump may be larger than memory likes). */
export async function describeFile(file: string): Promise<WrittenFile> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { file, bytes: statSync(file).size, sha256: hash.digest('hex') };
}

/** A database URL fit to print: the password (if any) replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** Removes every occurrence of a secret from text that came from elsewhere (a tool's stderr). */
export function scrub(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('***').split(encodeURIComponent(secret)).join('***');
}

/** The repository's audit-chain verification (the one `npm run audit:verify` runs), on a restored database. */
export function verifyRestored(db: Database): Promise<VerifyResult> {
  return verifyAuditChains(db);
}

/** The backup file's size and digest, or a clear error when it cannot be read. */
export async function readable(file: string): Promise<WrittenFile> {
  try {
    return await describeFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError(`cannot read ${file}${code ? ` (${code})` : ''}`);
  }
}
