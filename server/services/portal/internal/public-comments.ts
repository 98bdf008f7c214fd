import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import { ticketEvents, users } from '../../../../db/schema';
import { isPublicComment } from './public-facts';

/** What the operator's people sign as in the portal: customers never learn staff names or e-mails. */
export const SUPPORT_AUTHOR = 'Support';

export interface PublicComment {
  at: Date;
  /** The customer's own people by name; everyone else (staff, the system) as "Support". */
  author: string;
  fromSupport: boolean;
  body: string;
}

const commentColumns = {
  ticketId: ticketEvents.ticketId,
  at: ticketEvents.occurredAt,
  body: sql<string>`${ticketEvents.payload}->>'body'`,
  authorName: users.name,
  authorRole: users.role,
  authorOrganisationId: users.organisationId,
};

type CommentRow = {
  at: Date;
  body: string;
  authorName: string | null;
  authorRole: string | null;
  authorOrganisationId: string | null;
};

function toPublicComment(row: CommentRow, organisationId: string): PublicComment {
  const customer = row.authorRole === 'customer' && row.authorOrganisationId === organisationId;
  return {
    at: row.at,
    author: customer && row.authorName ? row.authorName : SUPPORT_AUTHOR,
    fromSupport: !customer,
    body: row.body,
  };
}

/** The public comments of one outage of `organisationId`, oldest first. */
export async function publicCommentsOf(
  db: Reader,
  ticketId: string,
  organisationId: string,
): Promise<PublicComment[]> {
  const rows = await db
    .select(commentColumns)
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(and(eq(ticketEvents.ticketId, ticketId), isPublicComment))
    .orderBy(asc(ticketEvents.seq));
  return rows.map((row) => toPublicComment(row, organisationId));
}

/** Each ticket's latest public comment by support (not the customer's own words), keyed by ticket. */
export async function latestSupportComments(
  db: Reader,
  ticketIds: readonly string[],
  organisationId: string,
): Promise<Map<string, PublicComment>> {
  const latest = new Map<string, PublicComment>();
  if (ticketIds.length === 0) return latest;
  const rows = await db
    .selectDistinctOn([ticketEvents.ticketId], commentColumns)
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(
      and(
        inArray(ticketEvents.ticketId, [...ticketIds]),
        isPublicComment,
        or(sql`${users.id} is null`, sql`${users.role} <> 'customer'`),
      ),
    )
    .orderBy(ticketEvents.ticketId, desc(ticketEvents.seq));
  for (const row of rows) latest.set(row.ticketId, toPublicComment(row, organisationId));
  return latest;
}
