import type { Executor } from '../../../db/client';
import { auditLog } from '../../../db/schema';
import { type Actor, actorRecord } from './context';

/** One audit_log row for an event that belongs to no ticket (ticket events go on the ticket's chain). */
export interface AuditEntry {
  type: string;
  subject: string;
  payload?: Record<string, unknown>;
}

/** Records security and administration events in the caller's transaction, so they commit with the change. */
export async function recordAudit(tx: Executor, actor: Actor, at: Date, entries: readonly AuditEntry[]) {
  if (entries.length === 0) return;
  const who = actorRecord(actor);
  await tx.insert(auditLog).values(
    entries.map((e) => ({
      ...who,
      type: e.type,
      subject: e.subject,
      payload: e.payload ?? {},
      occurredAt: at,
    })),
  );
}
