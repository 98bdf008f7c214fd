import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { statusSubscribers, tickets } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { useDemoWorld } from '../../test/suite';
import { drive, incidentInput, ticketIn } from '../../test/tickets';
import { allProcedures, trpcHttp } from '../../test/trpc-http';
import type { DemoEmail, DemoWorld } from '../../test/world';
import { REPORT_FILES } from '../../workflows/reports/constants';
import { STATUSPAGE_SHAPES } from '../../workflows/status/statuspage-shapes';
import { handleMetricsRequest } from '../observability/metrics-http';
import { createIntegration } from '../services/integrations/create';
import { revokeIntegration } from '../services/integrations/revoke';
import type { CreateIntegrationInput } from '../services/integrations/schemas';
import { publishNotice } from '../services/security/publish-notice';
import { invalidateStatusSnapshot } from '../services/status/cache';
import { getStatusIncident } from '../services/status/get-status-incident';
import { getStatusPage } from '../services/status/get-status-page';
import { listIncidentHistory } from '../services/status/list-incident-history';
import { publishStatusUpdate } from '../services/status/publish-update';
import { subscriberToken, tokenHash } from '../services/subscriptions/internal/tokens';
import { commentOnTicket } from '../services/tickets/comment';
import { createTicket } from '../services/tickets/create';
import {
  handleAlertmanager,
  handleChangeEnqueue,
  handleEnqueue,
  handleHeartbeat,
  type IngestHttpDeps,
  RateLimiter,
} from './integrations-http';
import { handleReportCsv } from './report-csv';
import { handleSlaReportCsv } from './sla-report-csv';
import { handleStatusDocument, handleStatusFeed } from './status-http';

// Issue #15, "Security": the authorization matrix of every REST route (app/**/route.ts), the tRPC HTTP
// endpoint for session-less calls, and the pages' data services behind the public and portal pages.
// Each table is the expected HTTP status per caller; the need-to-know block then reads every public and
// customer output for what it must never contain (a security incident, a portal-only notice).
// The tRPC procedures × roles matrix itself is authorization-matrix.test.ts.

// The one-click unsubscribe route reads its database from getDatabase(): the world's, here.
const handles = vi.hoisted(() => ({ current: null as DatabaseHandle | null }));
vi.mock('../../db/client', async (actual) => ({
  ...(await actual<typeof import('../../db/client')>()),
  getDatabase: async () => handles.current!,
}));
const unsubscribeRoute = await import('../../app/status/subscriptions/unsubscribe/one-click/route');
const openApiRoute = await import('../../app/api/openapi.json/route');

const ORIGIN = 'http://localhost';
const METRICS_TOKEN = 'rest-matrix-metrics-token-0123456789abcdef';
const MARK = 'NTK-7Q2X';

/** Every caller a session-reading route can meet, in the order of the tables' cells. */
const ROLES = [
  'anonymous',
  'admin',
  'manager',
  'noc',
  'soc',
  'customer (own org)',
  'customer (other org)',
] as const;
type Role = (typeof ROLES)[number];
const EMAIL: Record<Exclude<Role, 'anonymous'>, DemoEmail> = {
  admin: 'admin@watchfloor.test',
  manager: 'manager@watchfloor.test',
  noc: 'noc@watchfloor.test',
  soc: 'soc@watchfloor.test',
  'customer (own org)': 'customer@acme.test',
  'customer (other org)': 'customer@globex.test',
};
/** A row of a table: one status per role, in ROLES order. */
const row = (...statuses: number[]): Record<string, number> =>
  Object.fromEntries(ROLES.map((role, i) => [role, statuses[i]!]));

