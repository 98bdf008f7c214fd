import type { Ticket } from '../../../../db/schema';
import { isReviewable } from '../../../../workflows/reviews/constants';
import { formatTicketNumber } from '../../../../workflows/tickets/constants';
import { roleHas } from '../../../auth/permissions';
import type { Actor } from '../../kernel/context';
import { badRequest, forbidden, ServiceError } from '../../kernel/errors';

/**
 * Who writes post-incident reviews: those who work outages (NOC engineers, managers, admins) and the
 * system (seed). SOC analysts and customers read them; integrations neither write nor review.
 */
export function mayWriteReviews(actor: Actor): boolean {
  if (actor.type === 'system') return true;
  return actor.type === 'user' && roleHas(actor.role, 'outage.work');
}

/**
 * The common gate of the review verbs, in the order a caller learns things (visibility was checked
 * before, NOT_FOUND): the right to write reviews (FORBIDDEN), that the ticket is an outage
 * (BAD_REQUEST), that service is restored (PRECONDITION_FAILED: resolved or closed).
 */
export function assertReviewableOutage(
  actor: Actor,
  ticket: Pick<Ticket, 'kind' | 'number' | 'status'>,
  options: { writer?: boolean } = {},
): void {
  if (!(options.writer ?? mayWriteReviews(actor)))
    throw forbidden('Only NOC engineers, managers and admins write post-incident reviews');
  assertOutageUnderReview(ticket);
}

/** The kind and status half of the gate (for a follow-up's owner, who completes it without writer rights). */
export function assertOutageUnderReview(ticket: Pick<Ticket, 'kind' | 'number' | 'status'>): void {
  if (ticket.kind !== 'outage') throw badRequest('Post-incident reviews apply to outages only');
  if (!isReviewable(ticket.status)) {
    const number = formatTicketNumber(ticket.kind, ticket.number);
    throw new ServiceError(
      'PRECONDITION_FAILED',
      `${number} is ${ticket.status.replaceAll('_', ' ')}: an outage is reviewed once it is resolved or closed`,
    );
  }
}

/** The user's id for `*_by_id` columns (null for the system). */
export function actorUserId(actor: Actor): string | null {
  return actor.type === 'user' ? actor.id : null;
}
