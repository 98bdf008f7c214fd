import type { Database } from '../../../db/client';
import { HasherBusyError } from '../../auth/hash-pool';
import { ACCOUNT_LIMITS, ADDRESS_LIMITS, retryAfterSeconds } from '../../auth/throttle-policy';
import { type AuthenticatedUser, authenticateWithPassword } from './authenticate';
import { reserveAttempt, settleAttempt } from './internal/sign-in-throttle';

export type SignInResult =
  | { kind: 'ok'; user: AuthenticatedUser }
  | { kind: 'invalid' }
  /** Refused without checking the password; try again after this many seconds. */
  | { kind: 'throttled'; retryAfterSeconds: number }
  /** The password hashing queue is full; nothing was counted. */
  | { kind: 'busy'; retryAfterSeconds: number };

const BUSY_RETRY_SECONDS = 5;

/**
 * Password sign-in with per-account and per-address throttling (server/auth/throttle-policy.ts). Emails
 * are throttled whether or not an account has them, so a lockout reveals nothing about which exist.
 */
export async function signInWithPassword(
  ctx: { db: Database; now: () => Date },
  input: { email: string; password: string; address: string },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const account = `account:${email}`;
  const address = `address:${input.address}`;
  const reservation = await reserveAttempt(
    ctx.db,
    [
      { key: account, limits: ACCOUNT_LIMITS },
      { key: address, limits: ADDRESS_LIMITS },
    ],
    ctx.now(),
  );
  if (!reservation.allowed)
    return { kind: 'throttled', retryAfterSeconds: retryAfterSeconds(reservation.retryAfterMs) };

  let user: AuthenticatedUser | null;
  try {
    user = await authenticateWithPassword(ctx.db, email, input.password);
  } catch (error) {
    await settleAttempt(ctx.db, reservation.counted, { kind: 'void' }, ctx.now());
    if (error instanceof HasherBusyError) return { kind: 'busy', retryAfterSeconds: BUSY_RETRY_SECONDS };
    throw error;
  }
  if (user) {
    await settleAttempt(ctx.db, reservation.counted, { kind: 'success', resetKeys: [account] }, ctx.now());
    return { kind: 'ok', user };
  }
  await settleAttempt(
    ctx.db,
    reservation.counted,
    { kind: 'failure', context: { email, address: input.address } },
    ctx.now(),
  );
  return { kind: 'invalid' };
}
