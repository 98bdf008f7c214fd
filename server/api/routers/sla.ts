import { listCalendars } from '../../services/sla/list-calendars';
import { listPolicies } from '../../services/sla/list-policies';
import { slaMetrics } from '../../services/sla/metrics';
import { recalculateTicketClocks } from '../../services/sla/recalculate';
import { saveCalendar } from '../../services/sla/save-calendar';
import { savePolicy } from '../../services/sla/save-policy';
import { calendarInput, metricsInput, policyInput, recalculateInput } from '../../services/sla/schemas';
import { protectedProcedure, roleProcedure, router } from '../trpc';

const adminProcedure = roleProcedure(['admin']);

export const slaRouter = router({
  calendars: protectedProcedure.query(({ ctx }) => listCalendars(ctx.service)),
  saveCalendar: adminProcedure
    .input(calendarInput)
    .mutation(({ ctx, input }) => saveCalendar(ctx.service, input)),
  policies: protectedProcedure.query(({ ctx }) => listPolicies(ctx.service)),
  savePolicy: adminProcedure.input(policyInput).mutation(({ ctx, input }) => savePolicy(ctx.service, input)),
  metrics: protectedProcedure.input(metricsInput).query(({ ctx, input }) => slaMetrics(ctx.service, input)),
  recalculate: adminProcedure
    .input(recalculateInput)
    .mutation(({ ctx, input }) => recalculateTicketClocks(ctx.service, input)),
});
