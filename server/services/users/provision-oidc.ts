import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { organisations, users } from '../../../db/schema';
import type { Role } from '../../../workflows/tickets/constants';
import { recordAudit } from '../kernel/audit-log';

/**
 * Creates or updates the staff user behind an OIDC sign-in. The identity provider's role mapping is
 * authoritative on every sign-in; a changed role bumps the session epoch (older sessions end) and is
 * audited. A deactivated user stays deactivated, and a customer's account never becomes staff through it
 * (both return null).
 */
export async function provisionOidcUser(
  ctx: { db: Database; now: () => Date },
  claims: { email: string; name: string; role: Role },
): Promise<{ id: string } | null> {
  const email = claims.email.trim().toLowerCase();
  return ctx.db.transaction(async (tx) => {
    const [operator] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.kind, 'operator'));
    if (!operator) return null;
    const [existing] = await tx.select().from(users).where(eq(users.email, email)).for('update');
    if (existing) {
      if (!existing.active || existing.organisationId !== operator.id) return null;
      const roleChanged = existing.role !== claims.role;
      await tx
        .update(users)
        .set({
          role: claims.role,
          name: claims.name,
          ...(roleChanged ? { sessionEpoch: sql`${users.sessionEpoch} + 1` } : {}),
        })
        .where(eq(users.id, existing.id));
      if (roleChanged)
        await recordAudit(tx, { type: 'system', label: 'oidc' }, ctx.now(), [
          {
            type: 'user.role_changed',
            subject: `user:${existing.id}`,
            payload: { email, from: existing.role, to: claims.role, source: 'oidc' },
          },
        ]);
      return { id: existing.id };
    }
    const [created] = await tx
      .insert(users)
      .values({ email, name: claims.name, role: claims.role, organisationId: operator.id })
      .returning({ id: users.id });
    return created ?? null;
  });
}
