import { eq } from 'drizzle-orm';
import { postIncidentReviews } from '../../../db/schema';
import { REVIEW_SECTIONS, type ReviewSection } from '../../../workflows/reviews/constants';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { actorUserId, assertReviewableOutage } from './internal/gate';
import { reviewOf } from './internal/review-row';
import { type SaveReviewDraftInput, saveReviewDraftInput } from './schemas';

interface SaveResult {
  revision: number;
  reviewId?: string;
}

export const staleReview = () =>
  new ServiceError('CONFLICT', 'Someone saved the review since you opened it; reload and try again');

/**
 * reviews.saveDraft: writes the outage's review draft, creating it on the first save. The audit event
 * records each changed section old → new; a save that changes nothing writes nothing. A published review
 * is a record: it is not edited any more (its follow-up actions still are).
 */
export async function saveReviewDraft(ctx: ServiceContext, rawInput: SaveReviewDraftInput) {
  const input = parseInput(saveReviewDraftInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertReviewableOutage(ctx.actor, ticket),
    load: (tx, ticket) => reviewOf(tx, ticket.id),
    decide: (ticket, now, { loaded: review }) => {
      if (review?.status === 'published')
        throw new ServiceError('PRECONDITION_FAILED', 'The review is published; it can no longer be edited');
      // A writer who opened the page before the first save sends no revision: a review created meanwhile
      // is someone else's text, so that save is stale too.
      if ((review?.revision ?? undefined) !== input.revision) throw staleReview();
      const text: Record<ReviewSection, string> = {
        impact: input.impact,
        rootCause: input.rootCause,
        wentWell: input.wentWell,
        toImprove: input.toImprove,
      };
      const changed = REVIEW_SECTIONS.filter((key) => (review?.[key] ?? '') !== text[key]);
      // Nothing to write: no event, no apply (which is what answers the id otherwise).
      if (review && changed.length === 0)
        return { events: [], result: { reviewId: review.id, revision: review.revision } as SaveResult };
      const revision = (review?.revision ?? 0) + 1;
      const by = actorUserId(ctx.actor);
      const changes = Object.fromEntries(
        changed.map((key) => [key, { from: review?.[key] ?? '', to: text[key] }]),
      );
      return {
        events: [],
        side: {
          write: review
            ? {
                kind: 'update' as const,
                id: review.id,
                set: { ...text, revision, updatedById: by, updatedAt: now },
              }
            : {
                kind: 'insert' as const,
                values: {
                  ticketId: ticket.id,
                  ...text,
                  createdById: by,
                  createdAt: now,
                  updatedById: by,
                  updatedAt: now,
                },
              },
          changes,
        },
        result: { revision } as SaveResult,
      };
    },
    // The event names the review, whose id exists once its row does.
    apply: async (tx, { side, result }) => {
      const { write } = side;
      let reviewId: string;
      if (write.kind === 'update') {
        await tx.update(postIncidentReviews).set(write.set).where(eq(postIncidentReviews.id, write.id));
        reviewId = write.id;
      } else {
        const [row] = await tx
          .insert(postIncidentReviews)
          .values(write.values)
          .returning({ id: postIncidentReviews.id });
        reviewId = row!.id;
      }
      return {
        events: [
          {
            type: 'review.draft_saved',
            payload: { reviewId, revision: result.revision, changes: side.changes },
          },
        ],
        result: { reviewId },
      };
    },
  });
}
