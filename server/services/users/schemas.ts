// Zod schemas for account administration, shared by the tRPC router and the services.
import { z } from 'zod';
import { ROLES } from '../../../workflows/tickets/constants';
import { PASSWORD_MAX_LENGTH } from '../../auth/password-policy';

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
