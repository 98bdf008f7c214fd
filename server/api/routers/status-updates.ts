import { listStatusUpdates } from '../../services/status/list-updates';
import { publishStatusUpdate } from '../../services/status/publish-update';
import { listUpdatesInput, publishUpdateInput } from '../../services/status/schemas';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

// Thin: parse input, call one service. Services authorise (publishing needs outage work rights).
export const statusUpdatesRouter = router({
  list: protectedProcedure
    .input(listUpdatesInput)
    .query(({ ctx, input }) => listStatusUpdates(ctx.service, input)),
  publish: anyUserWriteProcedure
    .input(publishUpdateInput)
    .mutation(({ ctx, input }) => publishStatusUpdate(ctx.service, input)),
});
