import { desc, eq } from 'drizzle-orm';
import { auditLog, organisations, users } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertUserReader } from './internal/authorize';
import { USER_ROW_FIELDS, type UserRow, userRowOf } from './internal/user-row';
import { type UserRefInput, userRefInput } from './schemas';

/** How many of an account's latest audit entries its page shows. */
const HISTORY_LENGTH = 50;

export interface UserDetail extends UserRow {
  /** The account's audit entries (created, role changes, deactivations…), newest first. */
  history: {
    id: number;
    type: string;
    actorLabel: string;
    payload: Record<string, unknown>;
    occurredAt: Date;
  }[];
}

/** users.get (admins and managers): one account, with its organisation and its audit history. */
export async function getUser(ctx: ServiceContext, rawInput: UserRefInput): Promise<UserDetail> {
  assertUserReader(ctx.actor);
  const input = parseInput(userRefInput, rawInput);
  const [row] = await ctx.db
    .select(USER_ROW_FIELDS)
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, input.userId));
  if (!row) throw notFound('User');
  const history = await ctx.db
    .select({
      id: auditLog.id,
      type: auditLog.type,
      actorLabel: auditLog.actorLabel,
      payload: auditLog.payload,
      occurredAt: auditLog.occurredAt,
    })
    .from(auditLog)
    .where(eq(auditLog.subject, `user:${row.id}`))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(HISTORY_LENGTH);
  return { ...userRowOf(row), history };
}
