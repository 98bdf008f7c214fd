import { breachesReport } from '../../services/reports/breaches';
import { handoffAcceptanceReport } from '../../services/reports/handoff-acceptance';
import { mttaMttrReport } from '../../services/reports/mtta-mttr';
import { reportFilterInput } from '../../services/reports/schemas';
import { slaMetReport } from '../../services/reports/sla-met';
import { protectedProcedure, router } from '../trpc';

export const reportsRouter = router({
  mttaMttr: protectedProcedure
    .input(reportFilterInput)
    .query(({ ctx, input }) => mttaMttrReport(ctx.service, input)),
  slaMet: protectedProcedure
    .input(reportFilterInput)
    .query(({ ctx, input }) => slaMetReport(ctx.service, input)),
  breaches: protectedProcedure
    .input(reportFilterInput)
    .query(({ ctx, input }) => breachesReport(ctx.service, input)),
  handoffs: protectedProcedure
    .input(reportFilterInput)
    .query(({ ctx, input }) => handoffAcceptanceReport(ctx.service, input)),
});
