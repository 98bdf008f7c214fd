// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database.
import { closeDatabase, getDatabase } from '../db/client';
import { appliedMigration } from '../db/migrate';

const handle = await getDatabase(); // opening migrates
console.log(`[watchfloor] ${handle.engine} is at migration ${await appliedMigration(handle)}`);
await closeDatabase();
