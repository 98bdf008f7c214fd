import { and, eq, type SQL } from 'drizzle-orm';
import { tickets } from '../../../db/schema';
import type { TicketKind } from '../../../workflows/tickets/constants';
import { isStaff, roleHas } from '../../auth/permissions';
import type { Actor } from '../context';
import { notFound } from '../errors';

// Need-to-know (DESIGN §2.9). Reads filter in SQL with ticketVisibility(); single-ticket reads that fail
// it answer NOT_FOUND, so a restricted incident's existence is never revealed.

/** A WHERE clause limiting tickets to those the actor may see at all. */
export function ticketVisibility(actor: Actor): SQL | undefined {
  if (actor.type === 'system') return undefined;
  if (actor.type === 'integration') return eq(tickets.organisationId, actor.organisationId);
  if (actor.role === 'customer') {
    // Security incidents reach customers only as published notices (a later issue adds those).
    return and(eq(tickets.organisationId, actor.organisationId), eq(tickets.kind, 'outage'));
  }
  if (roleHas(actor.role, 'security.read')) return undefined;
  // NOC engineers: outages only (the stub of incidents they handed off arrives with the handoff issue).
  return eq(tickets.kind, 'outage');
}

export function canSeeTicket(actor: Actor, ticket: { kind: TicketKind; organisationId: string }): boolean {
  if (actor.type === 'system') return true;
  if (actor.type === 'integration') return ticket.organisationId === actor.organisationId;
  if (actor.role === 'customer')
    return ticket.kind === 'outage' && ticket.organisationId === actor.organisationId;
  return ticket.kind === 'outage' || roleHas(actor.role, 'security.read');
}

export function assertCanSee(actor: Actor, ticket: { kind: TicketKind; organisationId: string }): void {
  if (!canSeeTicket(actor, ticket)) throw notFound('Ticket');
}

/** Customers get the public projection of a ticket; staff see everything they may see. */
export function seesInternalFields(actor: Actor): boolean {
  return actor.type !== 'user' || isStaff(actor.role);
}
