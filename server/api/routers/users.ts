import { changeOwnPassword } from '../../services/users/change-password';
import { changeUserRole } from '../../services/users/change-role';
import { createUser } from '../../services/users/create';
import { deactivateUser } from '../../services/users/deactivate';
import { getUser } from '../../services/users/get';
import { listUsers } from '../../services/users/list';
import { reactivateUser } from '../../services/users/reactivate';
import {
  changePasswordInput,
  changeRoleInput,
  createUserInput,
  listUsersInput,
  userRefInput,
} from '../../services/users/schemas';
import { signOutEverywhere } from '../../services/users/sign-out-everywhere';
import { adminProcedure, anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

export const usersRouter = router({
  signOutEverywhere: anyUserWriteProcedure.mutation(({ ctx }) => signOutEverywhere(ctx.service)),
  changePassword: anyUserWriteProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.service, input)),
  list: protectedProcedure.input(listUsersInput).query(({ ctx, input }) => listUsers(ctx.service, input)),
  get: protectedProcedure.input(userRefInput).query(({ ctx, input }) => getUser(ctx.service, input)),
  create: adminProcedure.input(createUserInput).mutation(({ ctx, input }) => createUser(ctx.service, input)),
  deactivate: adminProcedure
    .input(userRefInput)
    .mutation(({ ctx, input }) => deactivateUser(ctx.service, input)),
  reactivate: adminProcedure
    .input(userRefInput)
    .mutation(({ ctx, input }) => reactivateUser(ctx.service, input)),
  changeRole: adminProcedure
    .input(changeRoleInput)
    .mutation(({ ctx, input }) => changeUserRole(ctx.service, input)),
});
