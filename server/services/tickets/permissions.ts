import type { Ticket } from '../../../db/schema';
import { roleHas } from '../../auth/permissions';
import type { Actor } from '../context';
import { forbidden } from '../errors';

// Who may change a ticket (DESIGN §2.9), on top of who may see it (access.ts). System actors (seed,
// scheduler) may do anything; integrations only on their own organisation's outages.

export function mayWork(actor: Actor, ticket: Pick<Ticket, 'kind' | 'organisationId'>): boolean {
  if (actor.type === 'system') return true;
  if (actor.type === 'integration')
    return ticket.kind === 'outage' && ticket.organisationId === actor.organisationId;
  return roleHas(actor.role, ticket.kind === 'outage' ? 'outage.work' : 'security.work');
}

export function assertMayWork(actor: Actor, ticket: Pick<Ticket, 'kind' | 'organisationId'>): void {
  if (!mayWork(actor, ticket))
    throw forbidden(`Your role cannot work ${ticket.kind === 'outage' ? 'outages' : 'security incidents'}`);
}

/** Reopening a closed security incident is a manager's or admin's call, even without SOC work rights. */
export function maySendEvent(
  actor: Actor,
  ticket: Pick<Ticket, 'kind' | 'organisationId'>,
  eventType: string,
): boolean {
  if (
    ticket.kind === 'security' &&
    eventType === 'REOPEN' &&
    actor.type === 'user' &&
    actor.role === 'manager'
  ) {
    return true;
  }
  return mayWork(actor, ticket);
}

export function mayComment(actor: Actor, ticket: Pick<Ticket, 'kind' | 'organisationId'>): boolean {
  if (actor.type !== 'user') return actor.type === 'system';
  return roleHas(actor.role, ticket.kind === 'outage' ? 'outage.comment' : 'security.work');
}
