import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { ticketEvents } from '../../../db/schema';
import { type Actor, actorRecord } from '../context';
import { GENESIS_HASH, hashEvent } from './canonical';

export interface NewTicketEvent {
  type: string;
  payload: Record<string, unknown>;
}

/**
 * Appends events to a ticket's hash chain. Callers must hold the ticket row (they have just inserted it
 * or updated it under its version), so no other transaction can append to the same chain meanwhile;
 * the UNIQUE (ticket_id, seq) constraint backs that up.
 */
export async function appendTicketEvents(
  tx: Executor,
  ticketId: string,
  actor: Actor,
  occurredAt: Date,
  events: readonly NewTicketEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const [last] = await tx
    .select({ seq: ticketEvents.seq, hash: ticketEvents.hash })
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(desc(ticketEvents.seq))
    .limit(1);
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const who = actorRecord(actor);
  const rows = events.map((event) => {
    seq += 1;
    // Round-trip through JSON so what we hash is exactly what jsonb will hand back (no undefined, no Dates).
    const payload = JSON.parse(JSON.stringify(event.payload)) as Record<string, unknown>;
    const content = { ticketId, seq, type: event.type, ...who, payload, occurredAt, prevHash };
    const hash = hashEvent(content);
    prevHash = hash;
    return { ...content, hash };
  });
  await tx.insert(ticketEvents).values(rows);
}
