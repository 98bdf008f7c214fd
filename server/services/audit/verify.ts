import { asc, eq, gt, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { ticketEvents, tickets } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { GENESIS_HASH, hashEvent } from '../kernel/canonical';

export interface ChainBreak {
  ticket: string;
  seq: number;
  reason: string;
}

export interface VerifyResult {
  ticketsChecked: number;
  eventsChecked: number;
  firstBreak: ChainBreak | null;
}

/**
 * Recomputes hash chains ticket by ticket and stops at the first break. Detects edited rows (hash
 * mismatch), deleted or inserted rows (sequence gap or prev_hash mismatch) and reordered rows.
 */
export async function verifyAuditChains(db: Database, only?: { ticketId: string }): Promise<VerifyResult> {
  const result: VerifyResult = { ticketsChecked: 0, eventsChecked: 0, firstBreak: null };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await db
      .select({
        id: tickets.id,
        kind: tickets.kind,
        number: tickets.number,
        eventSeq: tickets.eventSeq,
        eventHash: tickets.eventHash,
      })
      .from(tickets)
      .where(only ? eq(tickets.id, only.ticketId) : gt(tickets.id, after))
      .orderBy(asc(tickets.id))
      .limit(500);
    // The page's events in one statement (one per ticket costs a round trip each: minutes for a large log).
    const pageEvents = page.length
      ? await db
          .select()
          .from(ticketEvents)
          .where(
            inArray(
              ticketEvents.ticketId,
              page.map((t) => t.id),
            ),
          )
          .orderBy(asc(ticketEvents.ticketId), asc(ticketEvents.seq))
      : [];
    const eventsOf = new Map<string, typeof pageEvents>();
    for (const event of pageEvents) {
      const list = eventsOf.get(event.ticketId);
      if (list) list.push(event);
      else eventsOf.set(event.ticketId, [event]);
    }
    for (const ticket of page) {
      const name = formatTicketNumber(ticket.kind, ticket.number);
      const events = eventsOf.get(ticket.id) ?? [];
      result.ticketsChecked += 1;
      let prevHash = GENESIS_HASH;
      for (const [index, event] of events.entries()) {
        result.eventsChecked += 1;
        const reason =
          event.seq !== index + 1
            ? `expected sequence ${index + 1}, found ${event.seq}`
            : event.prevHash !== prevHash
              ? 'prev_hash does not match the previous row'
              : hashEvent(event) !== event.hash
                ? 'content does not match its hash'
                : null;
        if (reason) {
          result.firstBreak = { ticket: name, seq: event.seq, reason };
          return result;
        }
        prevHash = event.hash;
      }
      if (events.length === 0) {
        result.firstBreak = { ticket: name, seq: 1, reason: 'ticket has no audit events' };
        return result;
      }
      // The head kept on the ticket row anchors the chain: deleting its newest events is a break too.
      if (ticket.eventSeq !== events.length || ticket.eventHash !== prevHash) {
        result.firstBreak = {
          ticket: name,
          seq: Math.min(ticket.eventSeq, events.length + 1),
          reason: `the chain ends at sequence ${events.length} but the ticket records its head at ${ticket.eventSeq}`,
        };
        return result;
      }
    }
    if (only || page.length === 0) return result;
    after = page[page.length - 1]!.id;
  }
}
