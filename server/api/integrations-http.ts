import type { Database } from '../../db/client';
import type { Integration } from '../../db/schema';
import { MAX_BODY_BYTES } from '../../workflows/integrations/constants';
import { type Bucket, takeToken } from '../../workflows/integrations/token-bucket';
import { type IngestionResult, type IngestionSource, recordIngestion } from '../observability/metrics';
import { authenticateIntegrationKeyCached, integrationActor } from '../services/integrations/authenticate';
import { ingestAlertmanager } from '../services/integrations/ingest-alertmanager';
import { ingestChange } from '../services/integrations/ingest-change';
import { ingestEvent } from '../services/integrations/ingest-event';
import type { AlertOutcome } from '../services/integrations/internal/alerts';
import { pingHeartbeat } from '../services/integrations/ping-heartbeat';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailable,
  refusedInput,
} from '../services/kernel/db-errors';
import { ServiceError } from '../services/kernel/errors';
import { genericMessage, newRequestId, UNAVAILABLE_MESSAGE } from './errors';

// The alert ingestion endpoints for machines: Alertmanager's webhook (`Authorization: Bearer <key>`) and
// the Events API v2 (`routing_key` in the body). Every refusal is a 4xx with a reason: 413 for a body
// over 512 KB (by Content-Length, and by counting the bytes of a body that does not say), 400 for
// malformed JSON or a schema error with the field, 401 for an unknown or revoked key, 429 with
// Retry-After past the key's rate. A 2xx is sent only once the service has committed.

export interface IngestHttpDeps {
  db: Database;
  now: () => Date;
  limiter: RateLimiter;
}

/** Token buckets per integration, in this process (each app node limits on its own). */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly nowMs: () => number = Date.now) {}

  /** Seconds to wait, or null when the request may pass. */
  take(integration: Pick<Integration, 'id' | 'rateLimitPerMinute'>): number | null {
    const taken = takeToken(this.buckets.get(integration.id), integration.rateLimitPerMinute, this.nowMs());
    this.buckets.set(integration.id, taken.bucket);
    // Forget full buckets now and then, so revoked and idle keys do not accumulate.
    if (this.buckets.size > 10_000) this.buckets.clear();
    return taken.ok ? null : taken.retryAfterSeconds;
  }
}

const processLimiter = new RateLimiter();
export const defaultLimiter = () => processLimiter;

type Failure = { status: number; message: string; errors?: string[]; retryAfter?: number };

class HttpRefusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

const refuse = (failure: Failure): never => {
  throw new HttpRefusal(failure);
};

/** The body, at most MAX_BODY_BYTES, as JSON. */
export async function readJsonBody(req: Request, max = MAX_BODY_BYTES): Promise<unknown> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > max)
    refuse({ status: 413, message: `The body is over ${max / 1024} KB` });
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        refuse({ status: 413, message: `The body is over ${max / 1024} KB` });
      }
      chunks.push(value);
    }
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
  try {
    return JSON.parse(text);
  } catch {
    return refuse({ status: 400, message: 'The body is not valid JSON', errors: ['body: not valid JSON'] });
  }
}

/** The metric's word for what became of an alert (server/observability/metrics.ts INGESTION_RESULTS). */
const RESULT_OF_OUTCOME: Record<AlertOutcome, IngestionResult> = {
  opened: 'accepted',
  attached: 'accepted',
  reopened: 'accepted',
  resolved: 'accepted',
  repeated: 'duplicate',
  // Valid but nothing to act on: maintenance of its service, or a resolve of an alert never seen firing.
  suppressed: 'suppressed',
  ignored: 'suppressed',
};

const RESULT_OF_REFUSAL: Record<number, IngestionResult> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'unauthorized',
  413: 'too_large',
  429: 'rate_limited',
};

function countOutcomes(source: IngestionSource, outcomes: readonly AlertOutcome[]): void {
  for (const outcome of outcomes) recordIngestion(source, RESULT_OF_OUTCOME[outcome]);
}

