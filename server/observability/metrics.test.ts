import { count, eq, sql } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { slaClocks, tickets } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { useDemoWorld } from '../../test/suite';
import { trpcHttp } from '../../test/trpc-http';
import type { DemoWorld } from '../../test/world';
import { oldestDue } from '../scheduler/oldest-due';
import { changeTicket } from '../services/kernel/engine';
import { ServiceError } from '../services/kernel/errors';
import { createTicket } from '../services/tickets/create';
import { instrumentedRoute } from './http';
import { currentLogContext, type LogContext, withLogContext } from './log';
import { recordIngestion, recordSchedulerSweep, recordWebhookDelivery } from './metrics';
import { handleMetricsRequest, type MetricsDeps, tokenMatches } from './metrics-http';

// The Prometheus text exposition format, line by line: `# HELP`, `# TYPE`, or a sample
// `name{label="value",…} number` (Go float syntax: prom-client writes `Nan`). prom-client ships no parser.
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*,?)?\})? (-?[0-9.e+-]+|[Nn]a[Nn]|\+Inf|-Inf)$/;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3]);
        typed.add(meta[2]!);
      }
      continue;
    }
    const match = SAMPLE.exec(line);
    expect(match, `not an exposition line: ${line}`).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match![2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!;
    const name = match![1]!;
    // Every sample belongs to a declared family (histograms add _bucket, _sum, _count).
    expect(typed.has(name) || typed.has(name.replace(/_(bucket|sum|count)$/, '')), name).toBe(true);
    samples.push({ name, labels, value: Number(match![3]) });
  }
  return samples;
}

function sampleValue(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  return samples.find(
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  )?.value;
}

const TOKEN = 'metrics-token-for-tests-0123456789';

function sessionOf(actor: Awaited<ReturnType<DemoWorld['actor']>>): Session {
  return {
    user: {
      id: actor.id,
      email: actor.email,
      name: 'x',
      role: actor.role,
      organisationId: actor.organisationId,
    },
    expires: '2099-01-01T00:00:00.000Z',
  };
}

describe('tokenMatches', () => {
  it('compares whole tokens, whatever their lengths', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
  });
});

