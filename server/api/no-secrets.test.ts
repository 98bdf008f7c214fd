import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { NextAuthOptions } from 'next-auth';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import type { DatabaseHandle } from '../../db/client';
import { integrations, statusSubscribers, users, webhookEndpoints } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { hostileFor, type Pools } from '../../test/hostile-input';
import { postCredentials } from '../../test/next-auth';
import { poolsOf } from '../../test/pools';
import { useDemoWorld } from '../../test/suite';
import { allProcedures, trpcHttp } from '../../test/trpc-http';
import type { DemoWorld } from '../../test/world';
import { REPORT_FILES } from '../../workflows/reports/constants';
import { STATUSPAGE_SHAPES } from '../../workflows/status/statuspage-shapes';
import { type AuthDependencies, createAuthOptions } from '../auth/options';
import { handleMetricsRequest } from '../observability/metrics-http';
import { createIntegration } from '../services/integrations/create';
import {
  subscriberSigningSecret,
  subscriberToken,
  tokenHash,
} from '../services/subscriptions/internal/tokens';
import { postGuardedJson } from '../services/subscriptions/internal/transport';
import { sweepWebhookDeliveries, type WebhookSender } from '../services/webhooks/sweep-deliveries';
import { handleAlertmanager, RateLimiter } from './integrations-http';
import { handleReportCsv } from './report-csv';
import { handleSlaReportCsv } from './sla-report-csv';
import { handleStatusDocument, handleStatusFeed } from './status-http';

// Issue #15: "no secret or password hash in any API response or log line".
// 1. Every tRPC query, as an admin (who may read the most), with plausible inputs over the world's real
//    ids, and every REST output: no bcrypt hash, no stored password hash, no integration key or its
//    digest, no webhook secret (plain or sealed), no subscriber token or signing secret, no auth secret.
//    The one-time reveal (integrations.create, webhooks.create / revealSecret / rotateSecret: mutations)
//    is the only answer allowed to carry a secret, and no query is walked that could.
// 2. Log output while signing in (right, wrong, throttled), creating integrations and users (also when
//    the database fails mid-write), delivering webhooks and refusing keys: none of the same.

const AUTH_SECRET = 'no-secrets-test-auth-secret-0123456789abcdef';
const METRICS_TOKEN = 'no-secrets-metrics-token-0123456789abcdef';
const NEW_PASSWORD = 'Quartz-lantern-orbit-7731';
const BCRYPT = /\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{20,}/;
const ORIGIN = 'http://localhost';
/** Plausible inputs per query (plus none at all): enough to reach past validation into the services. */
const INPUTS_PER_QUERY = 6;

