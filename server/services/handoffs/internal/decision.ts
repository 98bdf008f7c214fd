import { eq } from 'drizzle-orm';
import type { Executor, Transaction } from '../../../../db/client';
import { type HandoffRow, handoffs, type Ticket } from '../../../../db/schema';
import type { HandoffStatus } from '../../../../workflows/handoffs/constants';
import { type HandoffEvent, stepLifecycle } from '../../../../workflows/machines';
import { roleHas } from '../../../auth/permissions';
import type { Actor } from '../../kernel/context';
import { forbidden, notFound, ServiceError } from '../../kernel/errors';

// A handoff changes under its outage's lock: every handoff command is an engine command on the outage
// (`changeTicket` with the outage's id from `outageOf`), whose audit chain records it, and whose `apply`
// starts with `lockHandoff`. These are the pieces the accept / decline / escalate commands share.

/** Which outage a handoff belongs to, so the command can lock that outage first. */
export async function outageOf(db: Executor, actor: Actor, handoffId: string): Promise<string> {
  // Customers never learn that a handoff exists, whatever the id.
  if (actor.type === 'user' && actor.role === 'customer') throw notFound('Handoff');
  const [row] = await db
    .select({ outageId: handoffs.outageId })
    .from(handoffs)
    .where(eq(handoffs.id, handoffId));
  if (!row) throw notFound('Handoff');
  return row.outageId;
}

export interface LockedHandoff {
  handoff: HandoffRow;
  /** The handoff machine's next state for the command's event. */
  next: { status: HandoffStatus; machine: HandoffRow['machine'] };
}

/**
 * Locks the handoff (under its outage's lock) and steps its machine with `event`: PRECONDITION_FAILED
 * ("cannot ACCEPT while declined") when the handoff is past it.
 */
export async function lockHandoff(
  tx: Transaction,
  handoffId: string,
  outage: Ticket,
  event: HandoffEvent,
): Promise<LockedHandoff> {
  const [handoff] = await tx.select().from(handoffs).where(eq(handoffs.id, handoffId)).for('update');
  // The outage of a handoff never changes; a mismatch means the id was not this outage's.
  if (!handoff || handoff.outageId !== outage.id) throw notFound('Handoff');
  const step = stepLifecycle(handoff.machine, event);
  if (!step.ok) throw new ServiceError('PRECONDITION_FAILED', `Handoff: ${step.message}`);
  return { handoff, next: { status: step.view.status as HandoffStatus, machine: step.view.persisted } };
}

/** Accepting or declining is the SOC's (and managers') call. */
export function assertMayDecide(actor: Actor): void {
  if (actor.type === 'user' && !roleHas(actor.role, 'handoff.decide'))
    throw forbidden('Only the SOC can accept or decline a handoff');
}
