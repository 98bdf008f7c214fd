import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { testEngines } from '../../test/databases';
import { callAuth, postCredentials, SESSION_COOKIE } from '../../test/next-auth';
import { useDemoWorld } from '../../test/suite';
import { unavailableEngines } from '../../test/unavailable-database';
import type { DemoWorld } from '../../test/world';
import { createAuthOptions } from '../auth/options';
import { instrumentedRoute } from '../observability/http';
import { newIntegrationKey } from '../services/integrations/internal/keys';
import { DATABASE_RETRY_AFTER_SECONDS } from '../services/kernel/db-errors';
import { checkedSession, createTrpcContext } from './context';
import { handleTrpcRequest } from './http';
import { handleAlertmanager, handleEnqueue, handleHeartbeat, RateLimiter } from './integrations-http';

// While the database cannot be reached, every edge answers 503 with Retry-After (a client, Alertmanager
// included, tries again later), never a 500 that reads as a bug, and nobody is signed out by it.

const retryAfter = String(DATABASE_RETRY_AFTER_SECONDS);
const session = {
  user: {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'noc@watchfloor.test',
    name: 'Noc',
    role: 'noc_engineer' as const,
    organisationId: '00000000-0000-4000-8000-000000000002',
  },
  expires: '2099-01-01T00:00:00.000Z',
};
const countQuery = () =>
  new Request(
    `http://localhost/api/trpc/tickets.count?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
  );

describe.each(unavailableEngines())('an unreachable database on $engine', ({ open }) => {
  it('tRPC: a procedure answers 503 SERVICE_UNAVAILABLE with Retry-After and no detail', async () => {
    const { db, close } = await open();
    try {
      const response = await handleTrpcRequest(countQuery(), async () => ({
        db,
        session,
        now: () => new Date(),
      }));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe(retryAfter);
      const body = (await response.json()) as {
        error: { json: { message: string; data: { code: string } } };
      };
      expect(body.error.json.data.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.error.json.message).toMatch(/temporarily unavailable/);
      expect(body.error.json.message).not.toMatch(/ECONNREFUSED|PGlite|select/i);
    } finally {
      await close();
    }
  });

  it('tRPC: a context that cannot be built (the database not opened, the session not checked) is 503', async () => {
    const { db, close } = await open();
    try {
      const failing = await db.execute('select 1' as never).catch((error: unknown) => error);
      const context = () =>
        createTrpcContext({
          session: async () => null,
          database: async () => Promise.reject(failing),
          now: () => new Date(),
        });
      const response = await handleTrpcRequest(countQuery(), context);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe(retryAfter);
    } finally {
      await close();
    }
  });

  it('ingestion: Alertmanager, Events v2 and heartbeats answer 503 with Retry-After', async () => {
    const { db, close } = await open();
    const deps = { db, now: () => new Date(), limiter: new RateLimiter() };
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      new Request(`http://localhost${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    try {
      // Well-formed keys: the lookup that finds their integration is what fails.
      const { key } = newIntegrationKey();
      const bearer = { Authorization: `Bearer ${key}` };
      const answers = [
        await handleAlertmanager(post('/api/integrations/alertmanager', { version: '4' }, bearer), deps),
        await handleEnqueue(post('/v2/enqueue', { routing_key: key, event_action: 'trigger' }), deps),
        await handleHeartbeat(post('/api/integrations/heartbeat', {}, bearer), deps),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe(retryAfter);
      }
      expect(((await answers[1]!.json()) as { status: string }).status).toBe('unavailable');
    } finally {
      await close();
    }
  });

  it('REST: a route handler that throws for want of the database answers 503 with Retry-After', async () => {
    const { db, close } = await open();
    try {
      const route = instrumentedRoute('/api/test', async () => {
        await db.execute('select 1' as never);
        return new Response('never');
      });
      const response = await route(new Request('http://localhost/api/test'));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe(retryAfter);
      // Any other failure is still the handler's (Next answers it as a 500).
      const broken = instrumentedRoute('/api/test', async () => {
        throw new Error('a bug');
      });
      await expect(broken(new Request('http://localhost/api/test'))).rejects.toThrow('a bug');
    } finally {
      await close();
    }
  });
});

describe.each(testEngines())('sessions through a database outage on $engine', ({ open }) => {
  let world: DemoWorld;
  let live: Database;
  let current: () => Promise<Database>;
  const options = () =>
    createAuthOptions({
      database: () => current(),
      now: () => world.clock.now(),
      secret: 'test-secret-0123456789abcdef0123456789abcdef',
    });
  useDemoWorld({ open }, (setup) => {
    world = setup.world;
    live = setup.db;
    current = async () => live;
  });

  it('keeps the session cookie while the database is down, answers 503, and checks it again after', async () => {
    const signedIn = await postCredentials(options(), {
      email: 'noc@watchfloor.test',
      password: 'watchfloor-demo',
    });
    const cookies = { [SESSION_COOKIE]: signedIn.cookies[SESSION_COOKIE]! };
    expect(cookies[SESSION_COOKIE]).toBeTruthy();

    const [down] = unavailableEngines();
    const unreachable = await down!.open();
    current = async () => unreachable.db;
    const during = await callAuth(options(), { action: ['session'], cookies });
    // No user is trusted unchecked, the session is flagged, and the cookie is not cleared (signed out).
    expect(during.body).toMatchObject({ databaseUnavailable: true });
    expect((during.body as { user?: unknown }).user).toBeUndefined();
    expect(during.cookies[SESSION_COOKIE]).toBeTruthy();
    let thrown: unknown;
    try {
      checkedSession(during.body as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TRPCError);
    expect((thrown as TRPCError).code).toBe('SERVICE_UNAVAILABLE');

    // Back up: the very cookie the outage answer set is a full session again, its flag gone.
    current = async () => live;
    const after = await callAuth(options(), {
      action: ['session'],
      cookies: { [SESSION_COOKIE]: during.cookies[SESSION_COOKIE]! },
    });
    expect(after.body).toMatchObject({ user: { email: 'noc@watchfloor.test' } });
    expect(after.body).not.toHaveProperty('databaseUnavailable');
    expect(checkedSession(after.body as never)).toBe(after.body);
  });
});
