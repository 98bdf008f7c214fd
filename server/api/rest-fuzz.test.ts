import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Session } from 'next-auth';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import type { DatabaseHandle } from '../../db/client';
import { statusSubscribers } from '../../db/schema';
import { testEngines } from '../../test/databases';
import {
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  hostileValue,
  inputsFor,
  type Pools,
} from '../../test/hostile-input';
import { poolsOf } from '../../test/pools';
import { useDemoWorld } from '../../test/suite';
import type { DemoEmail, DemoWorld } from '../../test/world';
import { REPORT_FILES } from '../../workflows/reports/constants';
import { STATUSPAGE_SHAPES } from '../../workflows/status/statuspage-shapes';
import { handleMetricsRequest } from '../observability/metrics-http';
import { createIntegration } from '../services/integrations/create';
import type { CreateIntegrationInput } from '../services/integrations/schemas';
import { reportFilterInput } from '../services/reports/schemas';
import { subscriberToken, tokenHash } from '../services/subscriptions/internal/tokens';
import {
  handleAlertmanager,
  handleChangeEnqueue,
  handleEnqueue,
  handleHeartbeat,
  type IngestHttpDeps,
  RateLimiter,
} from './integrations-http';
import { openApiDocument } from './openapi/document';
import { alertmanagerWebhook, changeEvent, eventsV2Event } from './openapi/ingestion-shapes';
import { handleReportCsv } from './report-csv';
import { handleSlaReportCsv } from './sla-report-csv';
import { handleStatusDocument, handleStatusFeed } from './status-http';

// Issue #15, "Bad input": every REST endpoint, called through its handler with generated requests, valid
// looking and hostile (bodies, content types, paths, query strings, Authorization and If-None-Match).
// The answer must be one the OpenAPI document lists for that path and method (so docs and behaviour are
// checked together), never a 5xx, never a stack or SQL, and JSON wherever JSON is documented. The value
// generators are the tRPC fuzz's (test/hostile-input.ts). Fixed seed, bounded runs.

// The one-click unsubscribe route reads its database from getDatabase(): the world's, here.
const handles = vi.hoisted(() => ({ current: null as DatabaseHandle | null }));
vi.mock('../../db/client', async (actual) => ({
  ...(await actual<typeof import('../../db/client')>()),
  getDatabase: async () => handles.current!,
}));
const unsubscribeRoute = await import('../../app/status/subscriptions/unsubscribe/one-click/route');
const openApiRoute = await import('../../app/api/openapi.json/route');

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const ORIGIN = 'http://localhost';
const METRICS_TOKEN = 'rest-fuzz-metrics-token-0123456789abcdef';

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
const DOCUMENT = openApiDocument() as unknown as { paths: Record<string, Record<string, Operation>> };

/** The documented answers of a path and method: status → whether the body is documented as JSON. */
function documented(path: string, method: string): Map<number, boolean> {
  const operation = DOCUMENT.paths[path]?.[method];
  if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document`);
  return new Map(
    Object.entries(operation.responses).map(([code, r]) => [
      Number(code),
      Object.keys(r.content ?? {}).some((type) => type.includes('json')),
    ]),
  );
}

// A stack frame, a module path, SQL or the ORM's name: what only an unexpected error could put in a body.
const LEAKS = [
  /\n\s+at /,
  /\bat .*\.(ts|js|mjs):\d+/,
  /node_modules/,
  /\bSELECT\b/,
  /syntax error/i,
  /drizzle/i,
];

/** What a failing case says: the request, short enough to read. */
function described(request: unknown): string {
  const text = JSON.stringify(request, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(request);
  return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} chars)` : text;
}

/** The statuses each path and method answered, for the reach check at the end. */
const reached = new Map<string, Set<number>>();

async function expectDocumentedAnswer(path: string, method: string, response: Response, request: unknown) {
  const codes = documented(path, method);
  // The Statuspage documents count as one endpoint for the reach check.
  const endpoint = `${method.toUpperCase()} ${path.replace(/api\/v2\/.*/, 'api/v2/*')}`;
  reached.set(endpoint, (reached.get(endpoint) ?? new Set<number>()).add(response.status));
  const body = await response.text();
  const where = `${method.toUpperCase()} ${path} ${described(request)} → ${response.status} ${body.slice(0, 300)}`;
  expect(response.status, where).toBeLessThan(500);
  expect([...codes.keys()], where).toContain(response.status);
  for (const leak of LEAKS) expect(body, where).not.toMatch(leak);
  if (codes.get(response.status) && response.status !== 304)
    expect(() => JSON.parse(body), where).not.toThrow();
}

