import { commentFromPortal } from '../../services/portal/comment';
import { getPortalOrganisation } from '../../services/portal/get-organisation';
import { getPortalTicket } from '../../services/portal/get-ticket';
import { listPortalTickets } from '../../services/portal/list-tickets';
import { listPortalTicketsInput, portalCommentInput, portalTicketInput } from '../../services/portal/schemas';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

// Thin: parse input, call one service. Services confine every read to the caller's own organisation's
// public facts (NOT_FOUND otherwise). Reporting an issue is tickets.create, which makes it a portal ticket.
export const portalRouter = router({
  organisation: protectedProcedure.query(({ ctx }) => getPortalOrganisation(ctx.service)),
  tickets: protectedProcedure
    .input(listPortalTicketsInput)
    .query(({ ctx, input }) => listPortalTickets(ctx.service, input)),
  ticket: protectedProcedure
    .input(portalTicketInput)
    .query(({ ctx, input }) => getPortalTicket(ctx.service, input)),
  comment: anyUserWriteProcedure
    .input(portalCommentInput)
    .mutation(({ ctx, input }) => commentFromPortal(ctx.service, input)),
});
