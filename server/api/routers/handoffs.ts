import { acceptHandoff } from '../../services/handoffs/accept';
import { clearOutage } from '../../services/handoffs/clear';
import { declineHandoff } from '../../services/handoffs/decline';
import { listHandoffs } from '../../services/handoffs/list';
import { requestHandoff } from '../../services/handoffs/request';
import {
  acceptHandoffInput,
  clearOutageInput,
  declineHandoffInput,
  listHandoffsInput,
  requestHandoffInput,
  setPreserveHoldInput,
} from '../../services/handoffs/schemas';
import { setPreserveHold } from '../../services/handoffs/set-preserve-hold';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

export const handoffsRouter = router({
  request: anyUserWriteProcedure
    .input(requestHandoffInput)
    .mutation(({ ctx, input }) => requestHandoff(ctx.service, input)),
  accept: anyUserWriteProcedure
    .input(acceptHandoffInput)
    .mutation(({ ctx, input }) => acceptHandoff(ctx.service, input)),
  decline: anyUserWriteProcedure
    .input(declineHandoffInput)
    .mutation(({ ctx, input }) => declineHandoff(ctx.service, input)),
  setPreserveHold: anyUserWriteProcedure
    .input(setPreserveHoldInput)
    .mutation(({ ctx, input }) => setPreserveHold(ctx.service, input)),
  clear: anyUserWriteProcedure
    .input(clearOutageInput)
    .mutation(({ ctx, input }) => clearOutage(ctx.service, input)),
  list: protectedProcedure
    .input(listHandoffsInput)
    .query(({ ctx, input }) => listHandoffs(ctx.service, input)),
});
