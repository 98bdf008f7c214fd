import { askForNocAction } from '../../services/correlation/ask-for-noc-action';
import { evidenceHolds } from '../../services/correlation/evidence-holds';
import { askForNocActionInput } from '../../services/correlation/schemas';
import { ticketIdInput } from '../../services/tickets/schemas';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

/** Cross-team correlation (issue #14): what the outage page reads to warn before remediation. */
export const correlationRouter = router({
  evidenceHolds: protectedProcedure
    .input(ticketIdInput)
    .query(({ ctx, input }) => evidenceHolds(ctx.service, input)),
  askForNocAction: anyUserWriteProcedure
    .input(askForNocActionInput)
    .mutation(({ ctx, input }) => askForNocAction(ctx.service, input)),
});
