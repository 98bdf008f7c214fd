import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import { services, ticketEvents, ticketServices } from '../../../../db/schema';
import type { ClockSummary } from '../../sla/internal/clock-views';

// The public facts of an outage, each built field by field from what the readers below select, so a
// column added to a table (or to the staff views) never reaches a customer by accident.

/** An SLA clock as a customer reads it: its figures, not its row (no ids, no subject keys). */
export function publicClock(c: ClockSummary) {
  return {
    metric: c.metric,
    state: c.state,
    targetMs: c.targetMs,
    elapsedMs: c.elapsedMs,
    /** Negative once breached. */
    remainingMs: c.remainingMs,
    percent: c.percent,
    counting: c.counting,
    dueAt: c.dueAt,
    startedAt: c.startedAt,
    pausedAt: c.pausedAt,
    breachedAt: c.breachedAt,
    metAt: c.metAt,
    calendar: c.calendar,
    calendarTimeZone: c.calendarTimeZone,
    businessHours: c.businessHours,
    excludesHolidays: c.excludesHolidays,
  };
}
export type PublicClock = ReturnType<typeof publicClock>;

/**
 * The names of the affected services of each ticket that belong to `organisationId`: one outage may also
 * affect the operator's shared infrastructure or other customers' services, which are not this reader's.
 */
export async function ownServiceNames(
  db: Reader,
  ticketIds: readonly string[],
  organisationId: string,
): Promise<Map<string, string[]>> {
  const byTicket = new Map<string, string[]>();
  if (ticketIds.length === 0) return byTicket;
  const rows = await db
    .select({ ticketId: ticketServices.ticketId, name: services.name })
    .from(ticketServices)
    .innerJoin(services, eq(services.id, ticketServices.serviceId))
    .where(and(inArray(ticketServices.ticketId, [...ticketIds]), eq(services.organisationId, organisationId)))
    .orderBy(asc(services.position), asc(services.name));
  for (const { ticketId, name } of rows) byTicket.set(ticketId, [...(byTicket.get(ticketId) ?? []), name]);
  return byTicket;
}

/** The audit events that are public comments (internal notes never leave the staff). */
export const isPublicComment = sql`${ticketEvents.type} = 'comment.added' and ${ticketEvents.payload}->>'visibility' = 'public'`;

/** Up to `max` characters of a text, cut at a word where one is near. */
export function excerpt(text: string, max = 160): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
