import client from 'prom-client';

// Prometheus metrics of one process (prom-client). Next bundles each route handler (and the
// instrumentation hook, which runs the in-process scheduler) separately, so the registry and its metrics
// live on globalThis: every bundle that records or scrapes sees the same ones.
//
// Labels carry vocabulary only (enum values, route templates, status classes, lane names): never a
// ticket title, an organisation's name, an e-mail, a URL or a key. Values a caller passes that are not in
// the vocabulary are counted under `other`, so no input can grow the label sets.

/** Where ingested events came from. */
export const INGESTION_SOURCES = ['alertmanager', 'events_v2', 'change_events', 'heartbeat'] as const;
export type IngestionSource = (typeof INGESTION_SOURCES)[number];

/**
 * What became of one ingested event (one alert of an Alertmanager group, one Events v2 event; a request
 * refused whole before it could be split counts once):
 * - `accepted`: committed (a new ticket, an update, a resolve, a timeline entry);
 * - `duplicate`: a retry or re-sent group that changed nothing (idempotent);
 * - `invalid`: malformed JSON or a schema error (400);
 * - `unauthorized`: unknown or revoked key (401);
 * - `rate_limited`: over the key's rate (429);
 * - `too_large`: body over the limit (413);
 * - `suppressed`: valid, but a rule or a window chose not to act (grouped into an open ticket's count,
 *   flapping, maintenance).
 */
export const INGESTION_RESULTS = [
  'accepted',
  'duplicate',
  'invalid',
  'unauthorized',
  'rate_limited',
  'too_large',
  'suppressed',
] as const;
export type IngestionResult = (typeof INGESTION_RESULTS)[number];

/**
 * One outbound webhook attempt: `delivered` (2xx), `retrying` (failed, another attempt is scheduled),
 * `failed` (failed for the last time: given up, or the endpoint was disabled).
 */
export const WEBHOOK_RESULTS = ['delivered', 'retrying', 'failed'] as const;
export type WebhookResult = (typeof WEBHOOK_RESULTS)[number];
/** The answer's HTTP status class, or why there was none. */
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'timeout', 'network', 'refused'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];
/** Whose webhook: an organisation's outbound endpoint, or a status-page subscriber's. */
export const WEBHOOK_TARGETS = ['endpoint', 'status_subscriber'] as const;
export type WebhookTarget = (typeof WEBHOOK_TARGETS)[number];

/** The scheduler's lanes (server/scheduler/worker.ts). */
export const SCHEDULER_LANES = [
  'sla_clocks',
  'escalations',
  'handoffs',
  'maintenance',
  'heartbeats',
  'flap_rechecks',
  'subscriber_deliveries',
  'webhook_deliveries',
] as const;
export type SchedulerLane = (typeof SCHEDULER_LANES)[number];

function pick<T extends string>(vocabulary: readonly T[], value: string): T | 'other' {
  return (vocabulary as readonly string[]).includes(value) ? (value as T) : 'other';
}

/** `'2xx'` … for an HTTP status, for the status_class labels. */
export function statusClassOf(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

function build() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'watchfloor_' });
  const registers = [registry];
  return {
    registry,
    tickets: new client.Gauge({
      name: 'watchfloor_tickets',
      help: 'Tickets by kind and lifecycle state (read from the database at scrape time).',
      labelNames: ['kind', 'state'] as const,
      registers,
    }),
    clocks: new client.Gauge({
      name: 'watchfloor_sla_clocks_open',
      help: 'SLA/OLA clocks not yet met, by state: running, paused, breached (database, at scrape time).',
      labelNames: ['state'] as const,
      registers,
    }),
    breaches: new client.Counter({
      name: 'watchfloor_sla_breaches_total',
      help: 'SLA/OLA clocks that have ever breached (database, at scrape time; counts met-late ones too).',
      registers,
    }),
    ingestion: new client.Counter({
      name: 'watchfloor_ingestion_events_total',
      help: 'Ingested alert events by source and result (accepted, duplicate, invalid, unauthorized, rate_limited, too_large, suppressed).',
      labelNames: ['source', 'result'] as const,
      registers,
    }),
    webhooks: new client.Counter({
      name: 'watchfloor_webhook_deliveries_total',
      help: 'Outbound webhook attempts by target, result and HTTP status class.',
      labelNames: ['target', 'result', 'status_class'] as const,
      registers,
    }),
    schedulerLag: new client.Histogram({
      name: 'watchfloor_scheduler_lag_seconds',
      help: 'Per sweep that claimed work: now minus the due time of the oldest item it claimed.',
      labelNames: ['lane'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    }),
    schedulerBatch: new client.Histogram({
      name: 'watchfloor_scheduler_batch_size',
      help: 'Items claimed per sweep that claimed any, by lane.',
      labelNames: ['lane'] as const,
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    }),
    http: new client.Histogram({
      name: 'watchfloor_http_request_duration_seconds',
      help: 'Time to the response head of HTTP requests to route handlers, by route template, method and status class.',
      labelNames: ['route', 'method', 'status_class'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof build>;

const metricsKey = Symbol.for('watchfloor.metrics');
type GlobalWithMetrics = typeof globalThis & { [metricsKey]?: Metrics };

/** This process's metrics, created on first use. */
export function metrics(): Metrics {
  const g = globalThis as GlobalWithMetrics;
  g[metricsKey] ??= build();
  return g[metricsKey];
}

/** Counts ingested events: call once per event with its outcome (`count` for a batch with one outcome). */
export function recordIngestion(source: IngestionSource, result: IngestionResult, count = 1): void {
  if (count <= 0) return;
  metrics().ingestion.labels(pick(INGESTION_SOURCES, source), pick(INGESTION_RESULTS, result)).inc(count);
}

/**
 * Counts one outbound webhook attempt. `status`: the answer's HTTP status (a number, classed here), or
 * why there was none (`timeout`, `network`, `refused`: a URL refused before sending, e.g. not https or
 * not a public address), or a class already (`'2xx'` …).
 */
export function recordWebhookDelivery(
  result: WebhookResult,
  status: StatusClass | number,
  target: WebhookTarget = 'endpoint',
): void {
  const statusClass = typeof status === 'number' ? statusClassOf(status) : status;
  metrics()
    .webhooks.labels(
      pick(WEBHOOK_TARGETS, target),
      pick(WEBHOOK_RESULTS, result),
      pick(STATUS_CLASSES, statusClass),
    )
    .inc();
}

/**
 * One scheduler sweep of a lane that claimed `claimed` items (nothing is recorded for an empty one);
 * `oldestDueAt`, when the lane knows it, gives the lag.
 */
export function recordSchedulerSweep(
  lane: SchedulerLane,
  claimed: number,
  now: Date,
  oldestDueAt?: Date | null,
): void {
  if (claimed <= 0) return;
  const m = metrics();
  const name = pick(SCHEDULER_LANES, lane);
  m.schedulerBatch.labels(name).observe(claimed);
  if (oldestDueAt)
    m.schedulerLag.labels(name).observe(Math.max(0, (now.getTime() - oldestDueAt.getTime()) / 1000));
}

/** One HTTP request's time to its response head. `route` must be a template (`/api/reports/{file}`). */
export function recordHttpRequest(route: string, method: string, status: number, seconds: number): void {
  const verb = pick(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], method.toUpperCase());
  metrics().http.labels(route, verb, statusClassOf(status)).observe(seconds);
}
