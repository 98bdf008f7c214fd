import { and, eq, isNull } from 'drizzle-orm';
import { statusDeliveries, statusSubscribers } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { tokenHash } from './internal/tokens';
import { subscriberPage, subscriberSubject, VISITOR_ACTOR, type VisitorContext } from './internal/visitor';
import { type SubscriptionTokenInput, subscriptionTokenInput } from './schemas';

/** Why the outbox gave up a message whose subscriber left before it went out. */
export const UNSUBSCRIBED_ERROR = 'Unsubscribed before delivery';

/**
 * subscriptions.unsubscribe (anonymous; the one-click POST of mail clients too): ends a subscription by
 * its manage token. Idempotent: unsubscribing again answers the same. Messages still queued for it are
 * given up in the same transaction, so nothing more is sent. An unknown token answers NOT_FOUND. The
 * address stays in the row (the partial unique index lets it subscribe again).
 */
export async function unsubscribe(ctx: VisitorContext, rawInput: SubscriptionTokenInput) {
  const { token } = parseInput(subscriptionTokenInput, rawInput);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [subscriber] = await tx
      .select({
        id: statusSubscribers.id,
        organisationId: statusSubscribers.organisationId,
        unsubscribedAt: statusSubscribers.unsubscribedAt,
      })
      .from(statusSubscribers)
      .where(eq(statusSubscribers.manageTokenHash, tokenHash(token)))
      .for('update');
    if (!subscriber) throw notFound('Subscription');
    if (!subscriber.unsubscribedAt) {
      await tx
        .update(statusSubscribers)
        .set({ unsubscribedAt: now })
        .where(eq(statusSubscribers.id, subscriber.id));
      await tx
        .update(statusDeliveries)
        .set({ failedAt: now, lastError: UNSUBSCRIBED_ERROR })
        .where(
          and(
            eq(statusDeliveries.subscriberId, subscriber.id),
            isNull(statusDeliveries.deliveredAt),
            isNull(statusDeliveries.failedAt),
          ),
        );
      await recordAudit(tx, VISITOR_ACTOR, now, [
        {
          type: 'status_subscriber.unsubscribed',
          subject: subscriberSubject(subscriber.id),
          payload: { organisationId: subscriber.organisationId },
        },
      ]);
    }
    return { page: await subscriberPage(tx, subscriber.organisationId) };
  });
}