describe.each(testEngines())('/api/metrics on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  useDemoWorld({ open, sla: true }, (setup) => ({ db, world } = setup));

  const deps = (overrides: Partial<MetricsDeps> = {}): MetricsDeps => ({
    db,
    session: async () => null,
    token: TOKEN,
    ...overrides,
  });
  const scrape = (headers: Record<string, string> = {}, overrides: Partial<MetricsDeps> = {}) =>
    handleMetricsRequest(new Request('http://localhost/api/metrics', { headers }), deps(overrides));
  const scrapeSamples = async () => {
    const response = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    return { body, samples: parseExposition(body) };
  };

  it('answers only the bearer of the token, or an admin session', async () => {
    const refused = await scrape();
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await scrape({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrape({ authorization: `Basic ${btoa(`x:${TOKEN}`)}` })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    // No token configured: a bearer gets nothing (not even an empty one matches).
    expect((await scrape({ authorization: 'Bearer ' }, { token: undefined })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN}` }, { token: undefined })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN}` }, { token: '' })).status).toBe(401);
    const admin = sessionOf(await world.actor('admin@watchfloor.test'));
    const noc = sessionOf(await world.actor('noc@watchfloor.test'));
    expect((await scrape({}, { token: undefined, session: async () => admin })).status).toBe(200);
    expect((await scrape({}, { token: undefined, session: async () => noc })).status).toBe(403);
    const customer = sessionOf(await world.actor('customer@acme.test'));
    expect((await scrape({}, { session: async () => customer })).status).toBe(403);
  });

  it('is valid exposition text whose ticket and clock gauges match the database', async () => {
    const { samples } = await scrapeSamples();
    const byState = await db
      .select({ kind: tickets.kind, status: tickets.status, n: count() })
      .from(tickets)
      .groupBy(tickets.kind, tickets.status);
    expect(byState.length).toBeGreaterThan(1);
    for (const row of byState)
      expect(sampleValue(samples, 'watchfloor_tickets', { kind: row.kind, state: row.status })).toBe(row.n);
    // Every known state is present, at 0 when no ticket is in it.
    expect(
      sampleValue(samples, 'watchfloor_tickets', { kind: 'security', state: 'post_incident' }),
    ).toBeDefined();
    const clocks = await db
      .select({ state: slaClocks.state, n: count() })
      .from(slaClocks)
      .groupBy(slaClocks.state);
    const open = clocks.filter((c) => ['running', 'paused', 'breached'].includes(c.state));
    expect(open.reduce((sum, c) => sum + c.n, 0)).toBeGreaterThan(0);
    for (const state of ['running', 'paused', 'breached'])
      expect(sampleValue(samples, 'watchfloor_sla_clocks_open', { state })).toBe(
        clocks.find((c) => c.state === state)?.n ?? 0,
      );
    const [breached] = await db
      .select({ n: count() })
      .from(slaClocks)
      .where(sql`${slaClocks.breachedAt} is not null`);
    expect(sampleValue(samples, 'watchfloor_sla_breaches_total')).toBe(breached!.n);
    expect(sampleValue(samples, 'watchfloor_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('follows a new ticket, and never carries its title or its organisation', async () => {
    const before = (await scrapeSamples()).samples;
    const newOutages = () => sampleValue(before, 'watchfloor_tickets', { kind: 'outage', state: 'new' }) ?? 0;
    const soc = await world.as('soc@watchfloor.test');
    const { id } = await createTicket(soc, {
      kind: 'security',
      title: 'Exfiltration via ZEBRA-PANTHER host',
      organisationId: world.org('acme').id,
      impact: 'high',
      urgency: 'high',
    });
    await createTicket(await world.as('noc@watchfloor.test'), {
      title: 'Core router QUOKKA down',
      organisationId: world.org('globex').id,
      impact: 'low',
      urgency: 'low',
    });
    const [created] = await db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, id));
    const { body, samples } = await scrapeSamples();
    expect(sampleValue(samples, 'watchfloor_tickets', { kind: 'outage', state: 'new' })).toBe(
      newOutages() + 1,
    );
    expect(sampleValue(samples, 'watchfloor_tickets', { kind: 'security', state: created!.status })).toBe(
      (sampleValue(before, 'watchfloor_tickets', { kind: 'security', state: created!.status }) ?? 0) + 1,
    );
    for (const secret of ['ZEBRA', 'QUOKKA', 'Acme', 'acme', 'Globex', '@', TOKEN])
      expect(body).not.toContain(secret);
  });

  it('counts what the code records, mapping unknown label values to `other`', async () => {
    const ingested = (source: string, result: string, samples: Sample[]) =>
      sampleValue(samples, 'watchfloor_ingestion_events_total', { source, result }) ?? 0;
    const before = (await scrapeSamples()).samples;
    recordIngestion('alertmanager', 'accepted', 3);
    recordIngestion('events_v2', 'rate_limited');
    recordIngestion('made-up <script>' as never, 'accepted');
    recordWebhookDelivery('delivered', 204);
    recordWebhookDelivery('retrying', 'timeout');
    recordSchedulerSweep(
      'sla_clocks',
      40,
      new Date('2026-12-01T10:00:02Z'),
      new Date('2026-12-01T10:00:00Z'),
    );
    recordSchedulerSweep('escalations', 0, new Date());
    const { body, samples } = await scrapeSamples();
    expect(ingested('alertmanager', 'accepted', samples)).toBe(
      ingested('alertmanager', 'accepted', before) + 3,
    );
    expect(ingested('events_v2', 'rate_limited', samples)).toBe(
      ingested('events_v2', 'rate_limited', before) + 1,
    );
    expect(ingested('other', 'accepted', samples)).toBe(ingested('other', 'accepted', before) + 1);
    expect(body).not.toContain('made-up');
    expect(
      sampleValue(samples, 'watchfloor_webhook_deliveries_total', {
        target: 'endpoint',
        result: 'delivered',
        status_class: '2xx',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'watchfloor_webhook_deliveries_total', {
        target: 'endpoint',
        result: 'retrying',
        status_class: 'timeout',
      }),
    ).toBeGreaterThanOrEqual(1);
    // A 2 s lag falls in the 2.5 s bucket, not the 1 s one; a batch of 40 in the 50 bucket.
    const lag = (le: string, s: Sample[]) =>
      sampleValue(s, 'watchfloor_scheduler_lag_seconds_bucket', { lane: 'sla_clocks', le }) ?? 0;
    expect(lag('2.5', samples) - lag('2.5', before)).toBe(1);
    expect(lag('1', samples) - lag('1', before)).toBe(0);
    expect(
      sampleValue(samples, 'watchfloor_scheduler_batch_size_bucket', { lane: 'sla_clocks', le: '50' }),
    ).toBeGreaterThanOrEqual(1);
    // An empty sweep is not a batch.
    expect(sampleValue(samples, 'watchfloor_scheduler_batch_size_count', { lane: 'escalations' }) ?? 0).toBe(
      sampleValue(before, 'watchfloor_scheduler_batch_size_count', { lane: 'escalations' }) ?? 0,
    );
  });

  it('finds the oldest due clock for the scheduler lag', async () => {
    const [soonest] = await db.select({ at: sql<string>`min(${slaClocks.nextCheckAt})` }).from(slaClocks);
    expect(soonest?.at).toBeTruthy();
    const at = new Date(soonest!.at);
    expect((await oldestDue(db, new Date(at.getTime() - 1))).clocks).toBeNull();
    expect((await oldestDue(db, new Date(at.getTime() + 60_000))).clocks).toEqual(at);
  });

  it('names the ticket of a command in its log context', async () => {
    const ticket = await createTicket(await world.as('noc@watchfloor.test'), {
      title: 'Log context probe',
      organisationId: world.org('acme').id,
      impact: 'low',
      urgency: 'low',
    });
    let seen: LogContext | undefined;
    const refused = withLogContext({ requestId: 'req-ctx' }, () =>
      changeTicket(world.system, {
        ticketId: ticket.id,
        authorize: () => {
          seen = { ...currentLogContext() };
          throw new ServiceError('FORBIDDEN', 'probe only');
        },
        decide: () => ({ events: [], result: {} }),
      }),
    );
    await expect(refused).rejects.toThrow('probe only');
    expect(seen).toEqual({ requestId: 'req-ctx', ticketId: ticket.id });
  });

  it('times tRPC requests by procedure, with one label for batches and for unknown paths', async () => {
    const http = trpcHttp(db, world);
    const answered = await http.call('noc', 'tickets.list', {});
    expect(answered.status).toBe(200);
    expect(answered.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await http.batch('noc', [
      { path: 'tickets.list', input: {} },
      { path: 'notifications.list', input: {} },
    ]);
    await http.call('noc', 'no.such.procedure<x>', {});
    const { body, samples } = await scrapeSamples();
    const timed = (route: string, status_class: string) =>
      sampleValue(samples, 'watchfloor_http_request_duration_seconds_count', { route, status_class }) ?? 0;
    expect(timed('/api/trpc/tickets.list', '2xx')).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'watchfloor_http_request_duration_seconds_count', { route: '/api/trpc/{batch}' }),
    ).toBeGreaterThanOrEqual(1);
    expect(timed('/api/trpc/{unknown}', '4xx')).toBeGreaterThanOrEqual(1);
    expect(body).not.toContain('no.such');
  });

  it('times instrumented routes under their template', async () => {
    const route = instrumentedRoute(
      '/status/{slug}/history.atom',
      async () => new Response('', { status: 404 }),
    );
    await route(new Request('http://localhost/status/acme/history.atom'));
    const { samples } = await scrapeSamples();
    expect(
      sampleValue(samples, 'watchfloor_http_request_duration_seconds_count', {
        route: '/status/{slug}/history.atom',
        method: 'GET',
        status_class: '4xx',
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});
