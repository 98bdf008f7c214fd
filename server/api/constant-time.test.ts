import * as crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { integrations, statusSubscribers } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { useDemoWorld } from '../../test/suite';
import type { DemoWorld } from '../../test/world';
import { handleMetricsRequest } from '../observability/metrics-http';
import { authenticateIntegrationKey } from '../services/integrations/authenticate';
import { createIntegration } from '../services/integrations/create';
import { subscriberToken, tokenHash } from '../services/subscriptions/internal/tokens';
import { unsubscribe } from '../services/subscriptions/unsubscribe';

// Issue #15, "constant-time key comparison". How each secret a client presents is checked:
// - integration keys: looked up by SHA-256 (an index lookup over a digest the client cannot steer), then
//   the stored digest compared with crypto.timingSafeEqual;
// - the metrics token: both sides hashed to 32 bytes, then timingSafeEqual (no early exit on length);
// - subscriber link tokens: looked up by SHA-256 only; the database never holds the token.
// The spy proves the comparison goes through timingSafeEqual: a `===` on the secret would leave it uncalled.

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});
const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);

describe.each(testEngines())('secrets are compared in constant time on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  useDemoWorld({ open }, (setup) => {
    ({ handle, world } = setup);
  });
  afterEach(() => timingSafeEqual.mockClear());

  it('the metrics token: right, wrong of the same length and wrong of another length all go through timingSafeEqual', async () => {
    const token = 'metrics-token-0123456789abcdef0123456789';
    const scrape = (presented: string) =>
      handleMetricsRequest(
        new Request('http://localhost/api/metrics', { headers: { authorization: `Bearer ${presented}` } }),
        { db: handle.db, session: async () => null, token },
      );
    expect((await scrape(token)).status).toBe(200);
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
    const [a, b] = timingSafeEqual.mock.calls[0]!;
    // Digests, not the token: equal length whatever was presented, so the length leaks nothing either.
    expect((a as Buffer).length).toBe(32);
    expect((b as Buffer).length).toBe(32);
    expect((await scrape(`${token.slice(0, -1)}x`)).status).toBe(401);
    expect((await scrape('short')).status).toBe(401);
    expect(timingSafeEqual).toHaveBeenCalledTimes(3);
  });

  it('integration keys: found by digest, confirmed with timingSafeEqual; the table holds no key', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const created = await createIntegration(admin, {
      organisationId: world.org('acme').id,
      kind: 'alertmanager',
      name: 'constant-time',
      defaultServiceId: world.service('acme', 'website').id,
    });
    expect((await authenticateIntegrationKey(handle.db, created.key))?.id).toBe(created.id);
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
    // A near miss (one character) finds no row: the digest differs entirely, nothing is compared bytewise.
    const last = created.key.at(-1) === 'A' ? 'B' : 'A';
    expect(await authenticateIntegrationKey(handle.db, `${created.key.slice(0, -1)}${last}`)).toBeNull();
    const rows = JSON.stringify(await handle.db.select().from(integrations));
    expect(rows).not.toContain(created.key);
  });

  it('subscriber tokens: unsubscribing looks the token up by its hash; the row stores no token', async () => {
    const id = crypto.randomUUID();
    const manage = subscriberToken('manage', id);
    await handle.db.insert(statusSubscribers).values({
      id,
      organisationId: world.org('acme').id,
      channel: 'email',
      target: 'constant-time@example.com',
      confirmTokenHash: tokenHash(subscriberToken('confirm', id)),
      manageTokenHash: tokenHash(manage),
      confirmedAt: world.clock.now(),
      createdAt: world.clock.now(),
    });
    await expect(
      unsubscribe({ db: handle.db, now: world.clock.now }, { token: manage }),
    ).resolves.toBeDefined();
    const rows = JSON.stringify(await handle.db.select().from(statusSubscribers));
    expect(rows).not.toContain(manage);
    await expect(
      unsubscribe({ db: handle.db, now: world.clock.now }, { token: `${manage.slice(0, -1)}_` }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
