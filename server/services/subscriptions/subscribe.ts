import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  organisations,
  services,
  statusDeliveries,
  statusSubscriberComponents,
  statusSubscribers,
} from '../../../db/schema';
import { newWebhookSecret } from '../../../lib/webhooks/standard-webhooks';
import { recordAudit } from '../kernel/audit-log';
import { badRequest, notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { mailConfig, privateWebhooksAllowed } from './internal/config';
import { CONFIRM_EVENT, SUBSCRIBED_EVENT } from './internal/messages';
import { subscriberSigningSecret, subscriberToken, tokenHash } from './internal/tokens';
import { subscriberSubject, VISITOR_ACTOR, type VisitorContext } from './internal/visitor';
import { hostOf, PrivateAddressError, publicAddresses } from './internal/webhook-guard';
import { type SubscribeInput, subscribeInput } from './schemas';

/** A confirmation mail is sent again for the same page and address at most this often. */
export const CONFIRM_RESEND_AFTER_MS = 15 * 60_000;

export const EMAIL_NOT_CONFIGURED = 'E-mail subscriptions are not configured on this server';

export interface SubscribeResult {
  channel: 'email' | 'webhook';
  /** E-mail: a confirmation link is on its way (the same answer whether or not the address was known). */
  confirmationSent: boolean;
  /**
   * Webhook: the secret its messages are signed with (Standard Webhooks), told this once. A URL subscribed
   * already gets a random secret that signs nothing: the answer must neither tell that it was subscribed
   * nor hand its secret to whoever asks again (they would forge messages to it).
   */
  signingSecret?: string;
}

/**
 * subscriptions.subscribe (anonymous): a visitor subscribes an e-mail address or a webhook to a public
 * status page, whole or some of its components. E-mail is double opt-in: the subscription counts once the
 * link in the confirmation mail (queued in the outbox here, sent by the scheduler) is followed. A webhook
 * has no inbox to confirm from: it counts at once, and every message it gets carries its unsubscribe link.
 *
 * The answer never tells whether the address was subscribed already: an active subscription stays as it
 * is (no second row). An unconfirmed one takes the new choice of components and gets its confirmation
 * mail again, at most once per CONFIRM_RESEND_AFTER_MS — which also bounds the mail anyone can make the
 * server send to one address from one page.
 */
export async function subscribe(ctx: VisitorContext, rawInput: SubscribeInput): Promise<SubscribeResult> {
  const input = parseInput(subscribeInput, rawInput);
  const { channel } = input;
  if (channel === 'email' && !mailConfig()) throw badRequest(EMAIL_NOT_CONFIGURED);
  const serviceIds = [...new Set(input.serviceIds)];

  const [page] = await ctx.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.slug, input.slug), eq(organisations.statusPagePublic, true)));
  if (!page) throw notFound('Status page');
  if (serviceIds.length) {
    const known = await ctx.db
      .select({ id: services.id })
      .from(services)
      .where(
        and(
          eq(services.organisationId, page.id),
          inArray(services.id, serviceIds),
          isNull(services.retiredAt),
        ),
      );
    if (known.length !== serviceIds.length)
      throw badRequest('Choose components of this page', {
        serviceIds: ['Choose components shown on this page'],
      });
  }

  // After the page: an unknown page answers NOT_FOUND without a DNS lookup of a stranger's host.
  const target = channel === 'email' ? input.target.toLowerCase() : await checkedWebhook(input.target);
  const now = ctx.now();
  const createdId = await ctx.db.transaction(async (tx): Promise<string | null> => {
    const id = randomUUID();
    const [created] = await tx
      .insert(statusSubscribers)
      .values({
        id,
        organisationId: page.id,
        channel,
        target,
        confirmTokenHash: tokenHash(subscriberToken('confirm', id)),
        manageTokenHash: tokenHash(subscriberToken('manage', id)),
        confirmedAt: channel === 'webhook' ? now : null,
        createdAt: now,
      })
      // The partial unique index on live targets: someone subscribed this address already (perhaps a
      // moment ago, concurrently). Nothing is inserted and the answer is the same.
      .onConflictDoNothing()
      .returning({ id: statusSubscribers.id });
    if (created) {
      if (serviceIds.length)
        await tx
          .insert(statusSubscriberComponents)
          .values(serviceIds.map((serviceId) => ({ subscriberId: id, serviceId })));
      await tx.insert(statusDeliveries).values({
        subscriberId: id,
        eventKey: channel === 'email' ? CONFIRM_EVENT : SUBSCRIBED_EVENT,
        payload: { kind: channel === 'email' ? 'subscription.confirm' : 'subscription.created' },
        nextAttemptAt: now,
        createdAt: now,
      });
      await recordAudit(tx, VISITOR_ACTOR, now, [
        {
          type: 'status_subscriber.subscribed',
          subject: subscriberSubject(id),
          // No address: the audit log is kept for good, a subscriber's address only while subscribed.
          payload: { organisationId: page.id, channel, components: serviceIds.length },
        },
      ]);
      return id;
    }
    if (channel === 'email') await askAgain(tx, page.id, target, serviceIds, now);
    return null;
  });
  if (channel === 'email') return { channel, confirmationSent: true };
  return {
    channel,
    confirmationSent: false,
    signingSecret: createdId ? subscriberSigningSecret(createdId) : newWebhookSecret(),
  };
}

