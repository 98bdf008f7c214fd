import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database, DatabaseHandle } from '../../../db/client';
import { statusSubscribers } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { errorOf, expectCleanAnswer, trpcHttp } from '../../../test/trpc-http';
import type { DemoWorld } from '../../../test/world';
import type { MailMessage } from './internal/messages';
import { sweepStatusDeliveries } from './sweep-deliveries';

// The anonymous HTTP surface: the tRPC procedures as the subscribe form and the link pages call them, and
// the one-click unsubscribe route handler as mail clients POST to it (RFC 8058).

const handles = vi.hoisted(() => ({ current: null as DatabaseHandle | null }));
vi.mock('../../../db/client', async (actual) => ({
  ...(await actual<typeof import('../../../db/client')>()),
  getDatabase: async () => handles.current!,
}));

const { GET, POST } = await import('../../../app/status/subscriptions/unsubscribe/one-click/route');

describe.each(testEngines())('subscriptions over HTTP on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let api: ReturnType<typeof trpcHttp>;

  useDemoWorld({ open }, (setup) => {
    ({ db, world } = setup);
    handles.current = setup.handle;
    api = trpcHttp(db, world);
  });
  beforeAll(() => {
    vi.stubEnv('NEXTAUTH_SECRET', 'subscriptions-http-test-secret-0123456789');
    vi.stubEnv('NEXTAUTH_URL', 'https://status.watchfloor.test');
    vi.stubEnv('WATCHFLOOR_SMTP_URL', 'smtp://127.0.0.1:2525');
    vi.stubEnv('WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS', '1');
  });
  afterAll(() => vi.unstubAllEnvs());

  it('lets an anonymous visitor subscribe, and answers an unknown page NOT_FOUND', async () => {
    const input = { slug: 'acme', channel: 'email', target: 'ana@example.com' };
    const ok = await api.call('anonymous', 'subscriptions.subscribe', input);
    expectCleanAnswer('subscriptions.subscribe', 'anonymous', input, ok);
    expect(ok.status).toBe(200);
    const unknown = await api.call('anonymous', 'subscriptions.subscribe', { ...input, slug: 'nobody' });
    expect(unknown.status).toBe(404);
    const invalid = await api.call('anonymous', 'subscriptions.subscribe', { ...input, target: 'nope' });
    expect(invalid.status).toBe(400);
    expect(errorOf(invalid)?.data.fieldErrors).toHaveProperty('target');
    vi.stubEnv('WATCHFLOOR_SMTP_URL', '');
    try {
      const off = await api.call('anonymous', 'subscriptions.subscribe', {
        ...input,
        target: 'bo@example.com',
      });
      expect(off.status).toBe(400);
      expect(errorOf(off)?.message).toBe('E-mail subscriptions are not configured on this server');
    } finally {
      vi.stubEnv('WATCHFLOOR_SMTP_URL', 'smtp://127.0.0.1:2525');
    }
    const unknownToken = await api.call('anonymous', 'subscriptions.confirm', { token: 'x'.repeat(43) });
    expect(unknownToken.status).toBe(404);
  });

  it('unsubscribes with one click (POST), idempotently; a GET only leads to the page', async () => {
    await db.delete(statusSubscribers);
    await api.call('anonymous', 'subscriptions.subscribe', {
      slug: 'acme',
      channel: 'email',
      target: 'cy@example.com',
    });
    const mails: MailMessage[] = [];
    await sweepStatusDeliveries(db, world.clock.now(), {
      mail: async (m) => {
        mails.push(m);
      },
      webhook: async () => {},
    });
    const oneClick = /^<(.+)>$/.exec(mails[0]!.headers['List-Unsubscribe']!)![1]!;
    const token = new URL(oneClick).searchParams.get('token')!;

    const browsed = await GET(new Request(oneClick));
    expect(browsed.status).toBe(303);
    expect(browsed.headers.get('location')).toBe(`/status/subscriptions/unsubscribe?token=${token}`);
    expect((await db.select().from(statusSubscribers))[0]!.unsubscribedAt).toBeNull();

    const post = () =>
      POST(
        new Request(oneClick, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        }),
      );
    const first = await post();
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.text()).toContain('Unsubscribed from Acme status updates');
    expect((await db.select().from(statusSubscribers))[0]!.unsubscribedAt).not.toBeNull();
    expect((await post()).status).toBe(200);

    const unknown = await POST(
      new Request('https://status.watchfloor.test/status/subscriptions/unsubscribe/one-click?token=nope', {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(unknown.status).toBe(404);
    // The token may come in the form body too.
    const inBody = await POST(
      new Request('https://status.watchfloor.test/status/subscriptions/unsubscribe/one-click', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `List-Unsubscribe=One-Click&token=${token}`,
      }),
    );
    expect(inBody.status).toBe(200);
    const viaTrpc = await api.call('anonymous', 'subscriptions.unsubscribe', { token });
    expect(viaTrpc.status).toBe(200);
  });
});
