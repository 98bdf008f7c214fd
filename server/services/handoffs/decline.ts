import { eq } from 'drizzle-orm';
import { handoffs } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { parseInput } from '../kernel/parse';
import { notifyAboutTicket, skippedPayload } from '../notifications/internal/notify';
import { stopSubjectClock } from '../sla/internal/subject-clocks';
import { decideLifecycleEvent } from '../tickets/transition';
import { assertMayDecide, lockHandoff, outageOf } from './internal/decision';
import { type DeclineHandoffInput, declineHandoffInput } from './schemas';

/**
 * handoffs.decline: the SOC returns the outage to the NOC with a reason, which lands on the outage's
 * timeline and in the requester's notifications. The outage's security region goes back to `none`, so
 * the NOC may hand it off again with more to go on.
 */
export async function declineHandoff(ctx: ServiceContext, rawInput: DeclineHandoffInput) {
  const input = parseInput(declineHandoffInput, rawInput);
  return changeTicket(ctx, {
    ticketId: await outageOf(ctx.db, ctx.actor, input.handoffId),
    authorize: () => assertMayDecide(ctx.actor),
    prefetch: { sla: true },
    apply: async (tx, outage, now, prefetched) => {
      const { handoff, next } = await lockHandoff(tx, input.handoffId, outage, {
        type: 'DECLINE',
        reason: input.reason,
      });
      const lifecycle = decideLifecycleEvent(
        ctx.actor,
        outage,
        now,
        { type: 'HANDOFF_DECLINED' },
        prefetched,
      );
      await tx
        .update(handoffs)
        .set({
          status: next.status,
          machine: next.machine,
          declineReason: input.reason,
          decidedById: ctx.actor.type === 'user' ? ctx.actor.id : null,
          decidedAt: now,
        })
        .where(eq(handoffs.id, handoff.id));
      const clockEvents = await stopSubjectClock(tx, outage.id, 'handoff_acceptance', handoff.id, now);
      const notified = await notifyAboutTicket(
        tx,
        {
          ticket: outage,
          to: { users: [handoff.requestedById] },
          dedupKey: `handoff:${handoff.id}:declined`,
          kind: 'handoff.declined',
          title: `${formatTicketNumber(outage.kind, outage.number)}: the SOC declined the handoff`,
          body: input.reason,
        },
        now,
      );
      return {
        set: lifecycle.set,
        effects: lifecycle.effects,
        events: [
          ...lifecycle.events,
          {
            type: 'handoff.declined',
            payload: { handoffId: handoff.id, reason: input.reason, ...skippedPayload(notified.skipped) },
          },
          ...clockEvents,
        ],
        result: { handoffId: handoff.id, status: next.status },
      };
    },
  });
}
