import { and, count, eq } from 'drizzle-orm';
import { ticketEvents } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { parseInput } from '../kernel/parse';
import { onWorkableIncident } from './internal/workable';
import { type PublishNoticeInput, publishNoticeInput } from './schemas';

export const NOTICE_PUBLISHED = 'notice.published';

/**
 * security.publishNotice: the only way anything of a security incident reaches its customer (portal and
 * status page, as the publisher chose). Publishing again replaces the notice and dates it anew; the audit log keeps every revision.
 */
export async function publishNotice(ctx: ServiceContext, rawInput: PublishNoticeInput) {
  const input = parseInput(publishNoticeInput, rawInput);
  return changeTicket(ctx, {
    ...onWorkableIncident(ctx, input.id, 'A customer notice'),
    load: async (tx, ticket) => {
      const [previous] = await tx
        .select({ n: count() })
        .from(ticketEvents)
        .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, NOTICE_PUBLISHED)));
      return Number(previous?.n ?? 0);
    },
    decide: (_ticket, now, { loaded: published }) => {
      const revision = published + 1;
      return {
        set: {
          noticeTitle: input.title,
          noticeBody: input.body,
          noticeAudience: input.audience,
          noticePublishedAt: now,
        },
        events: [
          {
            type: NOTICE_PUBLISHED,
            payload: { revision, title: input.title, body: input.body, audience: input.audience },
          },
        ],
        result: { revision, publishedAt: now },
      };
    },
  });
}
