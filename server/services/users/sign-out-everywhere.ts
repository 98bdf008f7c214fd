import { eq, sql } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { assertPerson } from './internal/authorize';

/**
 * users.signOutEverywhere: bumps the caller's session epoch, so every session issued so far (this one, other
 * browsers, a copied cookie) reads as signed out on its next request.
 */
export async function signOutEverywhere(ctx: ServiceContext): Promise<{ revoked: true }> {
  const actor = ctx.actor;
  assertPerson(actor);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ sessionEpoch: sql`${users.sessionEpoch} + 1` })
      .where(eq(users.id, actor.id))
      .returning({ epoch: users.sessionEpoch });
    if (!row) throw notFound('User');
    await recordAudit(tx, actor, ctx.now(), [
      { type: 'user.signed_out_everywhere', subject: `user:${actor.id}`, payload: { epoch: row.epoch } },
    ]);
    return { revoked: true as const };
  });
}
