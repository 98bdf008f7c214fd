import { formatTicketNumber } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { parseInput } from '../kernel/parse';
import { notifyForEvent } from '../notifications/internal/notify';
import { decideOnHandoff, decisionOn, updateHandoff } from './internal/decision';
import { type DeclineHandoffInput, declineHandoffInput } from './schemas';

/**
 * handoffs.decline: the SOC returns the outage to the NOC with a reason, which lands on the outage's
 * timeline and in the requester's notifications. The outage's security region goes back to `none`, so
 * the NOC may hand it off again with more to go on.
 */
export async function declineHandoff(ctx: ServiceContext, rawInput: DeclineHandoffInput) {
  const input = parseInput(declineHandoffInput, rawInput);
  return changeTicket(ctx, {
    ...(await decisionOn(ctx, input.handoffId)),
    decide: (outage, now, context) => {
      const { handoff, update, ...outageChange } = decideOnHandoff(ctx.actor, outage, now, context, {
        type: 'DECLINE',
        reason: input.reason,
      });
      const note = {
        ticket: outage,
        to: { users: [handoff.requestedById] },
        dedupKey: `handoff:${handoff.id}:declined`,
        kind: 'handoff.declined',
        title: `${formatTicketNumber(outage.kind, outage.number)}: the SOC declined the handoff`,
        body: input.reason,
      };
      return {
        ...outageChange,
        side: { handoffId: handoff.id, update: { ...update, declineReason: input.reason }, note },
        result: { handoffId: handoff.id, status: update.status },
      };
    },
    apply: async (tx, { side }, _outage, now) => {
      await updateHandoff(tx, side.handoffId, side.update);
      // The declined event says who was not told (the requester may be gone): known once the note is written.
      const skipped = await notifyForEvent(tx, side.note, now);
      const payload = { handoffId: side.handoffId, reason: input.reason, ...skipped };
      return { events: [{ type: 'handoff.declined', payload }] };
    },
  });
}
