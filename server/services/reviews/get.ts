import { asc, eq } from 'drizzle-orm';
import { postIncidentReviews, reviewFollowUps } from '../../../db/schema';
import { columnsOf } from '../../../db/sql';
import { isReviewable } from '../../../workflows/reviews/constants';
import { userNameOf } from '../directory/internal/user-name';
import { seesInternalFields } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { badRequest } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { readVisibleTicket } from '../tickets/internal/read-one';
import { mayWriteReviews } from './internal/gate';
import { loadReviewTimeline } from './internal/timeline';
import { type ReviewInput, reviewInput } from './schemas';

/**
 * reviews.get: an outage's post-incident review, for whoever may read the outage (NOT_FOUND otherwise).
 * Staff get all of it, drafts included, with the follow-up actions and the derived timeline. Customers of
 * the outage get a published review only, and of it what concerns them: the impact, the root cause and
 * the timeline (their own SLA and updates); what went well, what to improve and the follow-ups (named
 * staff, internal work) stay internal. A draft is, to a customer, no review at all.
 */
export async function getReview(ctx: ServiceContext, rawInput: ReviewInput) {
  const input = parseInput(reviewInput, rawInput);
  const ticket = await readVisibleTicket(ctx, input.id);
  if (ticket.kind !== 'outage') throw badRequest('Post-incident reviews apply to outages only');
  const internal = seesInternalFields(ctx.actor);
  const [review] = await ctx.db
    .select({
      ...columnsOf(
        postIncidentReviews,
        'id',
        'status',
        'revision',
        'impact',
        'rootCause',
        'wentWell',
        'toImprove',
        'createdAt',
        'updatedAt',
        'publishedAt',
      ),
      author: userNameOf(postIncidentReviews.createdById),
      publishedBy: userNameOf(postIncidentReviews.publishedById),
    })
    .from(postIncidentReviews)
    .where(eq(postIncidentReviews.ticketId, ticket.id));
  const mayEdit = internal && mayWriteReviews(ctx.actor) && isReviewable(ticket.status);
  const base = { ticketId: ticket.id, reviewable: isReviewable(ticket.status), mayEdit };
  if (!internal) {
    if (review?.status !== 'published') return { ...base, review: null, timeline: null };
    return {
      ...base,
      review: {
        id: review.id,
        status: review.status,
        revision: review.revision,
        impact: review.impact,
        rootCause: review.rootCause,
        wentWell: null,
        toImprove: null,
        createdAt: review.createdAt,
        updatedAt: review.updatedAt,
        publishedAt: review.publishedAt,
        author: null,
        publishedBy: null,
        followUps: [],
      },
      timeline: await loadReviewTimeline(ctx.db, ticket, ctx.now()),
    };
  }
  const today = ctx.now().toISOString().slice(0, 10);
  const [followUps, timeline] = await Promise.all([
    review
      ? ctx.db
          .select({
            ...columnsOf(
              reviewFollowUps,
              'id',
              'title',
              'dueOn',
              'status',
              'ownerId',
              'createdAt',
              'completedAt',
            ),
            owner: userNameOf(reviewFollowUps.ownerId),
            completedBy: userNameOf(reviewFollowUps.completedById),
          })
          .from(reviewFollowUps)
          .where(eq(reviewFollowUps.reviewId, review.id))
          .orderBy(asc(reviewFollowUps.createdAt), asc(reviewFollowUps.id))
      : [],
    loadReviewTimeline(ctx.db, ticket, ctx.now()),
  ]);
  const me = ctx.actor.type === 'user' ? ctx.actor.id : null;
  return {
    ...base,
    review: review
      ? {
          ...review,
          followUps: followUps.map((f) => ({
            ...f,
            // Past its date and still open (dates compare in UTC: a day's grace, not a false alarm).
            overdue: f.status === 'open' && f.dueOn < today,
            mayComplete: f.status === 'open' && isReviewable(ticket.status) && (mayEdit || f.ownerId === me),
          })),
        }
      : null,
    timeline,
  };
}

export type PostIncidentReview = Awaited<ReturnType<typeof getReview>>;
