import { slaMonthReport } from '../../services/status/monthly-report';
import { slaMonthInput } from '../../services/status/report-schemas';
import { protectedProcedure, router } from '../trpc';

// Thin: parse input, call one service. The service authorises (customers: their own organisation only).
export const slaReportsRouter = router({
  month: protectedProcedure
    .input(slaMonthInput)
    .query(({ ctx, input }) => slaMonthReport(ctx.service, input)),
});
