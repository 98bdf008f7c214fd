import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { handoffs, slaClocks } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { ServiceError } from '../kernel/errors';
import { notifyAboutTicket, skippedPayload } from '../notifications/internal/notify';
import { SCHEDULER_ACTOR } from '../sla/sweep-clocks';
import { lockHandoff, outageOf } from './internal/decision';

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
        apply: async (tx, outage, at) => {
          const { handoff, next } = await lockHandoff(tx, id, outage, { type: 'OLA_BREACHED' });
          await tx
            .update(handoffs)
            .set({ status: next.status, machine: next.machine })
            .where(eq(handoffs.id, handoff.id));
          const outcome = await notifyAboutTicket(
            tx,
            {
              ticket: outage,
              to: { roles: ESCALATION_ROLES },
              dedupKey: `handoff:${handoff.id}:escalated`,
              kind: 'handoff.escalated',
              title: `${formatTicketNumber(outage.kind, outage.number)}: handoff to the SOC not accepted in time`,
              body: handoff.hypothesis.slice(0, 500),
            },
            at,
          );
          return {
            events: [
              {
                type: 'handoff.escalated',
                payload: {
                  handoffId: handoff.id,
                  notified: outcome.notified.length,
                  ...skippedPayload(outcome.skipped),
                },
              },
            ],
            result: {},
          };
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
