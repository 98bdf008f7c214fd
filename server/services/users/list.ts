import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { organisations, users } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { assertUserReader } from './internal/authorize';
import { USER_ROW_FIELDS, type UserRow, userRowOf } from './internal/user-row';
import { type ListUsersInput, listUsersInput } from './schemas';

/** users.list (admins and managers): every account with its organisation, optionally by role and by active state. */
export async function listUsers(ctx: ServiceContext, rawInput: ListUsersInput = {}): Promise<UserRow[]> {
  assertUserReader(ctx.actor);
  const input = parseInput(listUsersInput, rawInput);
  const where: SQL[] = [];
  if (input.role) where.push(eq(users.role, input.role));
  if (input.active !== undefined) where.push(eq(users.active, input.active));
  const rows = await ctx.db
    .select(USER_ROW_FIELDS)
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(...where))
    .orderBy(desc(organisations.kind), asc(users.name), asc(users.email));
  return rows.map(userRowOf);
}