type Tx = Parameters<Parameters<VisitorContext['db']['transaction']>[0]>[0];

/** The address is live already: if still unconfirmed, take the new components and mail the link again. */
async function askAgain(tx: Tx, organisationId: string, target: string, serviceIds: string[], now: Date) {
  const [existing] = await tx
    .select({ id: statusSubscribers.id, confirmedAt: statusSubscribers.confirmedAt })
    .from(statusSubscribers)
    .where(
      and(
        eq(statusSubscribers.organisationId, organisationId),
        eq(statusSubscribers.channel, 'email'),
        eq(statusSubscribers.target, target),
        isNull(statusSubscribers.unsubscribedAt),
      ),
    )
    .for('update');
  if (!existing || existing.confirmedAt) return;
  await tx.delete(statusSubscriberComponents).where(eq(statusSubscriberComponents.subscriberId, existing.id));
  if (serviceIds.length)
    await tx
      .insert(statusSubscriberComponents)
      .values(serviceIds.map((serviceId) => ({ subscriberId: existing.id, serviceId })));
  const settledBefore = new Date(now.getTime() - CONFIRM_RESEND_AFTER_MS);
  // Only a confirmation that went out (or was given up) long enough ago goes out again.
  await tx
    .update(statusDeliveries)
    .set({ attempts: 0, nextAttemptAt: now, deliveredAt: null, failedAt: null, lastError: null })
    .where(
      and(
        eq(statusDeliveries.subscriberId, existing.id),
        eq(statusDeliveries.eventKey, CONFIRM_EVENT),
        sql`coalesce(${statusDeliveries.deliveredAt}, ${statusDeliveries.failedAt}) <= ${settledBefore.toISOString()}::timestamptz`,
      ),
    );
}

/**
 * The webhook URL, normalised (`HTTPS://Hooks.Example.com:443/x` is `https://hooks.example.com/x`, one
 * subscription), if the server may POST to it (SSRF guard: public addresses only, https).
 */
async function checkedWebhook(target: string): Promise<string> {
  const url = new URL(target);
  if (privateWebhooksAllowed()) return url.href;
  const refuse = (message: string) => badRequest(message, { target: [message] });
  if (url.protocol !== 'https:') throw refuse('Enter an https:// URL');
  try {
    await publicAddresses(hostOf(url));
  } catch (error) {
    if (error instanceof PrivateAddressError)
      throw refuse('Enter a webhook on the public internet, not a private or local address');
    throw refuse('The webhook host does not resolve');
  }
  return url.href;
}
