import { slaMetrics } from '../../services/sla/metrics';
import { recalculateTicketClocks } from '../../services/sla/recalculate';
import { metricsInput, recalculateInput } from '../../services/sla/schemas';
import { listCalendars } from '../../services/sla-policies/list-calendars';
import { listPolicies } from '../../services/sla-policies/list-policies';
import { saveCalendar } from '../../services/sla-policies/save-calendar';
import { savePolicy } from '../../services/sla-policies/save-policy';
import { calendarInput, policyInput } from '../../services/sla-policies/schemas';
import { adminProcedure, protectedProcedure, router } from '../trpc';

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
