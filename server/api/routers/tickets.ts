import { allowedActions } from '../../services/tickets/allowed-actions';
import { assignTicket } from '../../services/tickets/assign';
import { commentOnTicket } from '../../services/tickets/comment';
import { countTickets } from '../../services/tickets/count';
import { createTicket } from '../../services/tickets/create';
import { getTicket } from '../../services/tickets/get';
import { linkTickets } from '../../services/tickets/link';
import { listTickets } from '../../services/tickets/list';
import { listTicketLinks } from '../../services/tickets/list-links';
import {
  assignInput,
  commentInput,
  countTicketsInput,
  createTicketInput,
  linkInput,
  listTicketsInput,
  setPriorityInput,
  ticketIdInput,
  ticketRef,
  transitionInput,
} from '../../services/tickets/schemas';
import { setTicketPriority } from '../../services/tickets/set-priority';
import { ticketTimeline } from '../../services/tickets/timeline';
import { transitionTicket } from '../../services/tickets/transition';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

// Thin: parse input, call one service. Services authorise; ServiceError → TRPCError happens in trpc.ts.
export const ticketsRouter = router({
  create: anyUserWriteProcedure
    .input(createTicketInput)
    .mutation(({ ctx, input }) => createTicket(ctx.service, input)),
  get: protectedProcedure.input(ticketRef).query(({ ctx, input }) => getTicket(ctx.service, input)),
  list: protectedProcedure.input(listTicketsInput).query(({ ctx, input }) => listTickets(ctx.service, input)),
  count: protectedProcedure
    .input(countTicketsInput)
    .query(({ ctx, input }) => countTickets(ctx.service, input)),
  transition: anyUserWriteProcedure
    .input(transitionInput)
    .mutation(({ ctx, input }) => transitionTicket(ctx.service, input)),
  assign: anyUserWriteProcedure
    .input(assignInput)
    .mutation(({ ctx, input }) => assignTicket(ctx.service, input)),
  comment: anyUserWriteProcedure
    .input(commentInput)
    .mutation(({ ctx, input }) => commentOnTicket(ctx.service, input)),
  setPriority: anyUserWriteProcedure
    .input(setPriorityInput)
    .mutation(({ ctx, input }) => setTicketPriority(ctx.service, input)),
  link: anyUserWriteProcedure.input(linkInput).mutation(({ ctx, input }) => linkTickets(ctx.service, input)),
  allowedActions: protectedProcedure
    .input(ticketIdInput)
    .query(({ ctx, input }) => allowedActions(ctx.service, input)),
  timeline: protectedProcedure
    .input(ticketIdInput)
    .query(({ ctx, input }) => ticketTimeline(ctx.service, input)),
  links: protectedProcedure
    .input(ticketIdInput)
    .query(({ ctx, input }) => listTicketLinks(ctx.service, input)),
});
