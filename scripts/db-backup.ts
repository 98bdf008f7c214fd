// `npm run db:backup [-- <file>] [-- --force]`: backs up the database the app would open (DATABASE_URL →
// pg_dump --format=custom; else the PGlite data directory → its own gzip dump). Stop the app first on PGlite.
import { parseArgs } from 'node:util';
import { appPort, describeWritten, engineFromEnv, main, where } from '../server/backup/cli';
import { defaultBackupName } from '../server/backup/common';
import { backupPglite } from '../server/backup/pglite';
import { backupPostgres } from '../server/backup/postgres';

const { values, positionals } = parseArgs({
  options: { force: { type: 'boolean', default: false } },
  allowPositionals: true,
});

await main(async () => {
  const target = engineFromEnv();
  const file = positionals[0] ?? defaultBackupName(target.engine, new Date());
  console.log(`[watchfloor] backing up ${target.engine} at ${where(target)}`);
  if (target.engine === 'postgres') {
    const written = await backupPostgres({ url: target.url, file });
    console.log(`  with ${written.tool}`);
    console.log(`[watchfloor] wrote ${describeWritten(written)}`);
  } else {
    const written = await backupPglite({
      dataDir: target.dataDir,
      file,
      port: appPort(),
      force: values.force,
    });
    console.log(`[watchfloor] wrote ${describeWritten(written)}`);
  }
  return 0;
});
