import { evidenceHolds } from '../../services/correlation/evidence-holds';
import { ticketIdInput } from '../../services/tickets/schemas';
import { protectedProcedure, router } from '../trpc';

/** Cross-team correlation (issue #14): what the outage page reads to warn before remediation. */
export const correlationRouter = router({
  evidenceHolds: protectedProcedure
    .input(ticketIdInput)
    .query(({ ctx, input }) => evidenceHolds(ctx.service, input)),
});
