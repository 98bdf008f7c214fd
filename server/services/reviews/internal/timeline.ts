import { and, eq, min, sql } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import { type Ticket, ticketEvents } from '../../../../db/schema';
import { type ReviewTimeline, reviewTimeline } from '../../../../workflows/reviews/timeline';
import { clocksOfTickets } from '../../sla/internal/clock-views';

/**
 * The facts a review's timeline is derived from: the outage's own timestamps, its first public update,
 * and its customer-facing SLA clocks (the ticket's own, not a handoff's or NOC action's OLA). Everything
 * here is what the outage's customer may read too (their SLA, their updates).
 */
export async function loadReviewTimeline(db: Reader, ticket: Ticket, now: Date): Promise<ReviewTimeline> {
  const [[firstUpdate], clocks] = await Promise.all([
    db
      .select({ at: min(ticketEvents.occurredAt) })
      .from(ticketEvents)
      .where(
        and(
          eq(ticketEvents.ticketId, ticket.id),
          eq(ticketEvents.type, 'comment.added'),
          sql`${ticketEvents.payload} ->> 'visibility' = 'public'`,
        ),
      ),
    clocksOfTickets(db, [ticket.id], now, { includeOlas: false }),
  ]);
  return reviewTimeline({
    createdAt: ticket.createdAt,
    acknowledgedAt: ticket.acknowledgedAt,
    firstPublicUpdateAt: firstUpdate?.at ?? null,
    resolvedAt: ticket.resolvedAt,
    closedAt: ticket.closedAt,
    clocks: (clocks.get(ticket.id) ?? []).filter((c) => c.subjectKey === ''),
  });
}
