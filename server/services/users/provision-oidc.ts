import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { organisations, users } from '../../../db/schema';
import type { Role } from '../../../workflows/tickets/constants';

/**
 * Creates or updates the staff user behind an OIDC sign-in. The identity provider's role mapping is
 * authoritative on every sign-in; a deactivated user stays deactivated (returns null).
 */
export async function provisionOidcUser(
  db: Database,
  claims: { email: string; name: string; role: Role },
): Promise<{ id: string } | null> {
  const email = claims.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [operator] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.kind, 'operator'));
    if (!operator) return null;
    const [existing] = await tx.select().from(users).where(eq(users.email, email));
    if (existing) {
      if (!existing.active) return null;
      await tx.update(users).set({ role: claims.role, name: claims.name }).where(eq(users.id, existing.id));
      return { id: existing.id };
    }
    const [created] = await tx
      .insert(users)
      .values({ email, name: claims.name, role: claims.role, organisationId: operator.id })
      .returning({ id: users.id });
    return created ?? null;
  });
}
