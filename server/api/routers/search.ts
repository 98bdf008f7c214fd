import { searchTicketsInput } from '../../services/search/schemas';
import { searchTickets } from '../../services/search/search-tickets';
import { protectedProcedure, router } from '../trpc';

export const searchRouter = router({
  tickets: protectedProcedure
    .input(searchTicketsInput)
    .query(({ ctx, input }) => searchTickets(ctx.service, input)),
});
