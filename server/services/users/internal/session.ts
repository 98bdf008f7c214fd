import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../../db/client';
import { users } from '../../../../db/schema';
import type { AuthenticatedUser } from '../authenticate';

export interface SessionClaims extends AuthenticatedUser {
  /** users.session_epoch when the session was issued. */
  epoch: number;
}

const sessionRef = z.object({ uid: z.uuid(), epoch: z.number().int().nonnegative() });

/**
 * What a session may claim right now, read on every request (one primary-key lookup): null when the user
 * is gone or deactivated, or when the session was issued before the user's session epoch was bumped (sign
 * out everywhere, deactivation, a role change). Otherwise the claims are fresh from the database, so reads
 * never act on a role or organisation the token remembers. Tokens without an epoch (issued before epochs
 * existed) count as revoked.
 */
export async function currentSessionClaims(
  db: Database,
  token: { uid?: unknown; epoch?: unknown },
): Promise<SessionClaims | null> {
  const ref = sessionRef.safeParse(token);
  if (!ref.success) return null;
  const claims = await loadSessionUser(db, ref.data.uid);
  return claims && claims.epoch === ref.data.epoch ? claims : null;
}

/** The active user's claims with the current epoch, as a new session records them at sign-in. */
export async function loadSessionUser(db: Database, id: string): Promise<SessionClaims | null> {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      organisationId: users.organisationId,
      active: users.active,
      epoch: users.sessionEpoch,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!user?.active) return null;
  const { active: _active, ...claims } = user;
  return claims;
}

/** Records a successful sign-in (any provider): the admin pages show when each person last signed in. */
export async function recordSignIn(db: Database, id: string, at: Date): Promise<void> {
  await db.update(users).set({ lastSignInAt: at }).where(eq(users.id, id));
}
