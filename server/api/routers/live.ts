import { liveChangesInput } from '../../realtime/schemas';
import { liveTicketChanges } from '../../realtime/ticket-changes';
import { trackedStream } from '../streams';
import { protectedProcedure, router } from '../trpc';

export const liveRouter = router({
  /** Server-sent events (httpSubscriptionLink): the tickets that change, as this person may hear of them. */
  ticketChanges: protectedProcedure
    .input(liveChangesInput)
    .subscription(({ ctx, input, signal }) => trackedStream(liveTicketChanges(ctx.service, input, signal))),
});
