import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Executor, Reader } from '../../../db/client';
import { handoffs, type Ticket, tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { ROLES, type Role } from '../../../workflows/tickets/constants';
import { isStaff, roleHas } from '../../auth/permissions';
import type { Actor } from './context';
import { notFound } from './errors';

// Need-to-know (DESIGN §2.9), in one place for every query. Lists filter in SQL with ticketVisibility();
// single-ticket reads and commands call assertCanSee, and a ticket that fails it answers NOT_FOUND, so a
// restricted incident's existence is never revealed. What a visible ticket shows is its projection.

/**
 * - `full`: everything (staff with the right to the kind, the system);
 * - `public`: a customer's own outage: public fields and updates;
 * - `stub`: a NOC engineer's view of an incident the NOC handed off: number, state, public summary.
 * Customers never see a security incident as a ticket: only its published notice reaches them, through
 * the notices service and the status page.
 */
export type TicketProjection = 'full' | 'public' | 'stub';

type VisibleFacts = Pick<Ticket, 'id' | 'kind' | 'organisationId'>;

/** Incidents that an outage was handed off to (accepted handoffs name their incident). */
const handedOff = (ticketId: SQL | typeof tickets.id | string) =>
  sql`exists (select 1 from ${handoffs} h where h.incident_id = ${ticketId})`;

/** A WHERE clause limiting tickets to those the actor may see at all. */
export function ticketVisibility(actor: Actor): SQL | undefined {
  if (actor.type === 'system') return undefined;
  if (actor.type === 'integration') return eq(tickets.organisationId, actor.organisationId);
  if (actor.role === 'customer') {
    return and(eq(tickets.organisationId, actor.organisationId), eq(tickets.kind, 'outage'));
  }
  if (roleHas(actor.role, 'security.read')) return undefined;
  return or(eq(tickets.kind, 'outage'), handedOff(tickets.id));
}

/**
 * Of the tickets the actor may see, those it sees more of than a stub (a WHERE clause; undefined: all).
 * A list filters, sorts and pages on a ticket's organisation, priority, assignee, times and clocks only
 * where its projection shows them: otherwise the order of a page, or a filter's answer, would tell what
 * the stub hides.
 */
export function ticketDetailVisibility(actor: Actor): SQL | undefined {
  if (actor.type !== 'user' || actor.role === 'customer' || roleHas(actor.role, 'security.read'))
    return undefined;
  return eq(tickets.kind, 'outage');
}

/** Whether the actor may see this ticket at all (one indexed lookup for a NOC engineer's stub). */
export async function canSeeTicket(db: Reader, actor: Actor, ticket: VisibleFacts): Promise<boolean> {
  if (actor.type === 'system') return true;
  if (actor.type === 'integration') return ticket.organisationId === actor.organisationId;
  if (actor.role === 'customer')
    return ticket.kind === 'outage' && ticket.organisationId === actor.organisationId;
  if (ticket.kind === 'outage' || roleHas(actor.role, 'security.read')) return true;
  const [row] = await queryRows<{ found: boolean }>(db, sql`select ${handedOff(ticket.id)} as found`);
  return row?.found === true;
}

export async function assertCanSee(db: Executor, actor: Actor, ticket: VisibleFacts): Promise<void> {
  if (!(await canSeeTicket(db, actor, ticket))) throw notFound('Ticket');
}

/** What a visible ticket shows this actor (visibility itself is established by the functions above). */
export function projectionFor(actor: Actor, ticket: Pick<Ticket, 'kind'>): TicketProjection {
  if (actor.type !== 'user') return 'full';
  if (actor.role === 'customer') return 'public';
  return readsInFull(actor.role, ticket) ? 'full' : 'stub';
}

/**
 * Whether a person with this role reads the ticket in full (projection `full`): the rule for everything
 * sent to a person about a ticket (notifications, escalation targets) and for who may hold it
 * (assignees), so nothing reaches someone the ticket itself would answer NOT_FOUND or a stub to.
 */
export function readsInFull(role: Role, ticket: Pick<Ticket, 'kind'>): boolean {
  return role !== 'customer' && (ticket.kind === 'outage' || roleHas(role, 'security.read'));
}

const SECURITY_READERS = ROLES.filter((role) => roleHas(role, 'security.read'));

/** Columns (or values) the recipient rule reads: a users row, and the ticket's kind and organisation. */
export interface RecipientFacts {
  role: SQL;
  organisationId: SQL;
  ticketKind: SQL;
  ticketOrganisationId: SQL;
  /** 'internal' (full readers only) or 'public' (also customers of the ticket's own organisation). */
  audience: SQL;
}

/**
 * readsInFull as SQL, so a batch of notifications is judged in the statement that writes it. With a
 * `public` audience (a note that shows only public fields), a customer of the outage's own organisation
 * qualifies too, as their read would (projection `public`); a stub never does: a note names the ticket.
 */
export function mayReceiveSql(f: RecipientFacts): SQL {
  const readers = sql.join(
    SECURITY_READERS.map((role) => sql`${role}`),
    sql`, `,
  );
  return sql`((${f.ticketKind} = 'outage' and ${f.role} <> 'customer')
    or (${f.ticketKind} = 'security' and ${f.role} in (${readers}))
    or (${f.audience} = 'public' and ${f.role} = 'customer' and ${f.ticketKind} = 'outage'
        and ${f.organisationId} = ${f.ticketOrganisationId}))`;
}

/** Staff see internal fields (of what they may see); customers get the public projection. */
export function seesInternalFields(actor: Actor): boolean {
  return actor.type !== 'user' || isStaff(actor.role);
}

/** Reads of a security incident by a person are recorded on its audit chain (DESIGN §2.8). */
export function isRestrictedRead(actor: Actor, ticket: Pick<Ticket, 'kind'>): boolean {
  return actor.type === 'user' && ticket.kind === 'security';
}
