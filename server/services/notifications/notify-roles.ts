import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { notifications, users } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import type { Role } from '../../../workflows/tickets/constants';

export interface RoleNotification {
  ticketId: string;
  /** One notification per user and key: a retried command never notifies twice. */
  dedupKey: string;
  kind: string;
  title: string;
  body?: string;
  createdAt: Date;
}

/** Notifies every active user with one of `roles`, in one statement. Returns how many were notified. */
export async function notifyRoles(
  tx: Executor,
  roles: readonly Role[],
  note: RoleNotification,
): Promise<number> {
  const rows = await queryRows<{ user_id: string }>(
    tx,
    sql`insert into ${notifications} (user_id, ticket_id, dedup_key, kind, title, body, created_at)
        select ${users.id}, ${note.ticketId}, ${note.dedupKey}, ${note.kind}, ${note.title},
               ${note.body ?? ''}, ${note.createdAt}
        from ${users} where ${and(inArray(users.role, [...roles]), eq(users.active, true))}
        on conflict do nothing
        returning user_id`,
  );
  return rows.length;
}
