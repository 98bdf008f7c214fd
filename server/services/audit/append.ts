import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { ticketEvents } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
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
export function appendTicketEvents(
  tx: Executor,
  ticketId: string,
  actor: Actor,
  occurredAt: Date,
  events: readonly NewTicketEvent[],
): Promise<void> {
  return appendToChains(tx, [{ ticketId, events }], actor, occurredAt);
}

/**
 * The same for many tickets at once (the scheduler's batches): one query for the chain heads, one insert.
 * The caller holds every ticket's row.
 */
export async function appendToChains(
  tx: Executor,
  entries: readonly { ticketId: string; events: readonly NewTicketEvent[] }[],
  actor: Actor,
  occurredAt: Date,
): Promise<void> {
  const pending = entries.filter((e) => e.events.length > 0);
  if (pending.length === 0) return;
  const ids = [...new Set(pending.map((e) => e.ticketId))];
  const heads = await queryRows<{ ticket_id: string; seq: number; hash: string }>(
    tx,
    sql`select distinct on (${ticketEvents.ticketId}) ${ticketEvents.ticketId} as ticket_id, ${ticketEvents.seq} as seq, ${ticketEvents.hash} as hash
        from ${ticketEvents} where ${inArray(ticketEvents.ticketId, ids)}
        order by ${ticketEvents.ticketId}, ${ticketEvents.seq} desc`,
  );
  const head = new Map(heads.map((h) => [h.ticket_id, { seq: Number(h.seq), hash: h.hash }]));
  const who = actorRecord(actor);
  const rows = [];
  for (const { ticketId, events } of pending) {
    let { seq, hash: prevHash } = head.get(ticketId) ?? { seq: 0, hash: GENESIS_HASH };
    for (const event of events) {
      seq += 1;
      // Round-trip through JSON so what we hash is exactly what jsonb will hand back (no undefined, no Dates).
      const payload = JSON.parse(JSON.stringify(event.payload)) as Record<string, unknown>;
      const content = { ticketId, seq, type: event.type, ...who, payload, occurredAt, prevHash };
      const hash = hashEvent(content);
      prevHash = hash;
      rows.push({ ...content, hash });
    }
    head.set(ticketId, { seq, hash: prevHash });
  }
  await tx.insert(ticketEvents).values(rows);
}
