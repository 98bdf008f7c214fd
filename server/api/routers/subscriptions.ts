import { confirmSubscription } from '../../services/subscriptions/confirm';
import { subscribeInput, subscriptionTokenInput } from '../../services/subscriptions/schemas';
import { subscribe } from '../../services/subscriptions/subscribe';
import { unsubscribe } from '../../services/subscriptions/unsubscribe';
import { publicProcedure, router } from '../trpc';

// Thin, and anonymous: status-page visitors subscribe without an account; the services check the page
// is public and the tokens.
export const subscriptionsRouter = router({
  subscribe: publicProcedure.input(subscribeInput).mutation(({ ctx, input }) => subscribe(ctx, input)),
  confirm: publicProcedure
    .input(subscriptionTokenInput)
    .mutation(({ ctx, input }) => confirmSubscription(ctx, input)),
  unsubscribe: publicProcedure
    .input(subscriptionTokenInput)
    .mutation(({ ctx, input }) => unsubscribe(ctx, input)),
});
