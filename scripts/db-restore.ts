// `npm run db:restore -- <file> [--force]`: restores a db:backup file into the database the app would open
// (an empty one; --force replaces a non-empty one), then verifies the audit chains (exit 1 if broken).
import { parseArgs } from 'node:util';
import { appPort, engineFromEnv, main, reportRestore } from '../server/backup/cli';
import { BackupError } from '../server/backup/common';
import { restorePglite } from '../server/backup/pglite';
import { restorePostgres } from '../server/backup/postgres';

const { values, positionals } = parseArgs({
  options: { force: { type: 'boolean', default: false } },
  allowPositionals: true,
});

await main(async () => {
  const file = positionals[0];
  if (!file) throw new BackupError('usage: npm run db:restore -- <backup file> [--force]');
  const target = engineFromEnv();
  if (target.engine === 'postgres') {
    const result = await restorePostgres({ url: target.url, file, force: values.force });
    console.log(`  with ${result.tool}`);
    return reportRestore(result, 'postgres');
  }
  const result = await restorePglite({ dataDir: target.dataDir, file, port: appPort(), force: values.force });
  return reportRestore(result, 'pglite');
});
