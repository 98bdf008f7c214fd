import { eq } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import { type Ticket, type User, users } from '../../../../db/schema';
import type { CommentVisibility } from '../../../../workflows/tickets/constants';
import { roleHas } from '../../../auth/permissions';
import { readsInFull } from '../../kernel/access';
import type { Actor } from '../../kernel/context';
import { forbidden } from '../../kernel/errors';

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

/**
 * Staff comment by role; a customer only publicly, on its own organisation's outages (what it reads as
 * `public`): its side of the conversation, never an internal note.
 */
export function mayComment(
  actor: Actor,
  ticket: Pick<Ticket, 'kind' | 'organisationId'>,
  visibility: CommentVisibility,
): boolean {
  if (actor.type !== 'user') return actor.type === 'system';
  if (actor.role === 'customer')
    return (
      visibility === 'public' && ticket.kind === 'outage' && ticket.organisationId === actor.organisationId
    );
  return roleHas(actor.role, ticket.kind === 'outage' ? 'outage.comment' : 'security.work');
}

/** Why a user may not hold a ticket (null: they may). */
export type AssigneeProblem = 'inactive' | 'need_to_know' | 'cannot_work';

/**
 * Who may be a ticket's assignee, by hand (tickets.assign) or by escalation (`reassign`): an active user
 * who reads the ticket in full (access.ts, the rule of a read) and whose role works this kind of ticket.
 */
export function assigneeProblem(
  user: Pick<User, 'active' | 'role'>,
  ticket: Pick<Ticket, 'kind'>,
): AssigneeProblem | null {
  if (!user.active) return 'inactive';
  if (!readsInFull(user.role, ticket)) return 'need_to_know';
  if (!roleHas(user.role, ticket.kind === 'outage' ? 'outage.work' : 'security.work')) return 'cannot_work';
  return null;
}

/** load, for a command that names someone to hold a ticket or a task: that user (undefined: none named, or no such user). */
export async function namedUser(db: Reader, id: string | null | undefined): Promise<User | undefined> {
  if (!id) return undefined;
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}
