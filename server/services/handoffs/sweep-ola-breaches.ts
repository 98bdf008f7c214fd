import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { handoffs, slaClocks } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { ServiceError } from '../kernel/errors';
import { enqueueTicketMail } from '../notifications/internal/enqueue-mail';
import { notifyAboutTicket, skippedPayload } from '../notifications/internal/notify';
import { SCHEDULER_ACTOR } from '../sla/sweep-clocks';
import { lockHandoff, outageOf, stepHandoff, updateHandoff } from './internal/decision';

/** Who hears of a handoff nobody accepted in time: the SOC and its managers. */
const ESCALATION_ROLES = ['soc_analyst', 'manager'] as const;

/**
 * Handoffs still `requested` whose acceptance OLA clock has breached move to `escalated` (DESIGN §2.3):
 * the scheduler raises OLA_BREACHED through the outage's command path and notifies every active SOC
 * analyst and manager. Runs after the clock sweep, which records the breach itself. Exactly once: the
 * handoff machine leaves `requested` once, under the outage's lock; a worker that lost the race is
 * refused by the machine and moves on.
 */
export async function sweepHandoffEscalations(db: Database, now: Date, batchSize = 100) {
  const due = await db
    .select({ id: handoffs.id })
    .from(handoffs)
    .innerJoin(
      slaClocks,
      and(
        eq(slaClocks.ticketId, handoffs.outageId),
        eq(slaClocks.metric, 'handoff_acceptance'),
        eq(slaClocks.subjectKey, sql`${handoffs.id}::text`),
      ),
    )
    .where(and(eq(handoffs.status, 'requested'), eq(slaClocks.state, 'breached')))
    .limit(batchSize);
  const ctx: ServiceContext = { db, actor: SCHEDULER_ACTOR, now: () => now };
  let escalated = 0;
  for (const { id } of due) {
    try {
      await changeTicket(ctx, {
        ticketId: await outageOf(db, ctx.actor, id),
        authorize: () => {},
        load: (tx, outage) => lockHandoff(tx, id, outage),
        decide: (outage, _now, { loaded }) => {
          const { handoff, next } = stepHandoff(loaded, { type: 'OLA_BREACHED' });
          const note = {
            ticket: outage,
            to: { roles: ESCALATION_ROLES },
            dedupKey: `handoff:${handoff.id}:escalated`,
            kind: 'handoff.escalated',
            title: `${formatTicketNumber(outage.kind, outage.number)}: handoff to the SOC not accepted in time`,
            body: handoff.hypothesis.slice(0, 500),
          };
          return { events: [], side: { handoffId: handoff.id, update: next, note }, result: {} };
        },
        // The event records who was told, which the note's write answers.
        apply: async (tx, { side }, _outage, at) => {
          await updateHandoff(tx, side.handoffId, side.update);
          const outcome = await notifyAboutTicket(tx, side.note, at);
          // … and by e-mail, through the subscribers' outbox (notifications/internal/enqueue-mail.ts).
          await enqueueTicketMail(
            tx,
            outcome.notified.map((userId) => ({
              userId,
              ticket: side.note.ticket,
              eventKey: side.note.dedupKey,
              payload: {
                kind: 'handoff.escalated' as const,
                ticketKind: 'outage' as const,
                ticketNumber: formatTicketNumber(side.note.ticket.kind, side.note.ticket.number),
              },
            })),
            at,
          );
          const payload = {
            handoffId: side.handoffId,
            notified: outcome.notified.length,
            ...skippedPayload(outcome.skipped),
          };
          return { events: [{ type: 'handoff.escalated', payload }] };
        },
      });
      escalated += 1;
    } catch (error) {
      // Another worker escalated (or the SOC accepted) it first: nothing left to do here.
      if (!(error instanceof ServiceError && error.code === 'PRECONDITION_FAILED')) throw error;
    }
  }
  return { handoffs: due.length, escalated };
}