describe.each(testEngines())('no secret in any answer or log line on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  let pools: Pools;
  let options: NextAuthOptions;
  const secrets: { label: string; value: string }[] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value && value.length >= 16) secrets.push({ label, value });
  };
  let receiver: http.Server;
  let receiverUrl = '';
  /** The queries that read the rows holding secrets, called on exactly those rows too. */
  const exact: Record<string, unknown[]> = {};

  useDemoWorld({ open, sla: true }, async (setup) => {
    ({ handle, world } = setup);
    vi.stubEnv('NEXTAUTH_SECRET', AUTH_SECRET);
    vi.stubEnv('WATCHFLOOR_LOG_LEVEL', 'debug');
    vi.stubEnv('WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS', '1');
    // A receiver that fails once, then takes everything: deliveries with a retry, on loopback.
    let calls = 0;
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(++calls === 1 ? 500 : 204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    options = createAuthOptions({
      database: async () => handle.db,
      now: world.clock.now,
      secret: AUTH_SECRET,
    });
    const admin = await world.as('admin@watchfloor.test');
    const integration = await createIntegration(admin, {
      organisationId: world.org('acme').id,
      kind: 'alertmanager',
      name: 'no-secrets',
      defaultServiceId: world.service('acme', 'website').id,
    });
    add('integration key', integration.key);
    const api = trpcHttp(handle.db, world);
    const webhook = await api.call('admin', 'webhooks.create', {
      organisationId: world.org('acme').id,
      url: receiverUrl,
      description: 'no-secrets receiver',
      eventTypes: ['ticket.created'],
    });
    expect(webhook.status, webhook.text).toBe(200);
    const made = (
      webhook.body as { result: { data: { json: { secret: string; endpoint: { id: string } } } } }
    ).result.data.json;
    add('webhook secret', made.secret);
    exact['webhooks.deliveries'] = [{ endpointId: made.endpoint.id }];
    const created = await api.call('admin', 'users.create', {
      name: 'Casey New',
      email: 'casey.new@watchfloor.test',
      role: 'noc_engineer',
      organisationId: world.org('watchfloor').id,
      password: NEW_PASSWORD,
    });
    expect(created.status, created.text).toBe(200);
    add('a new password', NEW_PASSWORD);
    const newUser = (created.body as { result: { data: { json: { id: string } } } }).result.data.json;
    exact['users.get'] = [
      { userId: newUser.id },
      { userId: (await world.actor('admin@watchfloor.test')).id },
    ];
    const subscriberId = crypto.randomUUID();
    await handle.db.insert(statusSubscribers).values({
      id: subscriberId,
      organisationId: world.org('acme').id,
      channel: 'webhook',
      target: 'https://hooks.example.com/status',
      confirmTokenHash: tokenHash(subscriberToken('confirm', subscriberId)),
      manageTokenHash: tokenHash(subscriberToken('manage', subscriberId)),
      confirmedAt: world.clock.now(),
      createdAt: world.clock.now(),
    });
    add('subscriber manage token', subscriberToken('manage', subscriberId));
    add('subscriber signing secret', subscriberSigningSecret(subscriberId));
    for (const row of await handle.db.select({ hash: users.passwordHash }).from(users))
      add('password hash', row.hash);
    for (const row of await handle.db.select({ hash: integrations.keyHash }).from(integrations))
      add('key digest', row.hash);
    for (const row of await handle.db
      .select({ sealed: webhookEndpoints.secretCiphertext })
      .from(webhookEndpoints))
      add('sealed webhook secret', row.sealed);
    add('auth secret', AUTH_SECRET);
    add('metrics token', METRICS_TOKEN);
    pools = await poolsOf(handle);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    return new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  function expectNoSecret(text: string, where: string) {
    expect(text, `${where}: a bcrypt hash`).not.toMatch(BCRYPT);
    for (const { label, value } of secrets)
      expect(text.includes(value), `${where}: the ${label}`).toBe(false);
  }

  it('has the secrets it looks for (the scan is not vacuous)', () => {
    const labels = new Set(secrets.map((s) => s.label));
    for (const label of [
      'integration key',
      'webhook secret',
      'password hash',
      'key digest',
      'sealed webhook secret',
      'subscriber signing secret',
    ])
      expect(labels, label).toContain(label);
  });

  it('every tRPC query, as an admin, answers without a secret', async () => {
    const api = trpcHttp(handle.db, world);
    const queries = Object.entries(allProcedures()).filter(([, p]) => p._def.type === 'query');
    expect(queries.length).toBeGreaterThan(30);
    const answered = new Set<string>();
    for (const [path, procedure] of queries) {
      const schema = procedure._def.inputs[0] as z.ZodType | undefined;
      const inputs: unknown[] = [undefined, ...(exact[path] ?? [])];
      if (schema)
        inputs.push(
          ...fc.sample(hostileFor(schema, pools, 'clean'), { numRuns: INPUTS_PER_QUERY, seed: 15 }),
        );
      for (const input of inputs) {
        const answer = await api.call('admin', path, input);
        if (answer.status === 200) answered.add(path);
        expectNoSecret(answer.text, `${path}(${JSON.stringify(input)?.slice(0, 120)})`);
      }
    }
    // Reach: most queries answered with data at least once (the rest need an exact id pair or so).
    const missed = queries.map(([path]) => path).filter((path) => !answered.has(path));
    expect(answered.size / queries.length, `never answered: ${missed.join(', ')}`).toBeGreaterThan(0.7);
    for (const path of [
      'users.list',
      'users.get',
      'integrations.list',
      'webhooks.list',
      'webhooks.deliveries',
    ])
      if (path in allProcedures()) expect(answered, path).toContain(path);
  });

  it('every REST output (status JSON, feeds, report CSVs, metrics) answers without a secret', async () => {
    const session = async () => {
      const { type: _type, ...user } = await world.actor('admin@watchfloor.test');
      return { user: { ...user, name: 'admin' }, expires: '2099-01-01T00:00:00.000Z' };
    };
    const now = world.clock.now();
    for (const slug of ['acme', 'globex']) {
      for (const name of Object.keys(STATUSPAGE_SHAPES)) {
        const response = await handleStatusDocument(new Request(`${ORIGIN}/x`), slug, name, {
          db: handle.db,
          now,
        });
        expectNoSecret(await response.text(), `${slug} ${name}`);
      }
      for (const format of ['atom', 'rss'] as const)
        expectNoSecret(
          await (
            await handleStatusFeed(new Request(`${ORIGIN}/x`), slug, format, { db: handle.db, now })
          ).text(),
          `${slug} ${format}`,
        );
    }
    const context = async () => ({ db: handle.db, session: await session(), now: world.clock.now });
    for (const file of REPORT_FILES) {
      const response = await handleReportCsv(new Request(`${ORIGIN}/x?period=90d`), `${file}.csv`, context);
      expect(response.status).toBe(200);
      expectNoSecret(await response.text(), `${file}.csv`);
    }
    const sla = await handleSlaReportCsv(
      new Request(`${ORIGIN}/x?organisationId=${world.org('acme').id}`),
      '2026-10.csv',
      context,
    );
    expect(sla.status).toBe(200);
    expectNoSecret(await sla.text(), 'SLA report CSV');
    const metrics = await handleMetricsRequest(new Request(`${ORIGIN}/api/metrics`), {
      db: handle.db,
      session,
      token: METRICS_TOKEN,
    });
    expect(metrics.status).toBe(200);
    expectNoSecret(await metrics.text(), '/api/metrics');
  });

  // --- Logs ------------------------------------------------------------------------------------------------

  let lines: string[] = [];
  const capture = () => {
    lines = [];
    const keep = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(keep);
    vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  };
  afterEach(() => vi.restoreAllMocks());
  function expectCleanLogs(where: string, extra: string[] = []) {
    const text = lines.join('');
    expectNoSecret(text, `log during ${where}`);
    for (const value of extra) expect(text.includes(value), `log during ${where}: ${value}`).toBe(false);
    expect(text, `log during ${where}: an Authorization header value`).not.toMatch(
      /Bearer\s+[A-Za-z0-9_-]{8,}/,
    );
  }

  it('signing in (right, wrong, throttled) logs no password, hash or secret', async () => {
    capture();
    const from = { 'x-forwarded-for': '198.51.100.20' };
    const ok = await postCredentials(
      options,
      { email: 'casey.new@watchfloor.test', password: NEW_PASSWORD },
      from,
    );
    expect(ok.status).toBe(200);
    const wrongPassword = 'Wrong-password-for-casey-42';
    for (let i = 0; i < 7; i++)
      await postCredentials(options, { email: 'casey.new@watchfloor.test', password: wrongPassword }, from);
    // A database failing mid sign-in: the error path logs, with the request in hand.
    const broken = createAuthOptions({
      // Every query fails as a lost connection does, its message naming the database URL.
      database: async () =>
        new Proxy({} as Awaited<ReturnType<AuthDependencies['database']>>, {
          get(_target, property) {
            if (property === 'then') return undefined;
            throw new Error(
              'connection to postgres://watchfloor:db-password-0123456789@db.internal/wf refused',
            );
          },
        }),
      now: world.clock.now,
      secret: AUTH_SECRET,
    });
    await postCredentials(broken, { email: 'casey.new@watchfloor.test', password: NEW_PASSWORD }, from);
    vi.restoreAllMocks();
    expect(lines.join('')).toContain('password sign-in failed');
    expectCleanLogs('sign-in', [wrongPassword, 'db-password-0123456789']);
  });

  it('creating integrations and users, also when the database fails mid-write, logs no key, password or hash', async () => {
    const api = trpcHttp(handle.db, world);
    // The database refuses each such insert as an unexpected error would: the whole row is in the query.
    await handle.db.execute(sql`
      create function no_secrets_refuse() returns trigger language plpgsql as $$
      begin raise exception 'refused by test trigger'; end $$`);
    await handle.db.execute(
      sql`create trigger no_secrets_users before insert on users for each row execute function no_secrets_refuse()`,
    );
    await handle.db.execute(
      sql`create trigger no_secrets_integrations before insert on integrations for each row execute function no_secrets_refuse()`,
    );
    capture();
    try {
      const user = await api.call('admin', 'users.create', {
        name: 'Dana Fails',
        email: 'dana.fails@watchfloor.test',
        role: 'soc_analyst',
        organisationId: world.org('watchfloor').id,
        password: 'Marble-violet-harbour-5512',
      });
      const integration = await api.call('admin', 'integrations.create', {
        organisationId: world.org('acme').id,
        kind: 'events_v2',
        name: 'fails',
        defaultServiceId: world.service('acme', 'website').id,
      });
      vi.restoreAllMocks();
      expect(user.status).toBe(500);
      expect(integration.status).toBe(500);
    } finally {
      vi.restoreAllMocks();
      await handle.db.execute(sql`drop trigger no_secrets_users on users`);
      await handle.db.execute(sql`drop trigger no_secrets_integrations on integrations`);
      await handle.db.execute(sql`drop function no_secrets_refuse()`);
    }
    expect(lines.join('')).toContain('unexpected error');
    expectCleanLogs('failed creations', ['Marble-violet-harbour-5512']);
  });

  it('delivering webhooks (a failure, then a retry) and refusing keys logs no secret or Authorization', async () => {
    capture();
    const api = trpcHttp(handle.db, world);
    // Something to deliver: a new ticket on Acme (the endpoint wants ticket.created).
    const ticket = await api.call('noc', 'tickets.create', {
      title: 'Mail relay queue growing',
      description: 'Queue at 12k',
      organisationId: world.org('acme').id,
      serviceIds: [world.service('acme', 'email').id],
      impact: 'medium',
      urgency: 'medium',
    });
    expect(ticket.status, ticket.text).toBe(200);
    const send: WebhookSender = (url, body, headers) =>
      postGuardedJson(url, body, headers, { allowPrivate: true });
    const first = await sweepWebhookDeliveries(handle.db, world.clock.now(), { send, random: () => 0.5 });
    expect(first.retried).toBeGreaterThan(0);
    const later = new Date(world.clock.now().getTime() + 60 * 60_000);
    const second = await sweepWebhookDeliveries(handle.db, later, { send, random: () => 0.5 });
    expect(second.delivered).toBeGreaterThan(0);
    // Refused deliveries: a revoked-looking key and a malformed one, in the Authorization header.
    const deps = { db: handle.db, now: world.clock.now, limiter: new RateLimiter(() => 0) };
    for (const authorization of [`Bearer ${'k'.repeat(43)}`, 'Bearer not-a-key-at-all-0123456789'])
      await handleAlertmanager(
        new Request(`${ORIGIN}/api/integrations/alertmanager`, {
          method: 'POST',
          body: '{}',
          headers: { authorization, 'content-type': 'application/json' },
        }),
        deps,
      );
    vi.restoreAllMocks();
    expectCleanLogs('webhook delivery and refused keys', ['k'.repeat(43), 'not-a-key-at-all-0123456789']);
  });
});
