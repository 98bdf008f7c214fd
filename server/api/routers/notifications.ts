import { listNotifications } from '../../services/notifications/list';
import { markNotificationsRead } from '../../services/notifications/mark-read';
import { listNotificationsInput, markReadInput } from '../../services/notifications/schemas';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

export const notificationsRouter = router({
  list: protectedProcedure
    .input(listNotificationsInput)
    .query(({ ctx, input }) => listNotifications(ctx.service, input)),
  markRead: anyUserWriteProcedure
    .input(markReadInput)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.service, input)),
});
