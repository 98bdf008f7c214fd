import { listOrganisationsWithServices } from '../../services/directory/list-customers';
import { protectedProcedure, router } from '../trpc';

export const directoryRouter = router({
  organisations: protectedProcedure.query(({ ctx }) => listOrganisationsWithServices(ctx.service)),
});
