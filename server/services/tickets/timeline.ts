import { and, asc, eq, ne } from 'drizzle-orm';
import { ticketEvents } from '../../../db/schema';
import { projectionFor, seesInternalFields } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { readVisibleTicket } from './internal/read-one';
import { READ_EVENT_TYPE, recordRestrictedRead } from './internal/record-read';
import { type TicketIdInput, ticketIdInput } from './schemas';

export interface TimelineEntry {
  seq: number;
  type: string;
  at: Date;
  actor: string;
  payload: Record<string, unknown>;
}

/**
 * tickets.timeline: the audit log as a timeline. Customers see the public part only — the ticket being
 * opened, changes of its status and public updates — with staff names replaced by the operator's.
 */
export async function ticketTimeline(ctx: ServiceContext, rawInput: TicketIdInput): Promise<TimelineEntry[]> {
  const input = parseInput(ticketIdInput, rawInput);
  const ticket = await readVisibleTicket(ctx, input.id);
  const projection = projectionFor(ctx.actor, ticket);
  // A stub is number, state and summary: its history stays with the SOC.
  if (projection === 'stub') return [];
  await recordRestrictedRead(ctx, ticket, 'timeline', projection);
  const rows = await ctx.db
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticket.id), ne(ticketEvents.type, READ_EVENT_TYPE)))
    .orderBy(asc(ticketEvents.seq));
  if (seesInternalFields(ctx.actor)) {
    return rows.map((r) => ({
      seq: r.seq,
      type: r.type,
      at: r.occurredAt,
      actor: r.actorLabel,
      payload: r.payload,
    }));
  }
  const visible = rows.flatMap((r): TimelineEntry[] => {
    const base = { seq: r.seq, type: r.type, at: r.occurredAt, actor: 'Support team' };
    if (r.type === 'ticket.created') return [{ ...base, payload: { status: r.payload.status } }];
    // A transition that left the status as it was moved a parallel region only (the outage's security
    // link at a handoff request, accept or decline): the SOC's involvement is not the customer's to see.
    if (r.type === 'ticket.transitioned')
      return r.payload.from === r.payload.to
        ? []
        : [{ ...base, payload: { from: r.payload.from, to: r.payload.to } }];
    if (r.type === 'comment.added' && r.payload.visibility === 'public') {
      return [{ ...base, payload: { body: r.payload.body } }];
    }
    return [];
  });
  // Numbered afresh: gaps in the audit sequence would tell a customer how much happened out of sight.
  return visible.map((entry, index) => ({ ...entry, seq: index + 1 }));
}