/** JSON text of any generated value (bigints as bare digits, as a hostile client could send them). */
function jsonText(value: unknown): string {
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `@@${v}@@` : v));
  return (text ?? 'undefined').replace(/"@@(\d+)@@"/g, '$1');
}

/** A URL component of any string (lone surrogates, which encodeURIComponent refuses, as U+FFFD). */
const uri = (value: string) =>
  encodeURIComponent(
    value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

/** A header value the Fetch API accepts (Latin-1, no CR, LF or NUL): hostile, but sendable. */
const headerSafe = (value: string) => value.replace(/[^\u0020-\u007e\u0080-\u00ff\t]/g, '?').slice(0, 16_384);

const fixtureText = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/integrations/${name}`, import.meta.url), 'utf8');
const CHANGE_EVENT = JSON.stringify({ payload: { summary: 'Deployed v42', source: 'ci' } });

const DEEP = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
/** Bodies no schema would generate: broken, empty, exotic or enormous JSON. */
const RAW_BODIES = [
  '',
  '{',
  '{"version": "4",',
  'null',
  '[]',
  '"x"',
  '0',
  '-1e309',
  'NaN',
  '\u0000',
  '\ufeff{}',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"x": 1}}}',
  DEEP,
  DEEP_OBJECT,
  `{"a": "${'x'.repeat(400_000)}"}`,
  `[${'1,'.repeat(100_000)}1]`,
  '<?xml version="1.0"?><alerts/>',
  'routing_key=abc&event_action=trigger',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  '',
  '*/*',
];

const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 30 }),
);

describe.each(testEngines())('REST fuzz: every endpoint on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  let pools: Pools;
  let deps: IngestHttpDeps;
  const keys = { alertmanager: '', events_v2: '', heartbeat: '' };
  let manageToken = '';

  useDemoWorld({ open, sla: true }, async (setup) => {
    ({ handle, world } = setup);
    handles.current = handle;
    pools = await poolsOf(handle);
    // A limiter whose clock never moves, with room for every run: 429 is documented, but we want reach.
    deps = { db: handle.db, now: world.clock.now, limiter: new RateLimiter(() => 0) };
    const admin = await world.as('admin@watchfloor.test');
    const make = (kind: CreateIntegrationInput['kind'], extra: Partial<CreateIntegrationInput> = {}) =>
      createIntegration(admin, {
        organisationId: world.org('acme').id,
        kind,
        name: `fuzz ${kind}`,
        defaultServiceId: world.service('acme', 'website').id,
        rateLimitPerMinute: 10_000,
        ...extra,
      });
    keys.alertmanager = (await make('alertmanager')).key;
    keys.events_v2 = (await make('events_v2')).key;
    keys.heartbeat = (await make('heartbeat', { heartbeatIntervalMinutes: 5 })).key;
    // A subscriber, so one-click unsubscribe sees a valid link too (its token derived as the mail's is).
    const subscriberId = randomUUID();
    manageToken = subscriberToken('manage', subscriberId);
    await handle.db.insert(statusSubscribers).values({
      id: subscriberId,
      organisationId: world.org('acme').id,
      channel: 'email',
      target: 'fuzz@example.com',
      confirmTokenHash: tokenHash(subscriberToken('confirm', subscriberId)),
      manageTokenHash: tokenHash(manageToken),
      confirmedAt: world.clock.now(),
      createdAt: world.clock.now(),
    });
  });
  beforeAll(() => {
    vi.stubEnv('NEXTAUTH_SECRET', 'rest-fuzz-test-secret-0123456789abcdef');
    vi.stubEnv('NEXTAUTH_URL', 'https://status.watchfloor.test');
  });

  const sessionOf = async (who: DemoEmail | null): Promise<Session | null> => {
    if (!who) return null;
    const { type: _type, ...user } = await world.actor(who);
    return { user: { ...user, name: who }, expires: '2099-01-01T00:00:00.000Z' } as Session;
  };
  const WHO: (DemoEmail | null)[] = [
    'admin@watchfloor.test',
    'manager@watchfloor.test',
    'noc@watchfloor.test',
    'soc@watchfloor.test',
    'customer@acme.test',
    null,
  ];

  /** Authorization: the real key (most of the time), another kind's key, or garbage. */
  const authorization = (real: () => string) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constant(() => `Bearer ${real()}`) },
      {
        weight: 3,
        arbitrary: fc
          .oneof(
            fc.constantFrom(
              'Bearer ',
              'Bearer',
              'Basic dXNlcjpwYXNz',
              'bearer  x',
              `Bearer ${'y'.repeat(43)}`,
            ),
            hostileText.map((s) => `Bearer ${s}`),
            hostileText,
            fc.constantFrom(...Object.keys(keys)).map((k) => `Bearer <${k}>`),
          )
          .map((value) => () => value.replace(/<(\w+)>/, (_m, k: keyof typeof keys) => keys[k])),
      },
      { weight: 1, arbitrary: fc.constant(() => null) },
    );

  const withKey = (body: Record<string, unknown>, routingKey: boolean) =>
    jsonText(routingKey ? { ...body, routing_key: keys.events_v2 } : body);
  /** A JSON body from the endpoint's own schema (often with the real key in `routing_key`), or raw junk. */
  const bodyFrom = (schema: z.ZodType, routingKey: boolean, fixture: string) =>
    fc.oneof(
      // A real client's body, as is or with one field (top level, or of the first alert) made hostile.
      { weight: 2, arbitrary: fc.constant(() => withKey(JSON.parse(fixture), routingKey)) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            fc.nat(),
            fc.boolean(),
            fc.constant(null).chain(() => hostileValue(pools)),
          )
          .map(([pick, inAlert, leaf]) => () => {
            const body = JSON.parse(fixture) as Record<string, unknown>;
            const alert = (body.alerts as Record<string, unknown>[] | undefined)?.[0];
            const target = inAlert && alert ? alert : body;
            const fields = Object.keys(target);
            target[fields[pick % fields.length]!] = leaf;
            return withKey(body, routingKey);
          }),
      },
      {
        weight: 6,
        arbitrary: fc
          .tuple(
            fc.constant(null).chain(() => inputsFor(schema, pools)),
            fc.constantFrom('real', 'real', 'real', 'as generated', 'alertmanager'),
          )
          .map(([value, key]) => () => {
            if (
              routingKey &&
              key !== 'as generated' &&
              value &&
              typeof value === 'object' &&
              !Array.isArray(value)
            )
              return jsonText({ ...value, routing_key: key === 'real' ? keys.events_v2 : keys.alertmanager });
            return jsonText(value);
          }),
      },
      {
        weight: 1,
        arbitrary: fc
          .constant(null)
          .chain(() => hostileValue(pools))
          .map((v) => () => jsonText(v)),
      },
      { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES).map((b) => () => b) },
    );

  const post = (path: string, body: string | null, contentType: string, auth: string | null) =>
    new Request(`${ORIGIN}${path}`, {
      method: 'POST',
      body,
      headers: {
        ...(contentType ? { 'content-type': contentType } : {}),
        ...(auth !== null ? { authorization: headerSafe(auth) } : {}),
      },
    });

  const ingestion = [
    {
      path: '/api/integrations/alertmanager',
      handle: handleAlertmanager,
      body: () => bodyFrom(alertmanagerWebhook, false, fixtureText('alertmanager-v4-firing.json')),
      auth: () => authorization(() => keys.alertmanager),
    },
    {
      path: '/v2/enqueue',
      handle: handleEnqueue,
      body: () => bodyFrom(eventsV2Event, true, fixtureText('events-v2-trigger.json')),
      auth: () => fc.constant(() => null),
    },
    {
      path: '/v2/change/enqueue',
      handle: handleChangeEnqueue,
      body: () => bodyFrom(changeEvent, true, CHANGE_EVENT),
      auth: () => fc.constant(() => null),
    },
    {
      path: '/api/integrations/heartbeat',
      handle: handleHeartbeat,
      body: () => bodyFrom(alertmanagerWebhook, false, fixtureText('alertmanager-v4-firing.json')),
      auth: () => authorization(() => keys.heartbeat),
    },
  ];

  it.each(ingestion)('POST $path: documented answers only, for any body, type and key', async (endpoint) => {
    await fc.assert(
      fc.asyncProperty(
        endpoint.body(),
        fc.constantFrom(...CONTENT_TYPES),
        endpoint.auth(),
        async (body, type, auth) => {
          const text = body();
          const key = auth();
          const response = await endpoint.handle(post(endpoint.path, text, type, key), deps);
          await expectDocumentedAnswer(endpoint.path, 'post', response, { body: text, type, key });
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  const slugs = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom('acme', 'globex', 'watchfloor', 'no-such-page', 'ACME', 'acme-'),
    },
    { weight: 2, arbitrary: hostileText },
  );
  const etags = fc.oneof(
    fc.constant(null),
    fc.constantFrom('*', 'W/"x"', '"x", *', ',,,', '"', 'W/', `"${'a'.repeat(10_000)}"`),
    hostileText,
  );
  const DOCUMENTS = Object.keys(STATUSPAGE_SHAPES);
  const get = (path: string, headers: Record<string, string | null>, method = 'GET') =>
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: Object.fromEntries(
        Object.entries(headers).flatMap(([k, v]) => (v === null ? [] : [[k, headerSafe(v)]])),
      ),
    });

  it('GET /status/{slug}/api/v2/*: documented answers only, for any slug, document and If-None-Match', async () => {
    await fc.assert(
      fc.asyncProperty(
        slugs,
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...DOCUMENTS) },
          { weight: 1, arbitrary: hostileText },
        ),
        etags,
        fc.constantFrom('GET', 'HEAD'),
        async (slug, document, etag, method) => {
          const response = await handleStatusDocument(
            get(`/status/x/api/v2/x`, { 'if-none-match': etag }, method),
            slug,
            document,
            { db: handle.db, now: world.clock.now() },
          );
          // An unknown document is no documented path: it may only be the 404 every document shares.
          const path = `/status/{slug}/api/v2/${DOCUMENTS.includes(document) ? document : 'summary.json'}`;
          if (!DOCUMENTS.includes(document)) expect(response.status).toBe(404);
          if (method === 'HEAD' && response.status === 200) return;
          await expectDocumentedAnswer(path, 'get', response, { slug, document, etag, method });
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('GET /status/{slug}/history.{atom,rss}: documented answers only', async () => {
    await fc.assert(
      fc.asyncProperty(slugs, fc.constantFrom('atom', 'rss' as const), etags, async (slug, format, etag) => {
        const response = await handleStatusFeed(
          get(`/status/x/history.${format}`, { 'if-none-match': etag }),
          slug,
          format,
          {
            db: handle.db,
            now: world.clock.now(),
          },
        );
        await expectDocumentedAnswer(`/status/{slug}/history.${format}`, 'get', response, {
          slug,
          format,
          etag,
        });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  /** A query string from the given field names, values plausible or hostile. */
  const queryOf = (fields: string[], plausible: fc.Arbitrary<string>) =>
    fc
      .array(
        fc.tuple(
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...fields) },
            { weight: 1, arbitrary: hostileText },
          ),
          fc.oneof(
            { weight: 3, arbitrary: plausible },
            { weight: 2, arbitrary: hostileText },
            { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS).map(String) },
            { weight: 1, arbitrary: fc.uuid() },
          ),
        ),
        { maxLength: 5 },
      )
      .map((pairs) => new URLSearchParams(pairs).toString());

  const csvCall = async (
    handler: typeof handleReportCsv,
    base: string,
    file: string,
    query: string,
    who: DemoEmail | null,
  ) => {
    const session = await sessionOf(who);
    const url = `${ORIGIN}${base}${uri(file)}?${query}`;
    return handler(new Request(url), file, async () => ({ db: handle.db, session, now: world.clock.now }));
  };

  it('GET /api/reports/{file}: documented answers only, for any file, filter and caller', async () => {
    const fields = Object.keys(
      (reportFilterInput as unknown as { shape?: object }).shape ?? {
        period: 1,
        from: 1,
        to: 1,
        kind: 1,
        interval: 1,
      },
    );
    const plausible = fc.constantFrom(
      '7d',
      '30d',
      '90d',
      'custom',
      'all',
      'outage',
      'incident',
      'day',
      'week',
      '2026-11-01',
      '2026-11-30',
      '1999-01-01',
      '9999-12-31',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...REPORT_FILES).map((f) => `${f}.csv`) },
          { weight: 1, arbitrary: hostileText },
        ),
        queryOf(fields.length ? fields : ['period', 'from', 'to', 'kind', 'interval'], plausible),
        fc.constantFrom(...WHO),
        async (file, query, who) => {
          const response = await csvCall(handleReportCsv, '/api/reports/', file, query, who);
          await expectDocumentedAnswer('/api/reports/{file}', 'get', response, { file, query, who });
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('GET /api/sla-reports/{file}: documented answers only, for any month, organisation and caller', async () => {
    const orgIds = pools.ids.organisations ?? [];
    await fc.assert(
      fc.asyncProperty(
        fc
          .oneof(
            {
              weight: 4,
              arbitrary: fc.constantFrom(
                '2026-11',
                '2026-10',
                '0000-00',
                '9999-99',
                '2026-13',
                '1970-01',
                '0001-01',
              ),
            },
            {
              weight: 2,
              arbitrary: fc
                .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }))
                .map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`),
            },
            { weight: 1, arbitrary: hostileText },
          )
          .map((month) => `${month}.csv`),
        queryOf(['organisationId'], fc.constantFrom(...orgIds, '')),
        fc.constantFrom(...WHO),
        async (file, query, who) => {
          const response = await csvCall(handleSlaReportCsv, '/api/sla-reports/', file, query, who);
          await expectDocumentedAnswer('/api/sla-reports/{file}', 'get', response, { file, query, who });
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('GET /api/metrics: documented answers only, for any Authorization and session', async () => {
    await fc.assert(
      fc.asyncProperty(
        authorization(() => METRICS_TOKEN),
        fc.constantFrom(...WHO),
        fc.constantFrom(METRICS_TOKEN, undefined, '', '  '),
        async (auth, who, token) => {
          const key = auth();
          const session = await sessionOf(who);
          const response = await handleMetricsRequest(get('/api/metrics', { authorization: key }), {
            db: handle.db,
            session: async () => session,
            token,
          });
          await expectDocumentedAnswer('/api/metrics', 'get', response, { key, who, token });
        },
      ),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED, endOnFailure: true },
    );
  });

  const pathAndQuery = fc
    .tuple(hostileText, hostileText)
    .map(([a, b]) => `?${uri(a)}=${uri(b)}&token=${uri(b)}`);

  it('GET /api/openapi.json: the document, as JSON, whatever the query and headers', async () => {
    await fc.assert(
      fc.asyncProperty(pathAndQuery, hostileText, async (query, header) => {
        const request = get(`/api/openapi.json${query}`, {
          'x-request-id': header,
          'x-forwarded-host': header,
        });
        const response = await openApiRoute.GET(request);
        await expectDocumentedAnswer('/api/openapi.json', 'get', response, { query, header });
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED, endOnFailure: true },
    );
  });

  it('POST and GET /status/subscriptions/unsubscribe/one-click: documented answers only', async () => {
    const path = '/status/subscriptions/unsubscribe/one-click';
    const tokens = fc.oneof(
      fc.constant(null).map(() => manageToken),
      fc.constant(''),
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      fc.constant('x'.repeat(43)),
      hostileText,
    );
    await fc.assert(
      fc.asyncProperty(
        tokens,
        fc.constantFrom('query', 'form', 'both', 'none'),
        fc.constantFrom(...CONTENT_TYPES),
        fc.oneof(fc.constant(null), fc.constantFrom(...RAW_BODIES)),
        fc.constantFrom('POST', 'POST', 'GET'),
        async (token, where, type, raw, method) => {
          const inQuery = where === 'query' || where === 'both';
          const inForm = where === 'form' || where === 'both';
          const url = `${ORIGIN}${path}${inQuery ? `?token=${uri(token)}` : ''}`;
          const body =
            method === 'GET'
              ? null
              : inForm
                ? `List-Unsubscribe=One-Click&token=${uri(token)}`
                : (raw ?? null);
          const request = new Request(url, {
            method,
            body,
            headers: type && method === 'POST' ? { 'content-type': type } : {},
          });
          const response = await (method === 'GET'
            ? unsubscribeRoute.GET(request)
            : unsubscribeRoute.POST(request));
          await expectDocumentedAnswer(path, method.toLowerCase(), response, {
            token,
            where,
            type,
            method,
            body,
          });
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
  it('reached past validation: every endpoint answered a 2xx and a 4xx at least once', () => {
    if (process.env.FUZZ_STATS) console.log(Object.fromEntries([...reached].map(([k, v]) => [k, [...v]])));
    for (const [endpoint, statuses] of reached) {
      if (
        endpoint === 'GET /api/openapi.json' ||
        endpoint === 'GET /status/subscriptions/unsubscribe/one-click'
      )
        continue;
      expect(
        [...statuses].some((s) => s < 300),
        endpoint,
      ).toBe(true);
      expect(
        [...statuses].some((s) => s >= 400),
        endpoint,
      ).toBe(true);
    }
    reached.clear();
  });
});
