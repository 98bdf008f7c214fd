import { and, desc, eq, isNotNull, type SQL } from 'drizzle-orm';
import { organisations, tickets } from '../../../db/schema';
import type { NoticeAudience } from '../../../workflows/status/constants';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { roleHas } from '../../auth/permissions';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { type ListNoticesInput, listNoticesInput } from './schemas';

export interface NoticeView {
  /** The incident's number, for those who may see the incident itself (SOC, managers, admins, system). */
  number?: string;
  title: string;
  body: string;
  publishedAt: Date;
  audience: NoticeAudience;
  organisation: { id: string; slug: string; name: string };
}

/**
 * security.notices: published customer notices, newest first. A customer (or an integration) gets its own
 * organisation's only, whatever it asks for, and nothing of the incident behind a notice; staff get any
 * organisation's, with the incident number when their role may read security incidents.
 */
export async function listNotices(
  ctx: ServiceContext,
  rawInput: ListNoticesInput = {},
): Promise<NoticeView[]> {
  const input = parseInput(listNoticesInput, rawInput);
  const { actor } = ctx;
  const confined = actor.type === 'integration' || (actor.type === 'user' && actor.role === 'customer');
  const organisationId = confined ? actor.organisationId : input.organisationId;
  const showsNumber =
    actor.type === 'system' || (actor.type === 'user' && roleHas(actor.role, 'security.read'));
  const conditions: (SQL | undefined)[] = [
    eq(tickets.kind, 'security'),
    isNotNull(tickets.noticePublishedAt),
    organisationId ? eq(tickets.organisationId, organisationId) : undefined,
    input.audience ? eq(tickets.noticeAudience, input.audience) : undefined,
  ];
  const rows = await ctx.db
    .select({
      number: tickets.number,
      title: tickets.noticeTitle,
      body: tickets.noticeBody,
      publishedAt: tickets.noticePublishedAt,
      audience: tickets.noticeAudience,
      organisation: { id: organisations.id, slug: organisations.slug, name: organisations.name },
    })
    .from(tickets)
    .innerJoin(organisations, eq(organisations.id, tickets.organisationId))
    .where(and(...conditions))
    .orderBy(desc(tickets.noticePublishedAt), desc(tickets.id))
    .limit(input.limit);
  // Built field by field, so nothing else of the incident can slip into a customer's answer.
  return rows.map((row) => ({
    ...(showsNumber ? { number: formatTicketNumber('security', row.number) } : {}),
    title: row.title!,
    body: row.body!,
    publishedAt: row.publishedAt!,
    audience: row.audience!,
    organisation: row.organisation,
  }));
}