/** Ingestion: the credential a delivery carries. */
const KEYS = ['no key', 'own key', "other org's key", 'revoked key', 'wrong-kind key'] as const;
type KeyCase = (typeof KEYS)[number];
const keyRow = (...statuses: number[]): Record<string, number> =>
  Object.fromEntries(KEYS.map((key, i) => [key, statuses[i]!]));

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/integrations/${name}`, import.meta.url), 'utf8');

describe.each(testEngines())('REST authorization matrix on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  let deps: IngestHttpDeps;
  /** Keys by kind: Acme's (own), Globex's (other), a revoked Acme one. */
  const keys: Record<'own' | 'other' | 'revoked', Record<string, string>> = {
    own: {},
    other: {},
    revoked: {},
  };
  const ids = { outage: '', outageNumber: '', incident: '', incidentNumber: '', subscriber: '' };
  let manageToken = '';

  useDemoWorld({ open, sla: true }, async (setup) => {
    ({ handle, world } = setup);
    handles.current = handle;
    deps = { db: handle.db, now: world.clock.now, limiter: new RateLimiter(() => 0) };
    const admin = await world.as('admin@watchfloor.test');
    const make = async (org: 'acme' | 'globex', kind: CreateIntegrationInput['kind']) =>
      createIntegration(admin, {
        organisationId: world.org(org).id,
        kind,
        name: `matrix ${org} ${kind}`,
        defaultServiceId: world.service(org, org === 'acme' ? 'website' : 'sd-wan').id,
        rateLimitPerMinute: 10_000,
        ...(kind === 'heartbeat' ? { heartbeatIntervalMinutes: 5 } : {}),
      });
    for (const kind of ['alertmanager', 'events_v2', 'heartbeat'] as const) {
      keys.own[kind] = (await make('acme', kind)).key;
      keys.other[kind] = (await make('globex', kind)).key;
      const revoked = await make('acme', kind);
      await revokeIntegration(admin, { id: revoked.id });
      keys.revoked[kind] = revoked.key;
    }

    // Need-to-know fixtures, all on Acme: a published outage (what may show), a security incident with an
    // internal comment and a customers-only notice (what must not), and a public notice (what may).
    const noc = await world.as('noc@watchfloor.test');
    const outage = await ticketIn(world, 'outage', 'investigating', {
      serviceIds: [world.service('acme', 'website').id],
    });
    ids.outage = outage.id;
    ids.outageNumber = outage.number;
    await publishStatusUpdate(noc, {
      ticketId: outage.id,
      title: 'Acme website unreachable',
      status: 'investigating',
      body: 'We are investigating reports that the website does not load.',
      components: [{ serviceId: world.service('acme', 'website').id, status: 'major_outage' }],
    });
    const soc = await world.as('soc@watchfloor.test');
    const incident = await createTicket(
      soc,
      incidentInput(world, {
        title: `${MARK} credential stuffing on the finance portal`,
        description: `${MARK} description`,
        serviceIds: [world.service('acme', 'website').id],
      }),
    );
    await drive(soc, incident.id, [{ type: 'CONFIRM' }]);
    await commentOnTicket(soc, { id: incident.id, body: `${MARK} internal: attacker IP 203.0.113.9` });
    await publishNotice(soc, {
      id: incident.id,
      title: `${MARK} portal-only notice`,
      body: `${MARK} customers-only body`,
      audience: 'customers',
    });
    ids.incident = incident.id;
    ids.incidentNumber = incident.number;

    // A subscriber, for one-click unsubscribe (its token derived as the mail's is).
    ids.subscriber = randomUUID();
    manageToken = subscriberToken('manage', ids.subscriber);
    await handle.db.insert(statusSubscribers).values({
      id: ids.subscriber,
      organisationId: world.org('acme').id,
      channel: 'email',
      target: 'matrix@example.com',
      confirmTokenHash: tokenHash(subscriberToken('confirm', ids.subscriber)),
      manageTokenHash: tokenHash(manageToken),
      confirmedAt: world.clock.now(),
      createdAt: world.clock.now(),
    });
    invalidateStatusSnapshot();
  });
  beforeAll(() => {
    vi.stubEnv('NEXTAUTH_SECRET', 'rest-matrix-test-secret-0123456789abcdef');
  });

  const sessionOf = async (role: Role): Promise<Session | null> => {
    if (role === 'anonymous') return null;
    const { type: _type, ...user } = await world.actor(EMAIL[role]);
    return { user: { ...user, name: EMAIL[role] }, expires: '2099-01-01T00:00:00.000Z' } as Session;
  };
  const contextOf = (role: Role) => async () => ({
    db: handle.db,
    session: await sessionOf(role),
    now: world.clock.now,
  });
  /** One route's answers across every role. */
  async function statusesBy(call: (role: Role) => Promise<Response>): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const role of ROLES) out[role] = (await call(role)).status;
    return out;
  }

  // --- Routes that read the session ---------------------------------------------------------------------

  const metrics = (authorization: string | null | (() => string)) => (role: Role) => {
    const value = typeof authorization === 'function' ? authorization() : authorization;
    return handleMetricsRequest(
      new Request(`${ORIGIN}/api/metrics`, { headers: value ? { authorization: value } : {} }),
      { db: handle.db, session: () => sessionOf(role), token: METRICS_TOKEN },
    );
  };
  const reportCsv = (file: string) => (role: Role) =>
    handleReportCsv(new Request(`${ORIGIN}/api/reports/${file}?period=90d`), file, contextOf(role));
  const slaCsv = (query: () => string) => (role: Role) =>
    handleSlaReportCsv(
      new Request(`${ORIGIN}/api/sla-reports/2026-10.csv?${query()}`),
      '2026-10.csv',
      contextOf(role),
    );

  const SESSION_ROUTES: {
    route: string;
    call: (role: Role) => Promise<Response>;
    expect: Record<string, number>;
  }[] = [
    // Operators only: an admin's session, or the scraper's token (which then decides alone).
    {
      route: 'GET /api/metrics (session)',
      call: metrics(null),
      expect: row(401, 200, 403, 403, 403, 403, 403),
    },
    {
      route: 'GET /api/metrics (right token)',
      call: metrics(`Bearer ${METRICS_TOKEN}`),
      expect: row(200, 200, 200, 200, 200, 200, 200),
    },
    {
      route: 'GET /api/metrics (wrong token beats an admin session)',
      call: metrics(`Bearer ${METRICS_TOKEN.slice(0, -1)}x`),
      expect: row(401, 401, 401, 401, 401, 401, 401),
    },
    {
      route: 'GET /api/metrics (a wrong-kind key: an integration key as the token)',
      call: metrics(() => `Bearer ${keys.own.alertmanager}`),
      expect: row(401, 401, 401, 401, 401, 401, 401),
    },
    // The report CSVs are the /reports page's tables, for staff; a customer's SLA lives in the portal.
    ...REPORT_FILES.map((file) => ({
      route: `GET /api/reports/${file}.csv`,
      call: reportCsv(`${file}.csv`),
      expect: row(401, 200, 200, 200, 200, 403, 403),
    })),
    {
      // Another organisation's report is a 404 for a customer, as if it did not exist.
      route: 'GET /api/sla-reports/2026-10.csv?organisationId=<Acme>',
      call: slaCsv(() => `organisationId=${world.org('acme').id}`),
      expect: row(401, 200, 200, 200, 200, 200, 404),
    },
    {
      route: 'GET /api/sla-reports/2026-10.csv (no organisation named)',
      call: slaCsv(() => ''),
      expect: row(401, 400, 400, 400, 400, 200, 200),
    },
  ];

  it.each(SESSION_ROUTES)('$route', async ({ call, expect: expected }) => {
    expect(await statusesBy(call)).toEqual(expected);
  });

  it("an SLA report CSV is the customer's own organisation's; naming another's reveals nothing of it", async () => {
    const own = await (await slaCsv(() => '')('customer (other org)')).text();
    expect(own).toContain('SD-WAN');
    expect(own).not.toContain('Website');
    const other = await (
      await slaCsv(() => `organisationId=${world.org('acme').id}`)('customer (other org)')
    ).text();
    expect(other).not.toContain('Acme');
    expect(other).not.toContain('Website');
  });

  // --- The tRPC endpoint without a session ----------------------------------------------------------------

  /** The procedures anyone may call (publicProcedure): a visitor subscribing to a status page. */
  const PUBLIC_PROCEDURES = ['subscriptions.subscribe', 'subscriptions.confirm', 'subscriptions.unsubscribe'];

  it('POST/GET /api/trpc without a session: every procedure but the public ones answers 401', async () => {
    const http = trpcHttp(handle.db, world);
    const paths = Object.keys(allProcedures());
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) {
      // A subscription is an EventSource: a GET of its event stream.
      const answer =
        allProcedures()[path]!._def.type === 'subscription'
          ? await http.send('anonymous', new Request(`${ORIGIN}/api/trpc/${path}`))
          : await http.call('anonymous', path, {});
      const where = `${path} → ${answer.status} ${answer.text.slice(0, 200)}`;
      if (allProcedures()[path]!._def.type === 'subscription') {
        // An event stream even for an error: the error is its first event.
        expect(answer.text, where).toContain('UNAUTHORIZED');
      } else if (PUBLIC_PROCEDURES.includes(path)) {
        expect(answer.status, where).toBe(400);
      } else {
        expect(answer.status, where).toBe(401);
        expect(answer.text, where).toContain('UNAUTHORIZED');
      }
    }
  });

  it('a batch that hides one protected call among public ones is refused for that call', async () => {
    const http = trpcHttp(handle.db, world);
    const answer = await http.batch('anonymous', [
      { path: 'subscriptions.unsubscribe', input: { token: 'x'.repeat(43) } },
      { path: 'users.create', input: { email: 'mallory@example.com' } },
    ]);
    const parts = answer.body as { error?: { json: { data: { code: string } } } }[];
    expect(parts[1]?.error?.json.data.code).toBe('UNAUTHORIZED');
  });

  // --- Portal data over tRPC HTTP: a denied read is 404 -----------------------------------------------

  it('portal and ticket reads answer 404 (never 403) for a security incident or another organisation', async () => {
    const http = trpcHttp(handle.db, world);
    const acmeCustomerSees = await http.call('customer', 'portal.ticket', { id: ids.incident });
    expect(acmeCustomerSees.status).toBe(404);
    expect((await http.call('customer', 'tickets.get', { id: ids.incident })).status).toBe(404);
    expect((await http.call('customer', 'portal.ticket', { id: ids.outage })).status).toBe(200);
    expect((await http.call('noc', 'tickets.get', { id: ids.incident })).status).toBe(404);
    // The other organisation's customer, through the route handler with its own session.
    const globex = await sessionOf('customer (other org)');
    const { handleTrpcRequest } = await import('./http');
    const response = await handleTrpcRequest(
      new Request(
        `${ORIGIN}/api/trpc/portal.ticket?input=${encodeURIComponent(JSON.stringify({ json: { id: ids.outage } }))}`,
      ),
      async () => ({ db: handle.db, session: globex, now: world.clock.now }),
    );
    expect(response.status).toBe(404);
    const list = await http.call('customer', 'portal.tickets', {});
    expect(list.status).toBe(200);
    expect(list.text).toContain(`"${ids.outageNumber}"`);
    expect(list.text).not.toContain(ids.incidentNumber);
    expect(list.text).not.toContain(MARK);
  });

  // --- Public routes: no session is read, so every caller gets the same answer ----------------------------

  const DOCUMENTS = Object.keys(STATUSPAGE_SHAPES);
  /** The pages a slug may name: public customer pages, the operator's own (not public), none. */
  const SLUGS = { acme: 200, globex: 200, watchfloor: 404, 'no-such-page': 404 } as const;
  const document = (slug: string, name: string) =>
    handleStatusDocument(new Request(`${ORIGIN}/status/${slug}/api/v2/${name}`), slug, name, {
      db: handle.db,
      now: world.clock.now(),
    });
  const feed = (slug: string, format: 'atom' | 'rss') =>
    handleStatusFeed(new Request(`${ORIGIN}/status/${slug}/history.${format}`), slug, format, {
      db: handle.db,
      now: world.clock.now(),
    });

  it.each([
    ...DOCUMENTS.map((name) => ({
      route: `GET /status/{slug}/api/v2/${name}`,
      call: (s: string) => document(s, name),
    })),
    { route: 'GET /status/{slug}/history.atom', call: (s: string) => feed(s, 'atom') },
    { route: 'GET /status/{slug}/history.rss', call: (s: string) => feed(s, 'rss') },
  ])('$route: 200 for a public page, 404 (never 403) for a private or unknown one', async ({ call }) => {
    const answers: Record<string, number> = {};
    for (const slug of Object.keys(SLUGS)) answers[slug] = (await call(slug)).status;
    expect(answers).toEqual(SLUGS);
  });

  it("the status pages' data: history and incident pages exist only for a public page's published outages", async () => {
    const now = world.clock.now();
    expect(await listIncidentHistory(handle.db, 'acme', now, 0)).not.toBeNull();
    expect(await listIncidentHistory(handle.db, 'watchfloor', now, 0)).toBeNull();
    expect(await getStatusIncident(handle.db, 'acme', ids.outage, now)).not.toBeNull();
    // Another page's incident, a security incident, an unknown id: all simply not found.
    expect(await getStatusIncident(handle.db, 'globex', ids.outage, now)).toBeNull();
    expect(await getStatusIncident(handle.db, 'acme', ids.incident, now)).toBeNull();
    expect(await getStatusIncident(handle.db, 'acme', randomUUID(), now)).toBeNull();
  });

  it('GET /api/openapi.json: 200 for anyone', async () => {
    expect((await openApiRoute.GET(new Request(`${ORIGIN}/api/openapi.json`))).status).toBe(200);
  });

  it('one-click unsubscribe: the token is the whole authority (valid 200, again 200, unknown 404; GET 303)', async () => {
    const path = '/status/subscriptions/unsubscribe/one-click';
    const post = (token: string, headers: Record<string, string> = {}) =>
      unsubscribeRoute.POST(
        new Request(`${ORIGIN}${path}?token=${token}`, {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        }),
      );
    expect((await post('A'.repeat(43))).status).toBe(404);
    // A mail provider posts from its own servers: cross-site by nature, and no cookie involved.
    expect(
      (await post(manageToken, { origin: 'https://mail.example', 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(200);
    expect((await post(manageToken)).status).toBe(200);
    expect((await unsubscribeRoute.GET(new Request(`${ORIGIN}${path}?token=${manageToken}`))).status).toBe(
      303,
    );
  });

  // --- Ingestion: the key is the only credential ----------------------------------------------------------

  const keyOf = (route: 'alertmanager' | 'events_v2' | 'heartbeat', which: KeyCase): string | null => {
    const wrongKind = route === 'events_v2' ? 'alertmanager' : 'events_v2';
    switch (which) {
      case 'no key':
        return null;
      case 'own key':
        return keys.own[route]!;
      case "other org's key":
        return keys.other[route]!;
      case 'revoked key':
        return keys.revoked[route]!;
      case 'wrong-kind key':
        return keys.own[wrongKind]!;
    }
  };
  const bearer = (key: string | null): Record<string, string> =>
    key ? { authorization: `Bearer ${key}` } : {};
  /** The body with this routing key, or with none at all. */
  const withRoutingKey = (body: string, key: string | null) => {
    const { routing_key: _fixtureKey, ...rest } = JSON.parse(body) as Record<string, unknown>;
    return JSON.stringify({ ...rest, ...(key ? { routing_key: key } : {}) });
  };
  const postJson = (path: string, body: string, headers: Record<string, string>) =>
    new Request(`${ORIGIN}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  const INGESTION = [
    {
      route: 'POST /api/integrations/alertmanager',
      send: (which: KeyCase) =>
        handleAlertmanager(
          postJson(
            '/api/integrations/alertmanager',
            fixture('alertmanager-v4-firing.json'),
            bearer(keyOf('alertmanager', which)),
          ),
          deps,
        ),
      expect: keyRow(401, 200, 200, 401, 403),
    },
    {
      route: 'POST /api/integrations/heartbeat',
      send: (which: KeyCase) =>
        handleHeartbeat(postJson('/api/integrations/heartbeat', '', bearer(keyOf('heartbeat', which))), deps),
      expect: keyRow(401, 200, 200, 401, 403),
    },
    {
      route: 'POST /v2/enqueue',
      send: (which: KeyCase) =>
        handleEnqueue(
          postJson(
            '/v2/enqueue',
            withRoutingKey(fixture('events-v2-trigger.json'), keyOf('events_v2', which)),
            {},
          ),
          deps,
        ),
      expect: keyRow(400, 202, 202, 401, 403),
    },
    {
      route: 'POST /v2/change/enqueue',
      send: (which: KeyCase) =>
        handleChangeEnqueue(
          postJson(
            '/v2/change/enqueue',
            withRoutingKey(
              JSON.stringify({ payload: { summary: 'Deployed v42', source: 'ci' } }),
              keyOf('events_v2', which),
            ),
            {},
          ),
          deps,
        ),
      expect: keyRow(400, 202, 202, 401, 403),
    },
  ];

  it.each(INGESTION)('$route × key', async ({ send, expect: expected }) => {
    const answers: Record<string, number> = {};
    for (const which of KEYS) answers[which] = (await send(which)).status;
    expect(answers).toEqual(expected);
  });

  it("another organisation's key files its alert under that organisation, whatever the labels claim", async () => {
    const body = JSON.parse(fixture('alertmanager-v4-firing.json')) as {
      alerts: { labels: Record<string, string>; fingerprint?: string }[];
      groupKey?: string;
    };
    const marker = `cross-org-${randomUUID().slice(0, 8)}`;
    body.groupKey = marker;
    for (const alert of body.alerts) {
      alert.labels = {
        ...alert.labels,
        alertname: marker,
        organisation: 'acme',
        customer: 'acme',
        service: 'website',
      };
      alert.fingerprint = randomUUID().replace(/-/g, '').slice(0, 16);
    }
    const count = async (org: 'acme' | 'globex') =>
      (
        await handle.db
          .select({ id: tickets.id })
          .from(tickets)
          .where(eq(tickets.organisationId, world.org(org).id))
      ).length;
    const before = { acme: await count('acme'), globex: await count('globex') };
    const response = await handleAlertmanager(
      postJson('/api/integrations/alertmanager', JSON.stringify(body), bearer(keys.other.alertmanager!)),
      deps,
    );
    expect(response.status).toBe(200);
    expect(await count('globex')).toBeGreaterThan(before.globex);
    expect(await count('acme')).toBe(before.acme);
  });

  // --- Need-to-know: what public and customer outputs never contain ----------------------------------------

  /** Every security incident's title and number, and the markers of the internal and portal-only texts. */
  async function secrets(): Promise<string[]> {
    const rows = await handle.db
      .select({ title: tickets.title, number: tickets.number })
      .from(tickets)
      .where(eq(tickets.kind, 'security'));
    expect(rows.length).toBeGreaterThan(1);
    return [MARK, ...rows.map((r) => r.title)];
  }
  function expectNone(text: string, forbidden: string[], where: string) {
    for (const secret of forbidden) expect(text, `${where} leaks "${secret}"`).not.toContain(secret);
    expect(text, where).not.toMatch(/\bSEC-\d+/);
  }

  it("public status outputs (every Statuspage document, both feeds, the pages' data) hold no security incident", async () => {
    const forbidden = await secrets();
    const now = world.clock.now();
    let sawPublished = false;
    for (const slug of ['acme', 'globex']) {
      for (const name of DOCUMENTS) {
        const text = await (await document(slug, name)).text();
        expectNone(text, forbidden, `${slug} ${name}`);
        sawPublished ||= text.includes('Acme website unreachable');
      }
      for (const format of ['atom', 'rss'] as const)
        expectNone(await (await feed(slug, format)).text(), forbidden, `${slug} ${format}`);
      expectNone(JSON.stringify(await getStatusPage(handle.db, slug, now)), forbidden, `${slug} page`);
      expectNone(
        JSON.stringify(await listIncidentHistory(handle.db, slug, now, 0)),
        forbidden,
        `${slug} history`,
      );
    }
    // The scan reads what it should: the published outage is there.
    expect(sawPublished).toBe(true);
  });

  it("customers' outputs (portal over tRPC HTTP, SLA report CSV) hold no security incident but its notice", async () => {
    const forbidden = (await secrets()).filter((s) => s !== MARK);
    const http = trpcHttp(handle.db, world);
    for (const [path, input] of [
      ['portal.tickets', {}],
      ['portal.organisation', undefined],
      ['tickets.list', {}],
      ['search.tickets', { q: 'credential' }],
    ] as const) {
      const answer = await http.call('customer', path, input);
      expect(answer.status, `${path} → ${answer.text.slice(0, 200)}`).toBeLessThan(500);
      expectNone(answer.text, [...forbidden, `${MARK} credential`, `${MARK} internal`], `customer ${path}`);
    }
    for (const role of ['customer (own org)', 'customer (other org)'] as const) {
      const text = await (await slaCsv(() => '')(role)).text();
      expectNone(text, [...forbidden, MARK], `${role} SLA CSV`);
    }
  });

  it('the report CSVs a NOC engineer can download hold no security incident title', async () => {
    const titles = await secrets();
    for (const file of REPORT_FILES) {
      const response = await reportCsv(`${file}.csv`)('noc');
      expect(response.status).toBe(200);
      const text = await response.text();
      for (const title of titles) expect(text, `${file}.csv leaks "${title}"`).not.toContain(title);
    }
  });
});
