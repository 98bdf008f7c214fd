import { eq } from 'drizzle-orm';
import type { Executor, Reader, Transaction } from '../../../../db/client';
import { type HandoffRow, handoffs, type Ticket } from '../../../../db/schema';
import type { HandoffStatus } from '../../../../workflows/handoffs/constants';
import { type HandoffEvent, stepLifecycle } from '../../../../workflows/machines';
import { roleHas } from '../../../auth/permissions';
import type { NewTicketEvent } from '../../kernel/chain';
import type { Actor, ServiceContext } from '../../kernel/context';
import { combineEffects, type TicketEffects } from '../../kernel/effects';
import type { DecideContext, TicketUpdate } from '../../kernel/engine';
import { forbidden, notFound, ServiceError } from '../../kernel/errors';
import {
  type LoadedSubjectClock,
  loadSubjectClock,
  planSubjectClockStop,
} from '../../sla/internal/subject-clocks';
import { decideLifecycleEvent } from '../../tickets/transition';

// A handoff changes under its outage's lock: every handoff command is an engine command on the outage
// (`changeTicket` with the outage's id from `outageOf`), whose audit chain records it. Its load reads the
// handoff (`lockHandoff`), its decide steps the handoff's machine (`stepHandoff`), its apply writes the
// handoff's new state (`updateHandoff`). These are the pieces the request / accept / decline / escalate
// commands share.

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

/** load: the handoff, locked under its outage's lock; undefined when it is not this outage's. */
export async function lockHandoff(
  db: Reader,
  handoffId: string,
  outage: Ticket,
): Promise<HandoffRow | undefined> {
  const [handoff] = await db.select().from(handoffs).where(eq(handoffs.id, handoffId)).for('update');
  // The outage of a handoff never changes; a mismatch means the id was not this outage's.
  return handoff?.outageId === outage.id ? handoff : undefined;
}

/** A handoff's new state, as decided. */
export type HandoffUpdate = Partial<
  Pick<HandoffRow, 'status' | 'machine' | 'incidentId' | 'declineReason' | 'decidedById' | 'decidedAt'>
>;

/**
 * decide: the handoff machine's next state for `event`: NOT_FOUND for no handoff of this outage,
 * PRECONDITION_FAILED ("cannot ACCEPT while declined") when the handoff is past it.
 */
export function stepHandoff(
  handoff: HandoffRow | undefined,
  event: HandoffEvent,
): { handoff: HandoffRow; next: { status: HandoffStatus; machine: HandoffRow['machine'] } } {
  if (!handoff) throw notFound('Handoff');
  const step = stepLifecycle(handoff.machine, event);
  if (!step.ok) throw new ServiceError('PRECONDITION_FAILED', `Handoff: ${step.message}`);
  return { handoff, next: { status: step.view.status as HandoffStatus, machine: step.view.persisted } };
}

/** apply: writes the handoff's decided state. */
export async function updateHandoff(
  tx: Transaction,
  handoffId: string,
  update: HandoffUpdate,
): Promise<void> {
  await tx.update(handoffs).set(update).where(eq(handoffs.id, handoffId));
}

/** Accepting or declining is the SOC's (and managers') call. */
export function assertMayDecide(actor: Actor): void {
  if (actor.type === 'user' && !roleHas(actor.role, 'handoff.decide'))
    throw forbidden('Only the SOC can accept or decline a handoff');
}

/** What accepting or declining reads besides the outage: the handoff and its acceptance clock. */
export interface LoadedDecision {
  handoff: HandoffRow | undefined;
  clock: LoadedSubjectClock | null;
}

/**
 * The engine command's frame for accepting or declining `handoffId`: on its outage, by the SOC, with the
 * outage's SLA state (its security region moves) and the handoff and its acceptance clock loaded.
 */
export async function decisionOn(ctx: ServiceContext, handoffId: string) {
  return {
    ticketId: await outageOf(ctx.db, ctx.actor, handoffId),
    authorize: () => assertMayDecide(ctx.actor),
    prefetch: { sla: true },
    load: async (db: Reader, outage: Ticket): Promise<LoadedDecision> => {
      const handoff = await lockHandoff(db, handoffId, outage);
      const clock = handoff ? await loadSubjectClock(db, outage.id, 'handoff_acceptance', handoffId) : null;
      return { handoff, clock };
    },
  };
}

/** The outage's side of an accept or a decline, decided. */
export interface SocDecision {
  handoff: HandoffRow;
  /** The handoff's new state (the command adds what is its own: the incident, the reason). */
  update: HandoffUpdate & { status: HandoffStatus };
  set?: TicketUpdate;
  effects: TicketEffects;
  /** The outage's lifecycle event and the acceptance clock's stop (the command's own event follows). */
  events: NewTicketEvent[];
}

/** The outage's lifecycle event that follows the SOC's decision on its handoff. */
const OUTAGE_EVENT = { ACCEPT: 'HANDOFF_ACCEPTED', DECLINE: 'HANDOFF_DECLINED' } as const;

/**
 * decide, for accept and decline: the handoff steps (`ACCEPT` / `DECLINE`), the outage's security region
 * follows (`HANDOFF_ACCEPTED` / `HANDOFF_DECLINED`) and the acceptance clock stops, met or met late.
 */
export function decideOnHandoff(
  actor: Actor,
  outage: Ticket,
  now: Date,
  context: DecideContext<LoadedDecision>,
  decision: Extract<HandoffEvent, { type: keyof typeof OUTAGE_EVENT }>,
): SocDecision {
  const { handoff, next } = stepHandoff(context.loaded.handoff, decision);
  const lifecycle = decideLifecycleEvent(actor, outage, now, { type: OUTAGE_EVENT[decision.type] }, context);
  const clock = planSubjectClockStop(context.loaded.clock, now);
  return {
    handoff,
    update: {
      status: next.status,
      machine: next.machine,
      decidedById: actor.type === 'user' ? actor.id : null,
      decidedAt: now,
    },
    set: lifecycle.set,
    effects: combineEffects(lifecycle.effects, { clocks: clock.effects }),
    events: [...lifecycle.events, ...clock.events],
  };
}