/** A refused request counts once, whatever it held. */
function countRefusal(source: IngestionSource, status: number): void {
  const result = RESULT_OF_REFUSAL[status];
  if (result) recordIngestion(source, result);
}

const fieldList = (fieldErrors: Record<string, string[]> = {}) =>
  Object.entries(fieldErrors).flatMap(([field, messages]) =>
    messages.map((m) => `${field === '_' ? 'body' : field}: ${m}`),
  );

function failureOf(error: unknown, requestId: string): Failure {
  if (error instanceof HttpRefusal) return error.failure;
  const known = error instanceof ServiceError ? error : refusedInput(error);
  if (known) {
    switch (known.code) {
      case 'BAD_REQUEST':
        return { status: 400, message: known.message, errors: fieldList(known.fieldErrors) };
      case 'UNAUTHORIZED':
        return { status: 401, message: known.message };
      case 'FORBIDDEN':
        return { status: 403, message: known.message };
      // Lost the same race again and again: the source should try again shortly (5xx: Alertmanager retries).
      case 'CONFLICT':
        return { status: 503, message: 'Busy; try again', retryAfter: 1 };
      default:
        return { status: 400, message: known.message };
    }
  }
  // Down or restarting: 503 with Retry-After, so Alertmanager and Events v2 senders retry the delivery.
  if (isDatabaseUnavailable(error))
    return { status: 503, message: UNAVAILABLE_MESSAGE, retryAfter: DATABASE_RETRY_AFTER_SECONDS };
  console.error(`[ingest] ${requestId}:`, error);
  return { status: 500, message: genericMessage(requestId) };
}

function json(
  status: number,
  body: unknown,
  requestId: string,
  extra: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json',
      // no-transform: Next sends these few bytes as they are instead of gzipping every answer (a zlib
      // stream per request was 5% of the server's CPU under the benchmark; a known Content-Length is not
      // enough, Next drops it).
      'Cache-Control': 'no-store, no-transform',
      'X-Request-Id': requestId,
      ...extra,
    },
  });
}

async function integrationFor(key: string | null, deps: IngestHttpDeps): Promise<Integration> {
  const integration = key ? await authenticateIntegrationKeyCached(deps.db, key, deps.now().getTime()) : null;
  if (!integration) return refuse({ status: 401, message: 'Unknown or revoked integration key' });
  const wait = deps.limiter.take(integration);
  if (wait !== null) refuse({ status: 429, message: 'Too many requests for this key', retryAfter: wait });
  return integration;
}

const contextFor = (integration: Integration, deps: IngestHttpDeps) => ({
  db: deps.db,
  now: deps.now,
  actor: integrationActor(integration),
});

/** POST /api/integrations/alertmanager: Alertmanager's webhook receiver, payload version "4". */
export async function handleAlertmanager(req: Request, deps: IngestHttpDeps): Promise<Response> {
  const requestId = newRequestId();
  try {
    if (req.method !== 'POST')
      return json(405, { status: 'error', message: 'Use POST' }, requestId, { Allow: 'POST' });
    const declared = req.headers.get('content-length');
    if (declared !== null && Number(declared) > MAX_BODY_BYTES)
      refuse({ status: 413, message: `The body is over ${MAX_BODY_BYTES / 1024} KB` });
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get('authorization') ?? '');
    const integration = await integrationFor(bearer?.[1] ?? null, deps);
    const body = await readJsonBody(req);
    const delivered = await ingestAlertmanager(contextFor(integration, deps), integration, body);
    countOutcomes(
      'alertmanager',
      delivered.results.map((r) => r.outcome),
    );
    return json(
      200,
      {
        status: 'success',
        alerts: delivered.results.length,
        outcomes: delivered.counts,
        truncatedAlerts: delivered.truncatedAlerts,
      },
      requestId,
    );
  } catch (error) {
    return bearerFailure(error, requestId, 'alertmanager');
  }
}

