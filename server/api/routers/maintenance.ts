import { cancelMaintenance } from '../../services/status/maintenance/cancel';
import { completeMaintenance } from '../../services/status/maintenance/complete';
import { listMaintenances } from '../../services/status/maintenance/list';
import { scheduleMaintenance } from '../../services/status/maintenance/schedule';
import { startMaintenance } from '../../services/status/maintenance/start';
import {
  listMaintenancesInput,
  maintenanceTransitionInput,
  scheduleMaintenanceInput,
} from '../../services/status/schemas';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

// Thin: parse input, call one service. Services authorise (NOC engineers, managers and admins).
export const maintenanceRouter = router({
  list: protectedProcedure
    .input(listMaintenancesInput.optional())
    .query(({ ctx, input }) => listMaintenances(ctx.service, input)),
  schedule: anyUserWriteProcedure
    .input(scheduleMaintenanceInput)
    .mutation(({ ctx, input }) => scheduleMaintenance(ctx.service, input)),
  start: anyUserWriteProcedure
    .input(maintenanceTransitionInput)
    .mutation(({ ctx, input }) => startMaintenance(ctx.service, input)),
  complete: anyUserWriteProcedure
    .input(maintenanceTransitionInput)
    .mutation(({ ctx, input }) => completeMaintenance(ctx.service, input)),
  cancel: anyUserWriteProcedure
    .input(maintenanceTransitionInput)
    .mutation(({ ctx, input }) => cancelMaintenance(ctx.service, input)),
});
