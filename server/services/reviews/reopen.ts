import { eq } from 'drizzle-orm';
import { postIncidentReviews } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertReviewableOutage } from './internal/gate';
import { reviewOf } from './internal/review-row';
import { staleReview } from './save-draft';
import { type ReopenReviewInput, reopenReviewInput } from './schemas';

/**
 * reviews.reopen: a published review back to a draft, to correct it (a root cause found to be wrong, an
 * impact understated). Customers stop reading it until it is published again; the audit chain keeps the
 * published revision and why it was reopened.
 */
export async function reopenReview(ctx: ServiceContext, rawInput: ReopenReviewInput) {
  const input = parseInput(reopenReviewInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertReviewableOutage(ctx.actor, ticket),
    load: (tx, ticket) => reviewOf(tx, ticket.id),
    decide: (_ticket, now, { loaded: review }) => {
      if (review?.status !== 'published')
        throw new ServiceError('PRECONDITION_FAILED', 'Only a published review can be reopened');
      if (input.revision !== undefined && input.revision !== review.revision) throw staleReview();
      const revision = review.revision + 1;
      return {
        events: [
          {
            type: 'review.reopened',
            payload: { reviewId: review.id, publishedRevision: review.revision, reason: input.reason },
          },
        ],
        side: {
          reviewId: review.id,
          set: {
            status: 'draft' as const,
            publishedAt: null,
            publishedById: null,
            revision,
            updatedAt: now,
          },
        },
        result: { reviewId: review.id, revision },
      };
    },
    apply: async (tx, { side }) => {
      await tx.update(postIncidentReviews).set(side.set).where(eq(postIncidentReviews.id, side.reviewId));
      return {};
    },
  });
}
