import { eq } from 'drizzle-orm';
import { organisations, users } from '../../../db/schema';
import { HasherBusyError } from '../../auth/hash-pool';
import { hashPassword } from '../../auth/password';
import { passwordProblems } from '../../auth/password-policy';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { conflictOnRace } from '../kernel/db-errors';
import { badRequest, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertUserAdmin } from './internal/authorize';
import { type CreateUserInput, createUserInput } from './schemas';

const EMAIL_TAKEN = 'An account with this email already exists';

/**
 * users.create (admins): a new account with an initial password the admin hands over (under the password
 * policy; there is no e-mailed invitation). Customers belong to a customer organisation, staff to the
 * operator. The password is hashed and never stored, logged or audited in the clear.
 */
export async function createUser(ctx: ServiceContext, rawInput: CreateUserInput): Promise<{ id: string }> {
  const actor = ctx.actor;
  assertUserAdmin(actor);
  const input = parseInput(createUserInput, rawInput);
  const [organisation] = await ctx.db
    .select({ id: organisations.id, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, input.organisationId));
  if (!organisation) throw badRequest('Invalid input', { organisationId: ['No such organisation'] });
  if ((input.role === 'customer') !== (organisation.kind === 'customer'))
    throw badRequest('Invalid input', {
      organisationId: [
        input.role === 'customer'
          ? 'A customer belongs to a customer organisation'
          : 'Staff belong to the operator organisation',
      ],
    });
  const problems = passwordProblems(input.password, { email: input.email });
  if (problems.length) throw badRequest('Invalid input', { password: problems });
  if (await emailTaken(ctx, input.email))
    throw new ServiceError('CONFLICT', EMAIL_TAKEN, { email: [EMAIL_TAKEN] });

  const passwordHash = await hashPassword(input.password).catch((error: unknown) => {
    throw error instanceof HasherBusyError
      ? new ServiceError('TOO_MANY_REQUESTS', 'The server is busy; try again in a few seconds')
      : error;
  });
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          name: input.name,
          email: input.email,
          role: input.role,
          organisationId: organisation.id,
          passwordHash,
          createdAt: ctx.now(),
        })
        .returning({ id: users.id });
      const id = row!.id;
      await recordAudit(tx, actor, ctx.now(), [
        {
          type: 'user.created',
          subject: `user:${id}`,
          payload: {
            email: input.email,
            name: input.name,
            role: input.role,
            organisationId: organisation.id,
          },
        },
      ]);
      return { id };
    });
  } catch (error) {
    // Someone created the same email since the check above: the unique index decided.
    if (await emailTaken(ctx, input.email))
      throw new ServiceError('CONFLICT', EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
    return conflictOnRace(error);
  }
}

async function emailTaken(ctx: ServiceContext, email: string): Promise<boolean> {
  const [row] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  return !!row;
}
