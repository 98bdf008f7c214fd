// Zod schemas for account administration, shared by the tRPC router and the services.
import { z } from 'zod';
import { ROLES } from '../../../workflows/tickets/constants';
import { PASSWORD_MAX_LENGTH } from '../../auth/password-limits';
import { lineText } from '../kernel/schema-parts';

export const userRefInput = z.object({ userId: z.uuid() });
export type UserRefInput = z.input<typeof userRefInput>;

export const changeRoleInput = z.object({ userId: z.uuid(), role: z.enum(ROLES) });
export type ChangeRoleInput = z.input<typeof changeRoleInput>;

// The policy itself (length, common passwords, email) needs the account, so the service applies it.
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(PASSWORD_MAX_LENGTH),
  newPassword: z
    .string()
    .min(1, 'Choose a new password')
    .max(PASSWORD_MAX_LENGTH * 4),
});
export type ChangePasswordInput = z.input<typeof changePasswordInput>;

/** The admin's user list: everyone, or by role and by active / deactivated. */
export const listUsersInput = z
  .object({
    role: z.enum(ROLES).optional(),
    active: z.boolean().optional(),
  })
  .default({});
export type ListUsersInput = z.input<typeof listUsersInput>;

// The organisation decides which roles fit (customers in a customer organisation, staff in the operator),
// and the password policy needs the email: the service checks both.
export const createUserInput = z.object({
  name: lineText().min(1, 'Enter the person’s name').max(200),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'An email address has at most 254 characters')
    .pipe(z.email('Enter an email address')),
  role: z.enum(ROLES, 'Choose a role'),
  organisationId: z.uuid('Choose an organisation'),
  /** The initial password, under the password policy; the person changes it after signing in. */
  password: z
    .string()
    .min(1, 'Choose an initial password')
    .max(PASSWORD_MAX_LENGTH * 4),
});
export type CreateUserInput = z.input<typeof createUserInput>;
