import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client';
import {
  notifications,
  users,
  type WebhookAttempt,
  webhookDeliveries,
  webhookEndpoints,
} from '../../../db/schema';
import { mapLimited } from '../../../lib/map-limited';
import { webhookHeaders } from '../../../lib/webhooks/standard-webhooks';
import { WEBHOOK_ERROR_MAX } from '../../../workflows/webhooks/constants';
import {
  autoDisabledReason,
  isDelivered,
  nextAttemptAt,
  shouldDisableEndpoint,
} from '../../../workflows/webhooks/retry';
import {
  recordSchedulerSweep,
  recordWebhookDelivery,
  type StatusClass,
  type WebhookResult,
} from '../../observability/metrics';
import { recordAudit } from '../kernel/audit-log';
import type { Actor } from '../kernel/context';
import { privateWebhooksAllowed } from '../subscriptions/internal/config';
import { DeliveryError, postGuardedJson } from '../subscriptions/internal/transport';
import { openSecret, SecretUnreadableError } from './internal/secret-box';

/** POSTs one signed message and answers the HTTP status; throws DeliveryError when there is no answer. */
export type WebhookSender = (url: string, body: string, headers: Record<string, string>) => Promise<number>;

/** The sender of a running server: through the subscriber webhooks' SSRF guard (https, public addresses). */
export function webhookSenderFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): WebhookSender {
  const allowPrivate = privateWebhooksAllowed(env);
  return (url, body, headers) =>
    postGuardedJson(url, body, headers, { allowPrivate, userAgent: 'Watchfloor-Webhooks/1' });
}

/**
 * A claimed message is not due again for this long: it is sent outside any transaction, and a worker that
 * dies mid-send lets the lease expire (the message goes out again with the same webhook-id).
 */
export const WEBHOOK_CLAIM_LEASE_MS = 60_000;
const CONCURRENCY = 8;
const WEBHOOKS_ACTOR: Actor = { type: 'system', label: 'scheduler' };

export interface WebhookSweepOptions {
  send: WebhookSender;
  /** Jitter of the retry schedule; Math.random by default. */
  random?: () => number;
  batchSize?: number;
  /** Only these messages (the "Send test" button tries its message at once). */
  deliveryIds?: readonly string[];
}

export interface WebhookSweepResult {
  claimed: number;
  delivered: number;
  /** Failed this time, scheduled again. */
  retried: number;
  /** Failed for the last time. */
  dead: number;
  /** Endpoints switched off by this batch. */
  disabled: number;
}

interface Claimed {
  id: string;
  endpointId: string;
  messageId: string;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secretCiphertext: string;
  /** When it came due: the lane's lag, for the metrics. */
  dueAt: Date;
}

/**
 * One batch of the outbound webhook outbox: claims due messages of enabled endpoints (FOR UPDATE SKIP
 * LOCKED, so concurrent workers take disjoint batches, and a lease so sending holds no lock), signs each
 * at its attempt (Standard Webhooks), POSTs it with a timeout, and records the attempt (status, duration,
 * a storable error) with the next try on the backoff schedule, or `dead` once it is exhausted. An
 * endpoint's failures in a row are counted; one whose message ran out of attempts with nothing delivered
 * in between is disabled (audited).
 */
export async function sweepWebhookDeliveries(
  db: Database,
  now: Date,
  options: WebhookSweepOptions,
): Promise<WebhookSweepResult> {
  const random = options.random ?? Math.random;
  const claimed: Claimed[] = await db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: webhookDeliveries.id,
        endpointId: webhookDeliveries.endpointId,
        messageId: webhookDeliveries.messageId,
        payload: webhookDeliveries.payload,
        attempts: webhookDeliveries.attempts,
        url: webhookEndpoints.url,
        secretCiphertext: webhookEndpoints.secretCiphertext,
        dueAt: webhookDeliveries.nextAttemptAt,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(
        and(
          inArray(webhookDeliveries.status, ['pending', 'failed']),
          lte(webhookDeliveries.nextAttemptAt, now),
          eq(webhookEndpoints.enabled, true),
          options.deliveryIds ? inArray(webhookDeliveries.id, [...options.deliveryIds]) : undefined,
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(options.batchSize ?? 50)
      .for('update', { of: [webhookDeliveries], skipLocked: true });
    if (rows.length)
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + WEBHOOK_CLAIM_LEASE_MS) })
        .where(
          inArray(
            webhookDeliveries.id,
            rows.map((r) => r.id),
          ),
        );
    return rows;
  });
  const result: WebhookSweepResult = {
    claimed: claimed.length,
    delivered: 0,
    retried: 0,
    dead: 0,
    disabled: 0,
  };
  if (claimed.length === 0) return result;

  recordSchedulerSweep('webhook_deliveries', claimed.length, now, claimed[0]!.dueAt);
  const tries = await mapLimited(claimed, CONCURRENCY, (row) => attempt(row, now, options.send));
  const attempts = tries.map((t) => t.log);
  const outcomes: { result: WebhookResult; status: number | StatusClass }[] = [];

  await db.transaction(async (tx) => {
    for (const [i, row] of claimed.entries()) {
      const tried = attempts[i]!;
      const count = row.attempts + 1;
      const delivered = isDelivered(tried.status);
      const next = delivered ? null : nextAttemptAt(count, now, random);
      const status = delivered ? 'delivered' : next ? 'failed' : 'dead';
      await tx
        .update(webhookDeliveries)
        .set({
          attempts: count,
          status,
          lastResponseCode: tried.status,
          lastError: tried.error,
          deliveredAt: delivered ? now : null,
          ...(next ? { nextAttemptAt: next } : {}),
          attemptLog: sql`${webhookDeliveries.attemptLog} || ${JSON.stringify([tried])}::jsonb`,
        })
        .where(eq(webhookDeliveries.id, row.id));
      if (delivered) result.delivered++;
      else if (next) result.retried++;
      else result.dead++;
      outcomes.push({
        result: delivered ? 'delivered' : next ? 'retrying' : 'failed',
        status: tried.status ?? tries[i]!.failure,
      });
      if (await countOutcome(tx, row.endpointId, delivered, status === 'dead', now)) result.disabled++;
    }
  });
  // Counted once committed: a rolled-back sweep is tried again and would count twice.
  for (const outcome of outcomes) recordWebhookDelivery(outcome.result, outcome.status, 'endpoint');
  return result;
}

