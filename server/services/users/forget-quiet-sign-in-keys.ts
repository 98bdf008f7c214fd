import { and, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { signInThrottle } from '../../../db/schema';
import { ACCOUNT_LIMITS, ADDRESS_LIMITS } from '../../auth/throttle-policy';

/** A key this quiet (since its last attempt and the end of any lock) counts as fresh again: forget it. */
export const SIGN_IN_KEY_QUIET_MS = Math.max(ACCOUNT_LIMITS.quietMs, ADDRESS_LIMITS.quietMs);

/**
 * Scheduler sweep: deletes the sign-in throttle keys that have been quiet for longer than a streak is
 * remembered, so keys for made-up emails and addresses do not pile up. Run by the scheduler loop rather
 * than on the sign-in path, which then touches only its own keys. Deleting a forgotten key changes no
 * decision: the policy already reads it as fresh. Answers how many keys were forgotten.
 */
export async function forgetQuietSignInKeys(db: Database, now: Date): Promise<number> {
  const quietSince = new Date(now.getTime() - SIGN_IN_KEY_QUIET_MS);
  const forgotten = await db
    .delete(signInThrottle)
    .where(
      and(
        lt(signInThrottle.updatedAt, quietSince),
        or(isNull(signInThrottle.lockedUntil), lt(signInThrottle.lockedUntil, quietSince)),
      ),
    )
    .returning({ key: signInThrottle.key });
  return forgotten.length;
}
