import { eq, sql } from 'drizzle-orm';
import { organisations, users } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { badRequest, notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertAnotherActiveAdmin, lockActiveAdmins } from './internal/admins';
import { assertUserAdmin } from './internal/authorize';
import { type ChangeRoleInput, changeRoleInput } from './schemas';

/**
 * users.changeRole (admins): the new role applies to the next sign-in; sessions issued under the old one
 * end at once (the session epoch is bumped in the same write). Customers stay customers of their
 * organisation and staff stay staff of the operator; the last active admin keeps the role.
 */
export async function changeUserRole(
  ctx: ServiceContext,
  rawInput: ChangeRoleInput,
): Promise<{ changed: boolean }> {
  const actor = ctx.actor;
  assertUserAdmin(actor);
  const input = parseInput(changeRoleInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const [user] = await tx
      .select({ id: users.id, email: users.email, role: users.role, kind: organisations.kind })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.id, input.userId))
      .for('update', { of: users });
    if (!user) throw notFound('User');
    if ((input.role === 'customer') !== (user.kind === 'customer'))
      throw badRequest('Invalid input', {
        role: [
          user.kind === 'customer'
            ? 'A customer account keeps the customer role'
            : 'Staff cannot be customers',
        ],
      });
    if (user.role === input.role) return { changed: false };
    if (user.role === 'admin') assertAnotherActiveAdmin(admins, user.id);
    await tx
      .update(users)
      .set({ role: input.role, sessionEpoch: sql`${users.sessionEpoch} + 1` })
      .where(eq(users.id, user.id));
    await recordAudit(tx, actor, ctx.now(), [
      {
        type: 'user.role_changed',
        subject: `user:${user.id}`,
        payload: { email: user.email, from: user.role, to: input.role },
      },
    ]);
    return { changed: true };
  });
}
