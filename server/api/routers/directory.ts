import { listOrganisationsWithServices } from '../../services/directory/list-customers';
import { listStaff } from '../../services/directory/list-staff';
import { protectedProcedure, router } from '../trpc';

export const directoryRouter = router({
  organisations: protectedProcedure.query(({ ctx }) => listOrganisationsWithServices(ctx.service)),
  staff: protectedProcedure.query(({ ctx }) => listStaff(ctx.service)),
});
