import { completeNocActionInput, requestNocActionInput } from '../../services/handoffs/schemas';
import { completeNocAction } from '../../services/noc-actions/complete';
import { listNocActions } from '../../services/noc-actions/list';
import { requestNocAction } from '../../services/noc-actions/request';
import { ticketIdInput } from '../../services/tickets/schemas';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

export const nocActionsRouter = router({
  request: anyUserWriteProcedure
    .input(requestNocActionInput)
    .mutation(({ ctx, input }) => requestNocAction(ctx.service, input)),
  complete: anyUserWriteProcedure
    .input(completeNocActionInput)
    .mutation(({ ctx, input }) => completeNocAction(ctx.service, input)),
  list: protectedProcedure.input(ticketIdInput).query(({ ctx, input }) => listNocActions(ctx.service, input)),
});
