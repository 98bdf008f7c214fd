import { and, asc, eq, getTableColumns, ne } from 'drizzle-orm';
import { ticketEvents } from '../../../db/schema';
import { userNameOf, userNamesById } from '../directory/internal/user-name';
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
  /** Who acted: a person's name (their e-mail only if the user row is gone), or the system's label. */
  actor: string;
  /**
   * The event's payload; for staff, people it names by id also by name: `fromName` / `toName` of an
   * assignment, `assigneeName` of a task (stored events keep ids and e-mails, which the log must not lose).
   */
  payload: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const userIdsIn = (value: unknown): string[] =>
  typeof value === 'string' && UUID.test(value) ? [value] : [];

/** The ids of people an event's payload names (assignments, task assignees). */
function peopleOf(type: string, payload: Record<string, unknown>): string[] {
  if (type === 'ticket.assigned') return [...userIdsIn(payload.from), ...userIdsIn(payload.to)];
  if (type === 'task.added') return userIdsIn(payload.assigneeId);
  return [];
}

function withNames(type: string, payload: Record<string, unknown>, names: Map<string, string>) {
  const name = (id: unknown) => (typeof id === 'string' ? (names.get(id) ?? null) : null);
  if (type === 'ticket.assigned')
    return { ...payload, fromName: name(payload.from), toName: name(payload.to) };
  if (type === 'task.added') return { ...payload, assigneeName: name(payload.assigneeId) };
  return payload;
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
    .select({ ...getTableColumns(ticketEvents), actorName: userNameOf(ticketEvents.actorId) })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticket.id), ne(ticketEvents.type, READ_EVENT_TYPE)))
    .orderBy(asc(ticketEvents.seq));
  if (seesInternalFields(ctx.actor)) {
    const names = await userNamesById(
      ctx.db,
      rows.flatMap((r) => peopleOf(r.type, r.payload)),
    );
    return rows.map((r) => ({
      seq: r.seq,
      type: r.type,
      at: r.occurredAt,
      actor: r.actorName ?? r.actorLabel,
      payload: withNames(r.type, r.payload, names),
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
