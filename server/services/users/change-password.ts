import { eq, sql } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { HasherBusyError } from '../../auth/hash-pool';
import { hashPassword, verifyPassword } from '../../auth/password';
import { passwordProblems } from '../../auth/password-policy';
import { ACCOUNT_LIMITS, retryAfterSeconds } from '../../auth/throttle-policy';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { badRequest, notFound, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertPerson } from './internal/authorize';
import { reserveAttempt, settleAttempt } from './internal/sign-in-throttle';
import { type ChangePasswordInput, changePasswordInput } from './schemas';

/**
 * users.changePassword: one's own, with the current password, under the password policy. The current
 * password is checked under the account's sign-in throttle (a stolen session must not become a way to
 * guess it), and the change ends every session, this one included: the person signs in again with it.
 */
export async function changeOwnPassword(
  ctx: ServiceContext,
  rawInput: ChangePasswordInput,
): Promise<{ changed: true }> {
  const actor = ctx.actor;
  assertPerson(actor);
  const input = parseInput(changePasswordInput, rawInput);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.id));
  if (!user?.active) throw notFound('User');
  if (!user.passwordHash)
    throw new ServiceError('PRECONDITION_FAILED', 'This account signs in through single sign-on');
  const problems = passwordProblems(input.newPassword, { email: user.email });
  if (problems.length) throw badRequest('Invalid input', { newPassword: problems });

  const account = `account:${user.email}`;
  const reservation = await reserveAttempt(ctx.db, [{ key: account, limits: ACCOUNT_LIMITS }], ctx.now());
  if (!reservation.allowed)
    throw new ServiceError(
      'TOO_MANY_REQUESTS',
      `Too many attempts; try again in ${Math.ceil(retryAfterSeconds(reservation.retryAfterMs) / 60)} min`,
    );
  let ok: boolean;
  try {
    ok = await verifyPassword(input.currentPassword, user.passwordHash);
  } catch (error) {
    await settleAttempt(ctx.db, reservation.counted, { kind: 'void' }, ctx.now());
    throw busyAsTooManyRequests(error);
  }
  if (!ok) {
    await settleAttempt(
      ctx.db,
      reservation.counted,
      { kind: 'failure', context: { email: user.email } },
      ctx.now(),
    );
    throw badRequest('Invalid input', { currentPassword: ['That is not your current password'] });
  }
  await settleAttempt(ctx.db, reservation.counted, { kind: 'success', resetKeys: [account] }, ctx.now());

  const passwordHash = await hashPassword(input.newPassword).catch((error: unknown) => {
    throw busyAsTooManyRequests(error);
  });
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, sessionEpoch: sql`${users.sessionEpoch} + 1` })
      .where(eq(users.id, user.id));
    await recordAudit(tx, actor, ctx.now(), [
      { type: 'user.password_changed', subject: `user:${user.id}`, payload: {} },
    ]);
  });
  return { changed: true };
}

function busyAsTooManyRequests(error: unknown): unknown {
  return error instanceof HasherBusyError
    ? new ServiceError('TOO_MANY_REQUESTS', 'The server is busy; try again in a few seconds')
    : error;
}
