import { eq } from 'drizzle-orm';
import { postIncidentReviews, reviewFollowUps } from '../../../db/schema';
import { seesInternalFields } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { forbidden, notFound, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { actorUserId, assertOutageUnderReview, mayWriteReviews } from './internal/gate';
import { type CompleteFollowUpInput, completeFollowUpInput } from './schemas';

/**
 * reviews.completeFollowUp: marks a follow-up action done. Review writers may, and so may its owner (a
 * SOC analyst can own an action without the right to write outage reviews). The outage is the lock and
 * its audit chain records it.
 */
export async function completeFollowUp(ctx: ServiceContext, rawInput: CompleteFollowUpInput) {
  const input = parseInput(completeFollowUpInput, rawInput);
  const [found] = await ctx.db
    .select({ ticketId: postIncidentReviews.ticketId, ownerId: reviewFollowUps.ownerId })
    .from(reviewFollowUps)
    .innerJoin(postIncidentReviews, eq(postIncidentReviews.id, reviewFollowUps.reviewId))
    .where(eq(reviewFollowUps.id, input.followUpId));
  if (!found) throw notFound('Follow-up action');
  const owner = ctx.actor.type === 'user' && ctx.actor.id === found.ownerId;
  return changeTicket(ctx, {
    ticketId: found.ticketId,
    authorize: (ticket) => {
      // Follow-ups are internal: to a customer of the outage they do not exist.
      if (!seesInternalFields(ctx.actor)) throw notFound('Follow-up action');
      if (!owner && !mayWriteReviews(ctx.actor))
        throw forbidden('Only its owner or a review writer completes a follow-up action');
      assertOutageUnderReview(ticket);
    },
    load: async (tx) => {
      const [row] = await tx.select().from(reviewFollowUps).where(eq(reviewFollowUps.id, input.followUpId));
      return row;
    },
    decide: (_ticket, now, { loaded: followUp }) => {
      if (!followUp) throw notFound('Follow-up action');
      if (followUp.status !== 'open')
        throw new ServiceError('PRECONDITION_FAILED', 'The follow-up action is already done');
      return {
        events: [
          { type: 'review.follow_up_completed', payload: { followUpId: followUp.id, title: followUp.title } },
        ],
        side: {
          id: followUp.id,
          set: { status: 'done' as const, completedById: actorUserId(ctx.actor), completedAt: now },
        },
        result: { followUpId: followUp.id },
      };
    },
    apply: async (tx, { side }) => {
      await tx.update(reviewFollowUps).set(side.set).where(eq(reviewFollowUps.id, side.id));
      return {};
    },
  });
}