/** The answer to a refused request on a Bearer-key endpoint: `{status:'error', message, errors?}`. */
function bearerFailure(error: unknown, requestId: string, source: IngestionSource): Response {
  const failure = failureOf(error, requestId);
  countRefusal(source, failure.status);
  return json(
    failure.status,
    {
      status: 'error',
      message: failure.message,
      ...(failure.errors?.length ? { errors: failure.errors } : {}),
    },
    requestId,
    {
      ...(failure.retryAfter ? { 'Retry-After': String(failure.retryAfter) } : {}),
      ...(failure.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}),
    },
  );
}

const bearerKey = (req: Request) =>
  /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get('authorization') ?? '')?.[1] ?? null;

/**
 * POST /api/integrations/heartbeat: a heartbeat monitor's ping (`Authorization: Bearer <key>`; any body is
 * ignored, so `curl -fsS -X POST -H "Authorization: Bearer $KEY" …/api/integrations/heartbeat` from cron
 * does). 200 `{status, recovered, nextPingDueAt}`. The key stays out of the URL, so access logs never hold it.
 */
export async function handleHeartbeat(req: Request, deps: IngestHttpDeps): Promise<Response> {
  const requestId = newRequestId();
  try {
    if (req.method !== 'POST')
      return json(405, { status: 'error', message: 'Use POST' }, requestId, { Allow: 'POST' });
    const integration = await integrationFor(bearerKey(req), deps);
    const ping = await pingHeartbeat(contextFor(integration, deps), integration);
    recordIngestion('heartbeat', 'accepted');
    return json(
      200,
      { status: 'success', recovered: ping.recovered, nextPingDueAt: ping.dueAt.toISOString() },
      requestId,
    );
  } catch (error) {
    return bearerFailure(error, requestId, 'heartbeat');
  }
}

const EVENTS_STATUS: Record<number, string> = {
  401: 'unauthorized',
  429: 'throttled',
  503: 'unavailable',
  500: 'error',
};

/** The Events v2 answer shape of a failure: `{status:'invalid event', message, errors}` for a bad event. */
function eventFailure(error: unknown, requestId: string, source: IngestionSource): Response {
  const failure = failureOf(error, requestId);
  countRefusal(source, failure.status);
  const status = EVENTS_STATUS[failure.status] ?? 'invalid event';
  return json(
    failure.status,
    { status, message: failure.message, errors: failure.errors ?? [] },
    requestId,
    failure.retryAfter ? { 'Retry-After': String(failure.retryAfter) } : {},
  );
}

const routingKeyOf = (body: unknown): string => {
  const key =
    body && typeof body === 'object' && !Array.isArray(body)
      ? (body as { routing_key?: unknown }).routing_key
      : undefined;
  if (typeof key !== 'string' || key.length === 0)
    return refuse({ status: 400, message: 'Event object is invalid', errors: ['routing_key: required'] });
  return key;
};

/** POST /v2/enqueue: an Events API v2 alert event. 202 `{status, message, dedup_key}`. */
export async function handleEnqueue(req: Request, deps: IngestHttpDeps): Promise<Response> {
  const requestId = newRequestId();
  try {
    const body = await readJsonBody(req);
    const integration = await integrationFor(routingKeyOf(body), deps);
    const { dedupKey, result } = await ingestEvent(contextFor(integration, deps), integration, body);
    countOutcomes('events_v2', [result.outcome]);
    return json(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey }, requestId);
  } catch (error) {
    return eventFailure(error, requestId, 'events_v2');
  }
}

/** POST /v2/change/enqueue: an Events API v2 change event, onto the open tickets of the service. */
export async function handleChangeEnqueue(req: Request, deps: IngestHttpDeps): Promise<Response> {
  const requestId = newRequestId();
  try {
    const body = await readJsonBody(req);
    const integration = await integrationFor(routingKeyOf(body), deps);
    await ingestChange(contextFor(integration, deps), integration, body);
    recordIngestion('change_events', 'accepted');
    return json(202, { status: 'success', message: 'Change event processed' }, requestId);
  } catch (error) {
    return eventFailure(error, requestId, 'change_events');
  }
}
