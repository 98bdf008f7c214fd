import { addFollowUp } from '../../services/reviews/add-follow-up';
import { completeFollowUp } from '../../services/reviews/complete-follow-up';
import { getReview } from '../../services/reviews/get';
import { publishReview } from '../../services/reviews/publish';
import { reopenReview } from '../../services/reviews/reopen';
import { saveReviewDraft } from '../../services/reviews/save-draft';
import {
  addFollowUpInput,
  completeFollowUpInput,
  publishReviewInput,
  reopenReviewInput,
  reviewInput,
  saveReviewDraftInput,
} from '../../services/reviews/schemas';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

// Thin: parse input, call one service. Services authorise (writing reviews needs outage work rights).
export const reviewsRouter = router({
  get: protectedProcedure.input(reviewInput).query(({ ctx, input }) => getReview(ctx.service, input)),
  saveDraft: anyUserWriteProcedure
    .input(saveReviewDraftInput)
    .mutation(({ ctx, input }) => saveReviewDraft(ctx.service, input)),
  publish: anyUserWriteProcedure
    .input(publishReviewInput)
    .mutation(({ ctx, input }) => publishReview(ctx.service, input)),
  reopen: anyUserWriteProcedure
    .input(reopenReviewInput)
    .mutation(({ ctx, input }) => reopenReview(ctx.service, input)),
  addFollowUp: anyUserWriteProcedure
    .input(addFollowUpInput)
    .mutation(({ ctx, input }) => addFollowUp(ctx.service, input)),
  completeFollowUp: anyUserWriteProcedure
    .input(completeFollowUpInput)
    .mutation(({ ctx, input }) => completeFollowUp(ctx.service, input)),
});
