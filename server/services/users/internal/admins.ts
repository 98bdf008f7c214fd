import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../../db/client';
import { users } from '../../../../db/schema';
import { ServiceError } from '../../kernel/errors';

/**
 * Locks the active admins' rows (in id order), before any other user row: two admins changing each other
 * at once then queue up instead of deadlocking, and cannot both pass the last-admin check.
 */
export async function lockActiveAdmins(tx: Executor): Promise<string[]> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .orderBy(users.id)
    .for('update');
  return admins.map((a) => a.id);
}

/** Refuses a change that would leave no active admin: nobody could administer users or SLA settings. */
export function assertAnotherActiveAdmin(activeAdmins: readonly string[], leavingUserId: string): void {
  if (!activeAdmins.some((id) => id !== leavingUserId))
    throw new ServiceError(
      'PRECONDITION_FAILED',
      'This is the last active admin; make someone else admin first',
    );
}