/** One attempt at one message: never throws; the outcome as the log keeps it, and why there was no answer. */
async function attempt(
  row: Claimed,
  now: Date,
  send: WebhookSender,
): Promise<{ log: WebhookAttempt; failure: StatusClass }> {
  const started = performance.now();
  const at = now.toISOString();
  let secret: string;
  try {
    secret = openSecret(row.secretCiphertext, row.endpointId);
  } catch (error) {
    return { log: { at, status: null, durationMs: 0, error: storable(error) }, failure: 'refused' };
  }
  const body = JSON.stringify(row.payload);
  try {
    const status = await send(row.url, body, webhookHeaders(secret, row.messageId, now, body));
    const durationMs = Math.round(performance.now() - started);
    return {
      log: {
        at,
        status,
        durationMs,
        error: isDelivered(status) ? null : `The endpoint answered HTTP ${status}`,
      },
      failure: 'network',
    };
  } catch (error) {
    return {
      log: { at, status: null, durationMs: Math.round(performance.now() - started), error: storable(error) },
      failure: error instanceof DeliveryError ? error.failure : 'network',
    };
  }
}

/**
 * The endpoint's failures in a row after this outcome; disables it when shouldDisableEndpoint says so.
 * Answers whether it was disabled now.
 */
async function countOutcome(
  tx: Executor,
  endpointId: string,
  delivered: boolean,
  exhausted: boolean,
  now: Date,
): Promise<boolean> {
  const [endpoint] = await tx
    .update(webhookEndpoints)
    .set({
      consecutiveFailures: delivered ? 0 : sql`${webhookEndpoints.consecutiveFailures} + 1`,
    })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning({
      failures: webhookEndpoints.consecutiveFailures,
      enabled: webhookEndpoints.enabled,
      url: webhookEndpoints.url,
    });
  if (!endpoint?.enabled || !shouldDisableEndpoint(endpoint.failures, exhausted)) return false;
  const reason = autoDisabledReason(endpoint.failures);
  await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: now })
    .where(eq(webhookEndpoints.id, endpointId));
  await recordAudit(tx, WEBHOOKS_ACTOR, now, [
    { type: 'webhook.disabled', subject: `webhook:${endpointId}`, payload: { reason } },
  ]);
  // The admins hear of it in their notifications (a note about no ticket), once per disabling.
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)));
  if (admins.length)
    await tx
      .insert(notifications)
      .values(
        admins.map((admin) => ({
          userId: admin.id,
          ticketId: null,
          dedupKey: `webhook.disabled:${endpointId}:${now.toISOString()}`,
          kind: 'webhook.disabled',
          title: `Webhook endpoint disabled: ${hostOf(endpoint.url)}`,
          body: `${reason}. Fix the receiver, then enable it again under Admin → Webhooks.`,
          createdAt: now,
        })),
      )
      .onConflictDoNothing();
  return true;
}

/** The host an admin recognises the endpoint by (never the path or query, which may hold a token). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an endpoint';
  }
}

/** Our own messages as they are (they name no URL or secret); anything else by its kind only. */
function storable(error: unknown): string {
  const text =
    error instanceof DeliveryError || error instanceof SecretUnreadableError
      ? error.message
      : `The webhook could not be sent (${error instanceof Error ? error.name : 'error'})`;
  return text.length > WEBHOOK_ERROR_MAX ? `${text.slice(0, WEBHOOK_ERROR_MAX - 1)}…` : text;
}
