import { listCustomerAccounts } from '../../services/directory/list-customer-accounts';
import { listOrganisationsWithServices } from '../../services/directory/list-customers';
import { listStaff } from '../../services/directory/list-staff';
import { restoreService } from '../../services/directory/restore-service';
import { retireService } from '../../services/directory/retire-service';
import { saveCustomer } from '../../services/directory/save-customer';
import { saveService } from '../../services/directory/save-service';
import { customerInput, serviceInput, serviceRefInput } from '../../services/directory/schemas';
import { adminProcedure, protectedProcedure, router } from '../trpc';

export const directoryRouter = router({
  organisations: protectedProcedure.query(({ ctx }) => listOrganisationsWithServices(ctx.service)),
  staff: protectedProcedure.query(({ ctx }) => listStaff(ctx.service)),
  customers: protectedProcedure.query(({ ctx }) => listCustomerAccounts(ctx.service)),
  saveCustomer: adminProcedure
    .input(customerInput)
    .mutation(({ ctx, input }) => saveCustomer(ctx.service, input)),
  saveService: adminProcedure
    .input(serviceInput)
    .mutation(({ ctx, input }) => saveService(ctx.service, input)),
  retireService: adminProcedure
    .input(serviceRefInput)
    .mutation(({ ctx, input }) => retireService(ctx.service, input)),
  restoreService: adminProcedure
    .input(serviceRefInput)
    .mutation(({ ctx, input }) => restoreService(ctx.service, input)),
});
