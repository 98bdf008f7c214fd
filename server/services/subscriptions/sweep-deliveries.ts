import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { organisations, statusDeliveries, statusSubscribers, tickets, users } from '../../../db/schema';
import { mapLimited } from '../../../lib/map-limited';
import { webhookHeaders } from '../../../lib/webhooks/standard-webhooks';
import { recordWebhookDelivery, type StatusClass } from '../../observability/metrics';
import { personMail, personRecipientColumns } from '../notifications/internal/person-recipients';
import { publicBaseUrl } from './internal/config';
import { subscriberLinks } from './internal/links';
import { type DeliveryPayload, mailFor, type Recipient, webhookBodyFor } from './internal/messages';
import { subscriberSigningSecret } from './internal/tokens';
import { DeliveryError, type DeliveryTransport } from './internal/transport';

export type { DeliveryTransport } from './internal/transport';
export { transportFromEnv } from './internal/transport';

/** The attempt that fails for the 8th time gives the message up. */
export const MAX_DELIVERY_ATTEMPTS = 8;
const MINUTE = 60_000;
const MAX_BACKOFF_MS = 6 * 60 * MINUTE;
/**
 * A claimed message is not due again for this long: the lease under which it is sent outside any
 * transaction. A worker that dies mid-send lets it expire, and the message goes out again (at least once;
 * webhooks get the same `webhook-id` to tell).
 */
export const CLAIM_LEASE_MS = 5 * MINUTE;
/** Messages in flight at once (webhooks are slow strangers; one SMTP connection each). */
const CONCURRENCY = 8;
const ERROR_MAX = 1_000;

/** The wait before the next try after `attempts` failed attempts: 1 min, 2, 4, … up to 6 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, MINUTE * 2 ** Math.max(0, attempts - 1));
}

export interface DeliverySweepResult {
  claimed: number;
  delivered: number;
  /** Failed this time, tried again later. */
  retried: number;
  /** Failed for the last time: given up (failed_at). */
  failed: number;
  /** When the oldest claimed message fell due (the scheduler's lag), null when none was claimed. */
  oldestDueAt: Date | null;
}

/**
 * One batch of the subscriber outbox: claims up to `batchSize` due messages (FOR UPDATE SKIP LOCKED, so
 * concurrent workers take disjoint batches, and a lease of CLAIM_LEASE_MS so the sending happens outside
 * the transaction, holding no lock while a webhook takes its 5 s), sends them through `transport`, and
 * records each outcome: delivered, or attempts + 1 with exponential backoff, or given up after
 * MAX_DELIVERY_ATTEMPTS. E-mail waits in the outbox while the transport has no mailer. The stored error
 * names what failed, never the address, URL or a link. The same outbox carries e-mail to people about
 * tickets (escalations, notifications/internal/enqueue-mail.ts): one whose recipient may no longer read
 * the ticket is given up unsent.
 */
