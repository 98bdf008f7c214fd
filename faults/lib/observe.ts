// What the fault scenarios use to set up and watch a database the processes under test share: a
// connection of the test's own, acting as a seeded user at a chosen instant, and bounded polling.

import { eq } from 'drizzle-orm';
import { type DatabaseHandle, fromPostgres } from '../../db/client';
import { users } from '../../db/schema';
import type { ServiceContext, UserActor } from '../../server/services/kernel/context';

/** The test's own pool on the scenario's database (close it before dropping the database). */
export function observe(databaseUrl: string, poolSize = 4): DatabaseHandle {
  return fromPostgres(databaseUrl, poolSize);
}

/** A user of the seeded database as an actor. */
export async function actorFor(handle: DatabaseHandle, email: string): Promise<UserActor> {
  const [u] = await handle.db.select().from(users).where(eq(users.email, email));
  if (!u) throw new Error(`no user ${email} in the scenario's database`);
  return { type: 'user', id: u.id, email: u.email, role: u.role, organisationId: u.organisationId };
}

/** A service context acting as `actor` at the fixed instant `at` (the services take their clock as a parameter). */
export function actingAt(handle: DatabaseHandle, actor: UserActor, at: Date): ServiceContext {
  return { db: handle.db, actor, now: () => at };
}

/**
 * Polls `probe` every `everyMs` until it returns a value that `done` accepts, or throws after `timeoutMs`
 * with the last value seen: a bounded wait on the database, never a fixed sleep.
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs: number; everyMs?: number; what: string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `${options.what}: not reached in ${options.timeoutMs} ms (last: ${JSON.stringify(value)})`,
      );
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 50));
  }
}
