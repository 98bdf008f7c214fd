import type { Ticket } from '../../../../db/schema';
import type { Actor, ServiceContext } from '../../kernel/context';
import { ServiceError } from '../../kernel/errors';
import { assertMayWork } from '../../tickets/internal/permissions';

/**
 * The common gate of the SOC workspace verbs, in the order a caller learns things: the right to work the
 * ticket (FORBIDDEN; visibility was checked before, NOT_FOUND), then that it is a security incident
 * (BAD_REQUEST), then that it is still open (PRECONDITION_FAILED: a closed incident is a record).
 */
export function assertWorkableIncident(
  actor: Actor,
  ticket: Pick<Ticket, 'kind' | 'organisationId' | 'status'>,
  what: string,
): void {
  assertMayWork(actor, ticket);
  if (ticket.kind !== 'security') {
    throw new ServiceError('BAD_REQUEST', `${what} applies to security incidents only`);
  }
  if (ticket.status === 'closed') {
    throw new ServiceError('PRECONDITION_FAILED', 'The incident is closed; reopen it to change it');
  }
}

/** The engine command's ticket and gate for a SOC workspace verb on the incident `ticketId`. */
export function onWorkableIncident(ctx: ServiceContext, ticketId: string, what: string) {
  return {
    ticketId,
    authorize: (ticket: Pick<Ticket, 'kind' | 'organisationId' | 'status'>) =>
      assertWorkableIncident(ctx.actor, ticket, what),
  };
}

/** Clients' clocks drift: an instant up to this far ahead of the server's is still "now". */
const CLOCK_SKEW_MS = 5 * 60_000;

export function isInFuture(at: Date, now: Date): boolean {
  return at.getTime() > now.getTime() + CLOCK_SKEW_MS;
}

/** The user's id for `*_by_id` columns (null for the system and integrations). */
export function actorUserId(actor: Actor): string | null {
  return actor.type === 'user' ? actor.id : null;
}
