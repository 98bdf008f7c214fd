/**
 * Sign-in throttling as pure decisions over one `sign_in_throttle` row (the storage is in
 * server/services/users/internal/sign-in-throttle.ts, and the scheduler forgets quiet keys; time
 * is a parameter).
 *
 * Each attempt is counted when it starts, before the password is checked, so a burst of concurrent
 * guesses cannot all slip past the check before the first failure is written. The attempt that reaches
 * `freeAttempts` still gets its password checked, and locks the key for `baseLockMs`; each further
 * attempt (possible only once the lock has run out) doubles the lock, up to `maxLockMs`. Attempts refused
 * while locked are not counted: hammering a locked key does not extend its lock, so the limiter never locks
 * a real user out for longer than `maxLockMs` after the last checked guess. A key forgets its streak after
 * `quietMs` without attempts once its lock has run out. A successful sign-in resets the account's streak
 * and takes its own attempt back from the address's.
 */

export interface ThrottleLimits {
  /** Attempts in a streak before the key is locked (the one reaching this number locks it). */
  freeAttempts: number;
  baseLockMs: number;
  maxLockMs: number;
  /** A streak ends after this long without an attempt, counted from the end of any lock. */
  quietMs: number;
}

const MINUTE = 60_000;

/** Per email: five guesses, then one minute, doubling to fifteen minutes. */
export const ACCOUNT_LIMITS: ThrottleLimits = {
  freeAttempts: 5,
  baseLockMs: MINUTE,
  maxLockMs: 15 * MINUTE,
  quietMs: 15 * MINUTE,
};

/** Per client address: looser, as an office behind one NAT address shares it. */
export const ADDRESS_LIMITS: ThrottleLimits = {
  freeAttempts: 20,
  baseLockMs: MINUTE,
  maxLockMs: 15 * MINUTE,
  quietMs: 15 * MINUTE,
};

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
  updatedAt: Date;
}

export type AttemptDecision =
  | { allowed: false; retryAfterMs: number }
  | {
      allowed: true;
      next: ThrottleState;
      /** The lock this attempt set (it is the one that reached or passed the free attempts), if any. */
      locks: Date | null;
      /** The lock before this attempt, restored if it is taken back. */
      previousLockedUntil: Date | null;
    };

export function lockDurationMs(attempts: number, limits: ThrottleLimits): number {
  if (attempts < limits.freeAttempts) return 0;
  const doublings = Math.min(attempts - limits.freeAttempts, 30);
  return Math.min(limits.maxLockMs, limits.baseLockMs * 2 ** doublings);
}

/** The row as it stands at `now`: a streak that went quiet is forgotten. */
export function currentState(state: ThrottleState | null, now: Date, limits: ThrottleLimits): ThrottleState {
  const fresh = { failures: 0, windowStartedAt: now, lockedUntil: null, updatedAt: now };
  if (!state) return fresh;
  const lastActivity = Math.max(state.updatedAt.getTime(), state.lockedUntil?.getTime() ?? 0);
  return now.getTime() - lastActivity >= limits.quietMs ? fresh : state;
}

export function decideAttempt(
  state: ThrottleState | null,
  now: Date,
  limits: ThrottleLimits,
): AttemptDecision {
  const current = currentState(state, now, limits);
  const lockedFor = (current.lockedUntil?.getTime() ?? 0) - now.getTime();
  if (lockedFor > 0) return { allowed: false, retryAfterMs: lockedFor };
  const attempts = current.failures + 1;
  const lockMs = lockDurationMs(attempts, limits);
  const locks = lockMs > 0 ? new Date(now.getTime() + lockMs) : null;
  return {
    allowed: true,
    next: {
      failures: attempts,
      windowStartedAt: current.windowStartedAt,
      lockedUntil: locks ?? current.lockedUntil,
      updatedAt: now,
    },
    locks,
    previousLockedUntil: current.lockedUntil,
  };
}

/**
 * Takes back one counted attempt that turned out not to be a failed guess (the password was right, or it
 * was never checked), lifting the lock that attempt set unless a later attempt has locked the key since.
 */
export function takeBack(
  state: ThrottleState,
  attempt: { locks: Date | null; previousLockedUntil: Date | null },
  now: Date,
): ThrottleState {
  const ownLock = attempt.locks !== null && state.lockedUntil?.getTime() === attempt.locks.getTime();
  return {
    ...state,
    failures: Math.max(0, state.failures - 1),
    lockedUntil: ownLock ? attempt.previousLockedUntil : state.lockedUntil,
    updatedAt: now,
  };
}

/** Seconds for a Retry-After header: whole seconds, at least one. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
