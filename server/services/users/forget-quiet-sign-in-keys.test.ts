import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { signInThrottle } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDatabase } from '../../../test/suite';
import { testClock } from '../../../test/world';
import { forgetQuietSignInKeys } from './forget-quiet-sign-in-keys';
import { signInWithPassword } from './sign-in';

const MINUTE = 60_000;
const SECOND = 1_000;

describe.each(testEngines())('forgetting quiet sign-in throttle keys on $engine', ({ open }) => {
  let db: Database;
  useDatabase(open, (handle) => {
    db = handle.db;
  });

  const keys = async () =>
    (await db.select({ key: signInThrottle.key }).from(signInThrottle)).map((r) => r.key).sort();

  /** A key last counted `quietMs` before `now`, locked until `lockedUntil` ms from now (or not locked). */
  async function key(name: string, now: Date, quietMs: number, lockedUntil: number | null = null) {
    const at = new Date(now.getTime() - quietMs);
    await db.insert(signInThrottle).values({
      key: `address:${name}`,
      failures: 3,
      windowStartedAt: at,
      updatedAt: at,
      lockedUntil: lockedUntil === null ? null : new Date(now.getTime() + lockedUntil),
    });
  }

  it('deletes keys quiet for more than 15 minutes since their last attempt and lock; keeps the rest', async () => {
    await db.delete(signInThrottle);
    const clock = testClock('2026-11-02T09:00:00.000Z');
    const now = clock.now();
    await key('fresh', now, MINUTE);
    await key('almost', now, 14 * MINUTE + 59 * SECOND);
    await key('quiet', now, 15 * MINUTE + SECOND);
    await key('long-gone', now, 3 * 24 * 60 * MINUTE);
    // Counted 20 minutes ago, but its lock ran out only 10 minutes ago: not quiet long enough.
    await key('lock-ended', now, 20 * MINUTE, -10 * MINUTE);
    await key('locked', now, 20 * MINUTE, 5 * MINUTE);

    expect(await forgetQuietSignInKeys(db, now)).toBe(2);
    expect(await keys()).toEqual(['address:almost', 'address:fresh', 'address:lock-ended', 'address:locked']);

    // The same keys, as time passes: each goes once it has been quiet long enough, the lock included.
    clock.advance(2 * SECOND);
    expect(await forgetQuietSignInKeys(db, clock.now())).toBe(1);
    expect(await keys()).not.toContain('address:almost');
    clock.advance(5 * MINUTE);
    expect(await forgetQuietSignInKeys(db, clock.now())).toBe(1);
    expect(await keys()).toEqual(['address:fresh', 'address:locked']);
    clock.advance(15 * MINUTE);
    expect(await forgetQuietSignInKeys(db, clock.now())).toBe(2);
    expect(await keys()).toEqual([]);
  });

  it('leaves it to the sweep: a sign-in touches only its own keys, however old the others are', async () => {
    await db.delete(signInThrottle);
    const clock = testClock('2026-11-02T09:00:00.000Z');
    await key('stale', clock.now(), 3 * 24 * 60 * MINUTE);
    const outcome = await signInWithPassword(
      { db, now: clock.now },
      { email: 'nobody@example.test', password: 'not the password', address: '203.0.113.9' },
    );
    expect(outcome.kind).toBe('invalid');
    expect(await keys()).toEqual(['account:nobody@example.test', 'address:203.0.113.9', 'address:stale']);
  });
});
