import { eq } from 'drizzle-orm';
import type { Executor, Transaction } from '../../../../db/client';
import { type HandoffRow, handoffs, type Ticket } from '../../../../db/schema';
import type { HandoffStatus } from '../../../../workflows/handoffs/constants';
import { type HandoffEvent, stepLifecycle } from '../../../../workflows/machines';
import { roleHas } from '../../../auth/permissions';
import type { Actor, ServiceContext } from '../../kernel/context';
import { changeTicket, type TicketDecision } from '../../kernel/engine';
import { forbidden, notFound, ServiceError } from '../../kernel/errors';

// A handoff changes under its outage's lock: every handoff command is an engine command on the outage,
// whose audit chain records it. These are the pieces the accept / decline / escalate commands share.

/** Which outage a handoff belongs to, so the command can lock that outage first. */
async function outageOf(db: Executor, actor: Actor, handoffId: string): Promise<string> {
  // Customers never learn that a handoff exists, whatever the id.
  if (actor.type === 'user' && actor.role === 'customer') throw notFound('Handoff');
  const [row] = await db
    .select({ outageId: handoffs.outageId })
    .from(handoffs)
    .where(eq(handoffs.id, handoffId));
  if (!row) throw notFound('Handoff');
  return row.outageId;
}

async function lockHandoff(tx: Transaction, handoffId: string, outageId: string): Promise<HandoffRow> {
  const [row] = await tx.select().from(handoffs).where(eq(handoffs.id, handoffId)).for('update');
  // The outage of a handoff never changes; a mismatch means the id was not this outage's.
  if (!row || row.outageId !== outageId) throw notFound('Handoff');
  return row;
}

/** The handoff machine's next state for `event`, or PRECONDITION_FAILED ("cannot ACCEPT while declined"). */
function stepHandoff(row: HandoffRow, event: HandoffEvent) {
  const step = stepLifecycle(row.machine, event);
  if (!step.ok) throw new ServiceError('PRECONDITION_FAILED', `Handoff: ${step.message}`);
  return { status: step.view.status as HandoffStatus, machine: step.view.persisted };
}

export type HandoffStep = ReturnType<typeof stepHandoff>;

/** Accepting or declining is the SOC's (and managers') call. */
export function assertMayDecide(actor: Actor): void {
  if (actor.type === 'user' && !roleHas(actor.role, 'handoff.decide'))
    throw forbidden('Only the SOC can accept or decline a handoff');
}

/**
 * Runs a handoff command: locks the outage, then the handoff; steps the handoff machine with `event`
 * and lets `decide` work out the rest of the change (outage fields and events, other tickets).
 */
export async function changeHandoff<R>(
  ctx: ServiceContext,
  handoffId: string,
  event: HandoffEvent,
  authorize: (outage: Ticket) => void,
  decide: (
    outage: Ticket,
    handoff: HandoffRow,
    next: HandoffStep,
    tx: Transaction,
    now: Date,
  ) => Promise<TicketDecision<R>>,
) {
  const outageId = await outageOf(ctx.db, ctx.actor, handoffId);
  return changeTicket(ctx, {
    ticketId: outageId,
    authorize,
    decide: async (outage, tx, now) => {
      const handoff = await lockHandoff(tx, handoffId, outage.id);
      return decide(outage, handoff, stepHandoff(handoff, event), tx, now);
    },
  });
}
