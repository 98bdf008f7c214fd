import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { integrations } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { useDemoWorld } from '../../test/suite';
import type { DemoWorld } from '../../test/world';
import { metrics } from '../observability/metrics';
import { createIntegration } from '../services/integrations/create';
import { KEY_CACHE_TTL_MS } from '../services/integrations/internal/key-cache';
import { revokeIntegration } from '../services/integrations/revoke';
import type { CreateIntegrationInput } from '../services/integrations/schemas';
import {
  handleAlertmanager,
  handleChangeEnqueue,
  handleEnqueue,
  type IngestHttpDeps,
  RateLimiter,
} from './integrations-http';
import { alertmanagerAccepted, eventsV2Accepted, eventsV2Invalid } from './openapi/ingestion-shapes';

const fixtureText = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/integrations/${name}`, import.meta.url), 'utf8');
const KB = 1024;

describe.each(testEngines())('alert ingestion endpoints on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let limiterMs = 0;
  let deps: IngestHttpDeps;
  useDemoWorld({ open }, (setup) => {
    ({ db, world } = setup);
    deps = { db, now: world.clock.now, limiter: new RateLimiter(() => limiterMs) };
  });

  async function key(overrides: Partial<CreateIntegrationInput> = {}) {
    const admin = await world.as('admin@watchfloor.test');
    return createIntegration(admin, {
      organisationId: world.org('globex').id,
      kind: 'alertmanager',
      name: 'Prometheus',
      defaultServiceId: world.service('globex', 'dc-fra').id,
      ...overrides,
    });
  }
  const post = (path: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request(`http://localhost${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
      // @ts-expect-error: Node's fetch needs it for a stream body
      duplex: 'half',
    });
  const am = (
    token: string | null,
    body: BodyInit | null = fixtureText('alertmanager-v4-firing.json'),
    headers = {},
  ) =>
    handleAlertmanager(
      post(
        '/api/integrations/alertmanager',
        body,
        token ? { authorization: `Bearer ${token}`, ...headers } : headers,
      ),
      deps,
    );

  describe('POST /api/integrations/alertmanager', () => {
    it('accepts the fixture with a Bearer key, after commit, and repeats nothing on a retry', async () => {
      const { key: token } = await key();
      const first = await am(token);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store, no-transform');
      const answer = await first.json();
      expect(answer).toEqual({
        status: 'success',
        alerts: 2,
        outcomes: { opened: 2 },
        truncatedAlerts: 0,
      });
      // What /api/openapi.json promises is what is sent.
      expect(alertmanagerAccepted.safeParse(answer).success).toBe(true);
      expect(await (await am(token)).json()).toMatchObject({ outcomes: { repeated: 2 } });
    });

    it('answers 401 for a missing, unknown or revoked key', async () => {
      const created = await key();
      const refusals = async () =>
        (await metrics().ingestion.get()).values.find(
          (v) => v.labels.source === 'alertmanager' && v.labels.result === 'unauthorized',
        )?.value ?? 0;
      const refusedBefore = await refusals();
      const missing = await am(null);
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      expect((await am('x'.repeat(43))).status).toBe(401);
      // Accepted first, so the key is in this process's cache when it is revoked: revoking forgets it.
      expect((await am(created.key)).status).toBe(200);
      await revokeIntegration(await world.as('admin@watchfloor.test'), { id: created.id });
      const revoked = await am(created.key);
      expect(revoked.status).toBe(401);
      // Each refused request counts once, on the metrics (/api/metrics).
      expect(await refusals()).toBe(refusedBefore + 3);
      expect(await revoked.json()).toEqual({
        status: 'error',
        message: 'Unknown or revoked integration key',
      });
    });

    it('a key revoked by another process stops working within the cache interval', async () => {
      const created = await key();
      expect((await am(created.key)).status).toBe(200);
      // As another app process would: the row alone changes, this process's cache is not told.
      await db
        .update(integrations)
        .set({ revokedAt: world.clock.now() })
        .where(eq(integrations.id, created.id));
      world.clock.advance(KEY_CACHE_TTL_MS - 1);
      expect((await am(created.key)).status).toBe(200);
      world.clock.advance(1);
      const refused = await am(created.key);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({
        status: 'error',
        message: 'Unknown or revoked integration key',
      });
    });

    it('answers 413 for a body over 512 KB, by Content-Length and by counting a streamed body', async () => {
      const { key: token } = await key();
      const big = 'x'.repeat(513 * KB);
      expect((await am(token, big, { 'content-length': String(big.length) })).status).toBe(413);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 513; i++) controller.enqueue(new Uint8Array(KB).fill(32));
          controller.close();
        },
      });
      const streamed = await am(token, stream);
      expect(streamed.status).toBe(413);
      expect(await streamed.json()).toMatchObject({ message: 'The body is over 512 KB' });
      // Just under the limit is read (and refused for its content, not its size).
      const padded = `${fixtureText('alertmanager-v4-firing.json').trimEnd()}${' '.repeat(500 * KB)}`;
      expect((await am(token, padded)).status).toBe(200);
    });

    it('answers 400 with the field for malformed JSON and wrong types, never 500', async () => {
      const { key: token } = await key();
      const malformed = await am(token, '{"version": "4",');
      expect(malformed.status).toBe(400);
      const wrong = JSON.parse(fixtureText('alertmanager-v4-firing.json'));
      wrong.alerts[1].status = 'exploded';
      wrong.truncatedAlerts = 'many';
      const typed = await am(token, JSON.stringify(wrong));
      expect(typed.status).toBe(400);
      const { errors } = (await typed.json()) as { errors: string[] };
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^alerts\.1\.status: /),
          expect.stringMatching(/^truncatedAlerts: /),
        ]),
      );
      for (const body of ['null', '[]', '"x"', '{}', '\u0000', ''])
        expect((await am(token, body)).status, JSON.stringify(body)).toBe(400);
      const events = await key({ kind: 'events_v2' });
      expect((await am(events.key)).status).toBe(403);
    });

    it('answers 429 with Retry-After past the key rate, and passes again once the bucket refills', async () => {
      const { key: token } = await key({ rateLimitPerMinute: 2 });
      expect((await am(token)).status).toBe(200);
      expect((await am(token)).status).toBe(200);
      const limited = await am(token);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('30');
      // Another key has a bucket of its own.
      expect((await am((await key()).key)).status).toBe(200);
      limiterMs += 30_000;
      expect((await am(token)).status).toBe(200);
    });
  });

  describe('Events API v2', () => {
    const enqueue = (body: unknown) =>
      handleEnqueue(post('/v2/enqueue', typeof body === 'string' ? body : JSON.stringify(body)), deps);

    it('answers 202 with the dedup key, and the invalid-event shape for bad input', async () => {
      const { key: token } = await key({ kind: 'events_v2' });
      const trigger = { ...JSON.parse(fixtureText('events-v2-trigger.json')), routing_key: token };
      const accepted = await enqueue(trigger);
      expect(accepted.status).toBe(202);
      const acceptedBody = await accepted.json();
      expect(acceptedBody).toEqual({
        status: 'success',
        message: 'Event processed',
        dedup_key: 'ids/sensor-7/rule-2019284/10.20.30.40',
      });
      expect(eventsV2Accepted.safeParse(acceptedBody).success).toBe(true);
      const bad = await enqueue({
        routing_key: token,
        event_action: 'trigger',
        payload: { summary: 'x'.repeat(1025), source: 's' },
      });
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { status: string; message: string; errors: string[] };
      expect(body.status).toBe('invalid event');
      expect(eventsV2Invalid.safeParse(body).success).toBe(true);
      expect(body.errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^payload\.summary: /),
          expect.stringMatching(/^payload\.severity: /),
        ]),
      );
      expect(await (await enqueue('{oops')).json()).toMatchObject({ status: 'invalid event' });
      expect((await enqueue({ event_action: 'trigger' })).status).toBe(400);
      const unknown = await enqueue({ ...trigger, routing_key: 'y'.repeat(43) });
      expect(unknown.status).toBe(401);
      expect(await unknown.json()).toMatchObject({ status: 'unauthorized' });
      expect(
        (await enqueue({ routing_key: token, event_action: 'resolve', dedup_key: 'never-triggered' })).status,
      ).toBe(202);
    });

    it('accepts change events at /v2/change/enqueue', async () => {
      const { key: token } = await key({ kind: 'events_v2' });
      const answer = await handleChangeEnqueue(
        post(
          '/v2/change/enqueue',
          JSON.stringify({ routing_key: token, payload: { summary: 'Deployed v42' } }),
        ),
        deps,
      );
      expect(answer.status).toBe(202);
      expect(await answer.json()).toEqual({ status: 'success', message: 'Change event processed' });
      const bad = await handleChangeEnqueue(
        post('/v2/change/enqueue', JSON.stringify({ routing_key: token })),
        deps,
      );
      expect(bad.status).toBe(400);
    });
  });
});
