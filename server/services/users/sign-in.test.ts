import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { auditLog, signInThrottle } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import type { DemoWorld, testClock } from '../../../test/world';
import { hashPool } from '../../auth/hash-pool';
import { signInWithPassword } from './sign-in';

const MINUTE = 60_000;
const RIGHT = 'watchfloor-demo';

describe.each(testEngines())('password sign-in throttling on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  let clock: ReturnType<typeof testClock>;
  // Every test uses addresses and emails of its own; the clock only moves forward.
  let n = 0;
  const fresh = () => {
    n++;
    return { address: `198.51.100.${n}`, email: `nobody${n}@example.test` };
  };
  const attempt = (email: string, password: string, address: string) =>
    signInWithPassword({ db: handle.db, now: clock.now }, { email, password, address });

  useDemoWorld({ open }, (setup) => {
    ({ handle, world } = setup);
    clock = world.clock;
  });

  it('locks an account after five wrong passwords, refuses the right one without checking it, and audits the lockout', async () => {
    const { address } = fresh();
    for (let i = 0; i < 5; i++)
      expect((await attempt('noc@watchfloor.test', `guess ${i}`, address)).kind).toBe('invalid');
    const hashesBefore = hashPool().completed;
    expect(await attempt('NOC@watchfloor.test', RIGHT, address)).toEqual({
      kind: 'throttled',
      retryAfterSeconds: 60,
    });
    // Refused before bcrypt: a locked account costs the server nothing.
    expect(hashPool().completed).toBe(hashesBefore);
    // Another address is refused too: the limit is the account's.
    expect((await attempt('noc@watchfloor.test', RIGHT, fresh().address)).kind).toBe('throttled');
    const audits = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, 'account:noc@watchfloor.test'));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      type: 'sign_in.locked',
      actorType: 'system',
      payload: { attempts: 5, seconds: 60, email: 'noc@watchfloor.test', address },
    });
    clock.advance(MINUTE);
    expect((await attempt('noc@watchfloor.test', RIGHT, address)).kind).toBe('ok');
  });

  it('backs off: each checked guess after a lock doubles it, up to fifteen minutes', async () => {
    const { email } = fresh();
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) await attempt(email, 'wrong', fresh().address);
    for (let round = 0; round < 6; round++) {
      const refused = await attempt(email, 'wrong', fresh().address);
      if (refused.kind !== 'throttled') throw new Error(`throttled expected, got ${refused.kind}`);
      waits.push(refused.retryAfterSeconds / 60);
      clock.advance(refused.retryAfterSeconds * 1000);
      expect((await attempt(email, 'wrong', fresh().address)).kind).toBe('invalid');
    }
    expect(waits).toEqual([1, 2, 4, 8, 15, 15]);
    const locks = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `account:${email}`));
    expect(locks.map((l) => l.payload.seconds)).toEqual([60, 120, 240, 480, 900, 900, 900]);
  });

  it('resets the account on a successful sign-in', async () => {
    const { address } = fresh();
    for (let i = 0; i < 4; i++) await attempt('soc@watchfloor.test', 'wrong', address);
    expect((await attempt('soc@watchfloor.test', RIGHT, address)).kind).toBe('ok');
    expect(
      await handle.db
        .select()
        .from(signInThrottle)
        .where(eq(signInThrottle.key, 'account:soc@watchfloor.test')),
    ).toEqual([]);
    for (let i = 0; i < 4; i++)
      expect((await attempt('soc@watchfloor.test', 'wrong', address)).kind).toBe('invalid');
    expect((await attempt('soc@watchfloor.test', RIGHT, address)).kind).toBe('ok');
  });

  it('forgets a streak after fifteen quiet minutes past its lock', async () => {
    const { email, address } = fresh();
    for (let i = 0; i < 5; i++) await attempt(email, 'wrong', address);
    clock.advance(MINUTE + 15 * MINUTE);
    for (let i = 0; i < 4; i++) expect((await attempt(email, 'wrong', address)).kind).toBe('invalid');
    const [row] = await handle.db
      .select()
      .from(signInThrottle)
      .where(eq(signInThrottle.key, `account:${email}`));
    expect(row).toMatchObject({ failures: 4, lockedUntil: null });
  });

  it('limits an address across accounts (known or not), while its successful sign-ins cost it nothing', async () => {
    const { address } = fresh();
    for (let i = 0; i < 25; i++)
      expect((await attempt('manager@watchfloor.test', RIGHT, address)).kind).toBe('ok');
    for (let i = 0; i < 20; i++)
      expect((await attempt(fresh().email, 'wrong', address)).kind).toBe('invalid');
    expect(await attempt('manager@watchfloor.test', RIGHT, address)).toEqual({
      kind: 'throttled',
      retryAfterSeconds: 60,
    });
    expect((await attempt('manager@watchfloor.test', RIGHT, fresh().address)).kind).toBe('ok');
    const locks = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `address:${address}`));
    expect(locks).toHaveLength(1);
    expect(locks[0]!.payload).toMatchObject({ attempts: 20, seconds: 60 });
  });

  it('counts concurrent guesses before checking them: a burst gets only the free attempts', async () => {
    const { email } = fresh();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => attempt(email, 'wrong', fresh().address)),
    );
    expect(outcomes.filter((o) => o.kind === 'invalid')).toHaveLength(5);
    expect(outcomes.filter((o) => o.kind === 'throttled')).toHaveLength(7);
  });

  it('throttles unknown emails exactly like known ones, so a lockout reveals nothing', async () => {
    const { email, address } = fresh();
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push((await attempt(email, 'wrong', address)).kind);
    expect(outcomes).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'throttled']);
    const keys = await handle.db
      .select()
      .from(signInThrottle)
      .where(like(signInThrottle.key, `%${email}`));
    expect(keys).toHaveLength(1);
    expect(world).toBeTruthy();
  });
});
