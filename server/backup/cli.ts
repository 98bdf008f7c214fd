import path from 'node:path';
import { type Engine, optionsFromEnv } from '../../db/client';
import { BackupError, type RestoreResult, redactUrl, type WrittenFile } from './common';

/** The engine the app would use (db/client.ts): DATABASE_URL → PostgreSQL, else the PGlite data directory. */
export function engineFromEnv(): { engine: 'postgres'; url: string } | { engine: 'pglite'; dataDir: string } {
  const options = optionsFromEnv();
  if (options.engine === 'postgres') return { engine: 'postgres', url: options.url };
  return { engine: 'pglite', dataDir: options.dataDir! };
}

export function where(target: ReturnType<typeof engineFromEnv>): string {
  return target.engine === 'postgres' ? redactUrl(target.url) : target.dataDir;
}

/** The app's PORT, probed for a running server before touching a PGlite directory. */
export function appPort(): number {
  return Number(process.env.PORT ?? 3000);
}

export function describeWritten(written: WrittenFile): string {
  return `${path.resolve(written.file)}\n  size    ${written.bytes.toLocaleString('en')} bytes\n  sha256  ${written.sha256}`;
}

/** Prints the verification result; the exit code the restore ends with (1 on a broken chain). */
export function reportRestore(result: RestoreResult, engine: Engine): number {
  console.log(`[watchfloor] restored ${engine} into ${result.target}`);
  console.log(`  from    ${describeWritten(result.source)}`);
  if (result.previous)
    console.log(`  the replaced data directory was kept at ${result.previous}; delete it when satisfied`);
  const { verify } = result;
  if (verify.firstBreak) {
    const { ticket, seq, reason } = verify.firstBreak;
    console.error(`BROKEN: ${ticket} at sequence ${seq}: ${reason}`);
    console.error(
      'The restored data is in place, but its audit chain does not verify: investigate before serving it.',
    );
    return 1;
  }
  console.log(`OK: ${verify.ticketsChecked} ticket chains, ${verify.eventsChecked} events verified`);
  return 0;
}

/** Runs a CLI body: a BackupError is one line on stderr and exit 2, never a stack trace. */
export async function main(body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(`[watchfloor] ${error.message}`);
    process.exitCode = 2;
  }
}
