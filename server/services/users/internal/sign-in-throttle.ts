import { eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '../../../../db/client';
import { signInThrottle } from '../../../../db/schema';
import {
  decideAttempt,
  type ThrottleLimits,
  type ThrottleState,
  takeBack,
} from '../../../auth/throttle-policy';
import { type AuditEntry, recordAudit } from '../../kernel/audit-log';
import type { Actor } from '../../kernel/context';

/** One throttled key of an attempt, e.g. `account:ana@example.com` with the account limits. */
export interface ThrottleKey {
  key: string;
  limits: ThrottleLimits;
}

export interface CountedKey {
  key: string;
  failures: number;
  locks: Date | null;
  previousLockedUntil: Date | null;
}

export type Reservation = { allowed: false; retryAfterMs: number } | { allowed: true; counted: CountedKey[] };

const THROTTLE_ACTOR: Actor = { type: 'system', label: 'sign-in throttle' };

// Keys that went quiet are deleted by the scheduler (users/forget-quiet-sign-in-keys.ts), not here.

/**
 * Counts an attempt on every key, in one transaction with the rows locked (in key order, so two processes
 * never deadlock), or refuses it without counting when any key is locked.
 */
export async function reserveAttempt(
  db: Database,
  keys: readonly ThrottleKey[],
  now: Date,
): Promise<Reservation> {
  const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return db.transaction(async (tx) => {
    await tx
      .insert(signInThrottle)
      .values(sorted.map((k) => ({ key: k.key, failures: 0, windowStartedAt: now, updatedAt: now })))
      .onConflictDoNothing();
    const rows = await lockRows(
      tx,
      sorted.map((k) => k.key),
    );
    const decisions = sorted.map((k) => ({
      ...k,
      decision: decideAttempt(rows.get(k.key) ?? null, now, k.limits),
    }));
    const refusals = decisions.flatMap((d) => (d.decision.allowed ? [] : [d.decision.retryAfterMs]));
    if (refusals.length) return { allowed: false, retryAfterMs: Math.max(...refusals) };
    const counted: CountedKey[] = [];
    for (const { key, decision } of decisions) {
      if (!decision.allowed) continue;
      // An upsert: the scheduler may have forgotten a quiet key between the insert above and the lock.
      await tx
        .insert(signInThrottle)
        .values({ key, ...decision.next })
        .onConflictDoUpdate({ target: signInThrottle.key, set: decision.next });
      counted.push({
        key,
        failures: decision.next.failures,
        locks: decision.locks,
        previousLockedUntil: decision.previousLockedUntil,
      });
    }
    return { allowed: true, counted };
  });
}

export type AttemptOutcome =
  /** The password was right: the account's streak ends, the address gets its attempt back. */
  | { kind: 'success'; resetKeys: readonly string[] }
  /** A wrong guess: it stays counted; any lock it set is audited. */
  | { kind: 'failure'; context: Record<string, unknown> }
  /** Never checked (e.g. the hashing queue was full): every key gets its attempt back. */
  | { kind: 'void' };

export async function settleAttempt(
  db: Database,
  counted: readonly CountedKey[],
  outcome: AttemptOutcome,
  now: Date,
): Promise<void> {
  if (outcome.kind === 'failure') {
    const entries: AuditEntry[] = counted.flatMap((c) =>
      c.locks
        ? [
            {
              type: 'sign_in.locked',
              subject: c.key,
              payload: {
                attempts: c.failures,
                lockedUntil: c.locks.toISOString(),
                seconds: Math.round((c.locks.getTime() - now.getTime()) / 1000),
                ...outcome.context,
              },
            },
          ]
        : [],
    );
    if (entries.length) await db.transaction((tx) => recordAudit(tx, THROTTLE_ACTOR, now, entries));
    return;
  }
  const reset = new Set(outcome.kind === 'success' ? outcome.resetKeys : []);
  await db.transaction(async (tx) => {
    const rows = await lockRows(
      tx,
      counted.map((c) => c.key),
    );
    for (const c of counted) {
      if (reset.has(c.key)) {
        await tx.delete(signInThrottle).where(eq(signInThrottle.key, c.key));
        continue;
      }
      const row = rows.get(c.key);
      if (row)
        await tx
          .update(signInThrottle)
          .set(takeBack(row, c, now))
          .where(eq(signInThrottle.key, c.key));
    }
  });
}

async function lockRows(tx: Executor, keys: string[]): Promise<Map<string, ThrottleState>> {
  const rows = await tx
    .select()
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, keys))
    .orderBy(signInThrottle.key)
    .for('update');
  return new Map(rows.map((r) => [r.key, r]));
}
