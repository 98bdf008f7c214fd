import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertUserAdmin } from './internal/authorize';
import { type UserRefInput, userRefInput } from './schemas';

/**
 * users.reactivate (admins): a deactivated account may sign in again, with its old password or single
 * sign-on. Sessions from before the deactivation stay ended (its epoch bump is never undone).
 */
export async function reactivateUser(
  ctx: ServiceContext,
  rawInput: UserRefInput,
): Promise<{ changed: boolean }> {
  const actor = ctx.actor;
  assertUserAdmin(actor);
  const input = parseInput(userRefInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
    if (!user) throw notFound('User');
    if (user.active) return { changed: false };
    await tx.update(users).set({ active: true }).where(eq(users.id, user.id));
    await recordAudit(tx, actor, ctx.now(), [
      {
        type: 'user.reactivated',
        subject: `user:${user.id}`,
        payload: { email: user.email, role: user.role },
      },
    ]);
    return { changed: true };
  });
}
