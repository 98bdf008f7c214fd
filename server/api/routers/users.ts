import { changeOwnPassword } from '../../services/users/change-password';
import { changeUserRole } from '../../services/users/change-role';
import { deactivateUser } from '../../services/users/deactivate';
import { changePasswordInput, changeRoleInput, userRefInput } from '../../services/users/schemas';
import { signOutEverywhere } from '../../services/users/sign-out-everywhere';
import { adminProcedure, anyUserWriteProcedure, router } from '../trpc';

export const usersRouter = router({
  signOutEverywhere: anyUserWriteProcedure.mutation(({ ctx }) => signOutEverywhere(ctx.service)),
  changePassword: anyUserWriteProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.service, input)),
  deactivate: adminProcedure
    .input(userRefInput)
    .mutation(({ ctx, input }) => deactivateUser(ctx.service, input)),
  changeRole: adminProcedure
    .input(changeRoleInput)
    .mutation(({ ctx, input }) => changeUserRole(ctx.service, input)),
});