export async function sweepStatusDeliveries(
  db: Database,
  now: Date,
  transport: DeliveryTransport,
  options: { batchSize?: number } = {},
): Promise<DeliverySweepResult> {
  const claimed = await db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: statusDeliveries.id,
        subscriberId: statusDeliveries.subscriberId,
        payload: statusDeliveries.payload,
        attempts: statusDeliveries.attempts,
        nextAttemptAt: statusDeliveries.nextAttemptAt,
        channel: statusSubscribers.channel,
        target: statusSubscribers.target,
        slug: organisations.slug,
        name: organisations.name,
        // A person's e-mail about a ticket (escalations): the address the user has now, and whether they
        // may still read the ticket (person-recipients.ts).
        ...personRecipientColumns,
      })
      .from(statusDeliveries)
      .leftJoin(statusSubscribers, eq(statusSubscribers.id, statusDeliveries.subscriberId))
      .leftJoin(organisations, eq(organisations.id, statusSubscribers.organisationId))
      .leftJoin(users, eq(users.id, statusDeliveries.userId))
      .leftJoin(tickets, eq(tickets.id, statusDeliveries.ticketId))
      .where(
        and(
          isNull(statusDeliveries.deliveredAt),
          isNull(statusDeliveries.failedAt),
          lte(statusDeliveries.nextAttemptAt, now),
          // Without a mailer only subscriber webhooks go out; e-mail (a subscriber's or a person's) waits.
          transport.mail ? undefined : eq(statusSubscribers.channel, 'webhook'),
        ),
      )
      .orderBy(asc(statusDeliveries.nextAttemptAt))
      .limit(options.batchSize ?? 50)
      .for('update', { of: [statusDeliveries], skipLocked: true });
    if (rows.length)
      await tx
        .update(statusDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) })
        .where(
          inArray(
            statusDeliveries.id,
            rows.map((r) => r.id),
          ),
        );
    return rows;
  });
  const result: DeliverySweepResult = {
    claimed: claimed.length,
    delivered: 0,
    retried: 0,
    failed: 0,
    oldestDueAt: claimed[0]?.nextAttemptAt ?? null,
  };
  if (claimed.length === 0) return result;

  const base = publicBaseUrl();
  const outcomes = await mapLimited(claimed, CONCURRENCY, async (row) => {
    if (row.subscriberId === null) {
      // A person's e-mail about a ticket: made for the address and access the user has now.
      const mail = personMail(row, base);
      if ('refused' in mail) return { row, error: mail.refused, failure: null, giveUp: true };
      try {
        await transport.mail!(mail.message);
        return { row, error: null, failure: null, giveUp: false };
      } catch (error) {
        return { row, error: storableError(error, [mail.message.to]), failure: null, giveUp: false };
      }
    }
    const recipient: Recipient = {
      target: row.target!,
      page: { slug: row.slug!, name: row.name! },
      links: subscriberLinks(row.subscriberId, row.slug!, base),
    };
    const payload = row.payload as DeliveryPayload;
    try {
      if (row.channel === 'email') await transport.mail!(mailFor(payload, recipient));
      else {
        // Signed per Standard Webhooks with the subscriber's own secret (the same signer as #14's webhooks).
        const body = JSON.stringify(webhookBodyFor(row.id, payload, recipient));
        await transport.webhook(
          recipient.target,
          body,
          webhookHeaders(subscriberSigningSecret(row.subscriberId), row.id, now, body),
        );
      }
      return { row, error: null, failure: null, giveUp: false };
    } catch (error) {
      return {
        row,
        error: storableError(error, [recipient.target, ...Object.values(recipient.links)]),
        failure: error instanceof DeliveryError ? error.failure : ('network' as const),
        giveUp: false,
      };
    }
  });

  await db.transaction(async (tx) => {
    for (const { row, error, giveUp } of outcomes) {
      const attempts = row.attempts + 1;
      const set =
        error === null
          ? { attempts, deliveredAt: now, lastError: null }
          : giveUp || attempts >= MAX_DELIVERY_ATTEMPTS
            ? { attempts, failedAt: now, lastError: error }
            : { attempts, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)), lastError: error };
      await tx.update(statusDeliveries).set(set).where(eq(statusDeliveries.id, row.id));
      if (error === null) result.delivered++;
      else if (giveUp || attempts >= MAX_DELIVERY_ATTEMPTS) result.failed++;
      else result.retried++;
    }
  });
  // Counted once recorded (a rolled-back batch is sent again and counted then). Webhooks only: e-mail is
  // not a webhook, and an SMTP error has no status class.
  for (const { row, error, failure } of outcomes) {
    if (row.channel !== 'webhook') continue;
    const statusClass: StatusClass = failure ?? '2xx';
    if (error === null) recordWebhookDelivery('delivered', statusClass, 'status_subscriber');
    else
      recordWebhookDelivery(
        row.attempts + 1 >= MAX_DELIVERY_ATTEMPTS ? 'failed' : 'retrying',
        statusClass,
        'status_subscriber',
      );
  }
  return result;
}

/**
 * An error as last_error may keep it: our own messages as they are; anything else (nodemailer, an SMTP
 * server's reply) with the recipient, the links and the SMTP URL's credentials blanked out, trimmed.
 */
function storableError(error: unknown, secrets: string[]): string {
  let text = error instanceof Error ? `${error.message}` : String(error);
  if (!(error instanceof DeliveryError)) {
    const smtp = process.env.WATCHFLOOR_SMTP_URL;
    const extra: string[] = [];
    if (smtp) {
      extra.push(smtp);
      try {
        const { password, username } = new URL(smtp);
        if (password) extra.push(decodeURIComponent(password), password);
        if (username) extra.push(decodeURIComponent(username), username);
      } catch {
        // Not a URL: nodemailer would have refused it with its own message.
      }
    }
    for (const secret of [...secrets, ...extra]
      .filter((s) => s.length >= 3)
      .sort((a, b) => b.length - a.length))
      text = text.split(secret).join('[redacted]');
    // Tokens are 43 base64url characters; drop anything that looks like one, wherever it came from.
    text = text.replace(/[A-Za-z0-9_-]{40,}/g, '[redacted]');
  }
  const line = text.replace(/\s+/g, ' ').trim() || 'Unknown error';
  return line.length > ERROR_MAX ? `${line.slice(0, ERROR_MAX - 1)}…` : line;
}
