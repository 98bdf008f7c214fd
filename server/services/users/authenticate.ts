import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { users } from '../../../db/schema';
import type { Role } from '../../../workflows/tickets/constants';
import { verifyPassword } from '../../auth/password';

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
}

/** The active user with this email and password, or null (never says which of the two was wrong). */
export async function authenticateWithPassword(
  db: Database,
  email: string,
  password: string,
): Promise<AuthenticatedUser | null> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  const ok = await verifyPassword(password, user?.active ? user.passwordHash : null);
  if (!ok || !user) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
  };
}

/** Re-reads a user for a write: a deactivated user or a changed role must not keep acting on an old JWT. */
export async function loadActiveUser(db: Database, id: string): Promise<AuthenticatedUser | null> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!user?.active) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
  };
}
