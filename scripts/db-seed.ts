// `npm run db:seed`: seeds an empty database (demo data unless WATCHFLOOR_DEMO=0).
import { closeDatabase, getDatabase } from '../db/client';
import { systemClock } from '../server/services/kernel/context';
import { seedIfEmpty, seedOptionsFromEnv } from '../server/services/seed/seed';

const handle = await getDatabase();
const seeded = await seedIfEmpty(handle.db, seedOptionsFromEnv(systemClock));
console.log(seeded ? '[watchfloor] seeded' : '[watchfloor] the database already has data; nothing seeded');
await closeDatabase();
