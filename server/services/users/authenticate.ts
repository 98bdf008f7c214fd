import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { users } from '../../../db/schema';
import { columnsOf } from '../../../db/sql';
import type { Role } from '../../../workflows/tickets/constants';
import { verifyPassword } from '../../auth/password';

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
}

/** What a session knows of its user, and nothing more (never the password hash). */
const IDENTITY = columnsOf(users, 'id', 'email', 'name', 'role', 'organisationId');

/** The active user with this email and password, or null (never says which of the two was wrong). */
export async function authenticateWithPassword(
  db: Database,
  email: string,
  password: string,
): Promise<AuthenticatedUser | null> {
  const [row] = await db
    .select({ user: IDENTITY, active: users.active, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  // The hash is checked even for no such user, so both cases take the same time.
  const ok = await verifyPassword(password, row?.active ? row.passwordHash : null);
  return ok && row ? row.user : null;
}

/** Re-reads a user for a write: a deactivated user or a changed role must not keep acting on an old JWT. */
export async function loadActiveUser(db: Database, id: string): Promise<AuthenticatedUser | null> {
  const [user] = await db
    .select(IDENTITY)
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, true)))
    .limit(1);
  return user ?? null;
}
