import { eq, sql } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { badRequest, notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertAnotherActiveAdmin, lockActiveAdmins } from './internal/admins';
import { assertUserAdmin } from './internal/authorize';
import { type UserRefInput, userRefInput } from './schemas';

/**
 * users.deactivate (admins): the account can no longer sign in, and its sessions end at once (the session
 * epoch is bumped in the same write). Never the caller's own account, never the last active admin.
 */
export async function deactivateUser(
  ctx: ServiceContext,
  rawInput: UserRefInput,
): Promise<{ changed: boolean }> {
  const actor = ctx.actor;
  assertUserAdmin(actor);
  const input = parseInput(userRefInput, rawInput);
  if (actor.type === 'user' && actor.id === input.userId)
    throw badRequest('Invalid input', { userId: ['Ask another admin to deactivate your own account'] });
  return ctx.db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
    if (!user) throw notFound('User');
    if (!user.active) return { changed: false };
    if (user.role === 'admin') assertAnotherActiveAdmin(admins, user.id);
    await tx
      .update(users)
      .set({ active: false, sessionEpoch: sql`${users.sessionEpoch} + 1` })
      .where(eq(users.id, user.id));
    await recordAudit(tx, actor, ctx.now(), [
      {
        type: 'user.deactivated',
        subject: `user:${user.id}`,
        payload: { email: user.email, role: user.role },
      },
    ]);
    return { changed: true };
  });
}
