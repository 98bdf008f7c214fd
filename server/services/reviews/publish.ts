import { eq } from 'drizzle-orm';
import { postIncidentReviews } from '../../../db/schema';
import { REQUIRED_TO_PUBLISH, REVIEW_SECTION_LABELS } from '../../../workflows/reviews/constants';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { actorUserId, assertReviewableOutage } from './internal/gate';
import { reviewOf } from './internal/review-row';
import { staleReview } from './save-draft';
import { type PublishReviewInput, publishReviewInput } from './schemas';

/**
 * reviews.publish: the draft becomes the outage's review of record. From then on the outage's customers
 * read its impact and root cause (reviews.get); what went well, what to improve and the follow-up actions
 * stay internal. Publishing needs the impact and the root cause written.
 */
export async function publishReview(ctx: ServiceContext, rawInput: PublishReviewInput) {
  const input = parseInput(publishReviewInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertReviewableOutage(ctx.actor, ticket),
    load: (tx, ticket) => reviewOf(tx, ticket.id),
    decide: (_ticket, now, { loaded: review }) => {
      if (!review) throw new ServiceError('PRECONDITION_FAILED', 'Save a draft of the review first');
      if (review.status === 'published')
        throw new ServiceError('PRECONDITION_FAILED', 'The review is already published');
      if (input.revision !== undefined && input.revision !== review.revision) throw staleReview();
      const missing = REQUIRED_TO_PUBLISH.filter((key) => review[key].trim() === '');
      if (missing.length > 0) {
        throw badRequest(
          'Write the impact and the root cause before publishing',
          Object.fromEntries(
            missing.map((key) => [key, [`${REVIEW_SECTION_LABELS[key]} is needed to publish`]]),
          ),
        );
      }
      return {
        events: [{ type: 'review.published', payload: { reviewId: review.id, revision: review.revision } }],
        side: {
          reviewId: review.id,
          set: { status: 'published' as const, publishedById: actorUserId(ctx.actor), publishedAt: now },
        },
        result: { reviewId: review.id },
      };
    },
    apply: async (tx, { side }) => {
      await tx.update(postIncidentReviews).set(side.set).where(eq(postIncidentReviews.id, side.reviewId));
      return {};
    },
  });
}
