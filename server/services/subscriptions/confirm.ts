import { and, eq, isNull } from 'drizzle-orm';
import { statusSubscribers } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { tokenHash } from './internal/tokens';
import { subscriberPage, subscriberSubject, VISITOR_ACTOR, type VisitorContext } from './internal/visitor';
import { type SubscriptionTokenInput, subscriptionTokenInput } from './schemas';

/**
 * subscriptions.confirm (anonymous, POST only: mail scanners fetch links, so following one changes
 * nothing): the second step of the double opt-in. An unknown token, or one already used (or of a
 * subscription since cancelled), answers NOT_FOUND. The audit entry is the record of consent.
 */
export async function confirmSubscription(ctx: VisitorContext, rawInput: SubscriptionTokenInput) {
  const { token } = parseInput(subscriptionTokenInput, rawInput);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [confirmed] = await tx
      .update(statusSubscribers)
      .set({ confirmedAt: now })
      .where(
        and(
          eq(statusSubscribers.confirmTokenHash, tokenHash(token)),
          isNull(statusSubscribers.confirmedAt),
          isNull(statusSubscribers.unsubscribedAt),
        ),
      )
      .returning({ id: statusSubscribers.id, organisationId: statusSubscribers.organisationId });
    if (!confirmed) throw notFound('Subscription');
    await recordAudit(tx, VISITOR_ACTOR, now, [
      {
        type: 'status_subscriber.confirmed',
        subject: subscriberSubject(confirmed.id),
        payload: { organisationId: confirmed.organisationId },
      },
    ]);
    return { page: await subscriberPage(tx, confirmed.organisationId) };
  });
}
