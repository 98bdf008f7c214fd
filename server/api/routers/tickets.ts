import { createTicket } from '../../services/tickets/create';
import { getTicket } from '../../services/tickets/get';
import { listTickets } from '../../services/tickets/list';
import { createTicketInput, listTicketsInput, ticketRef } from '../../services/tickets/schemas';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

export const ticketsRouter = router({
  create: anyUserWriteProcedure
    .input(createTicketInput)
    .mutation(({ ctx, input }) => createTicket(ctx.service, input)),
  get: protectedProcedure.input(ticketRef).query(({ ctx, input }) => getTicket(ctx.service, input)),
  list: protectedProcedure.input(listTicketsInput).query(({ ctx, input }) => listTickets(ctx.service, input)),
});
