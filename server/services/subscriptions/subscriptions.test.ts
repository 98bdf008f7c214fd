import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/client';
import {
  auditLog,
  organisations,
  statusDeliveries,
  statusSubscriberComponents,
  statusSubscribers,
} from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { expectServiceError } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { metrics } from '../../observability/metrics';
import { confirmSubscription } from './confirm';
import { announceStatusChange, type StatusChange } from './internal/announce';
import type { MailMessage } from './internal/messages';
import { DeliveryError, type DeliveryTransport } from './internal/transport';
import { isPrivateAddress } from './internal/webhook-guard';
import { CONFIRM_RESEND_AFTER_MS, EMAIL_NOT_CONFIGURED, subscribe } from './subscribe';
import { subscribeOptions } from './subscribe-options';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs, sweepStatusDeliveries } from './sweep-deliveries';
import { UNSUBSCRIBED_ERROR, unsubscribe } from './unsubscribe';

const MINUTE = 60_000;
const BASE = 'https://status.watchfloor.test';

/** A transport that keeps what it was given; `failWebhooks` makes every webhook fail with `failure`. */
function recorder() {
  const mails: MailMessage[] = [];
  const hooks: { url: string; body: Record<string, unknown>; headers: Record<string, string> }[] = [];
  const state = { failure: null as Error | null };
  const transport: DeliveryTransport = {
    mail: async (message) => {
      mails.push(message);
    },
    webhook: async (url, body, headers) => {
      if (state.failure) throw state.failure;
      hooks.push({ url, body: JSON.parse(body), headers });
    },
  };
  return { mails, hooks, transport, state };
}

const tokenIn = (text: string, path: 'confirm' | 'unsubscribe') =>
  new RegExp(`/status/subscriptions/${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)?.[1] ?? null;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The webhook deliveries counter of this process for status-page subscribers. */
async function webhookCount(result: string, statusClass: string): Promise<number> {
  const { values } = await metrics().webhooks.get();
  const value = values.find(
    (v) =>
      v.labels.target === 'status_subscriber' &&
      v.labels.result === result &&
      v.labels.status_class === statusClass,
  );
  return value?.value ?? 0;
}

describe.each(testEngines())('status-page subscriptions on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  const visitor = () => ({ db, now: world.clock.now });
  const now = () => world.clock.now();

  useDemoWorld({ open }, (setup) => ({ db, world } = setup));
  beforeAll(() => {
    vi.stubEnv('NEXTAUTH_SECRET', 'subscriptions-test-secret-0123456789abcdef');
    vi.stubEnv('NEXTAUTH_URL', `${BASE}/`);
    vi.stubEnv('WATCHFLOOR_SMTP_URL', 'smtp://127.0.0.1:2525');
    vi.stubEnv('WATCHFLOOR_MAIL_FROM', 'Status <status@watchfloor.test>');
    vi.stubEnv('WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS', '1');
  });
  afterAll(() => vi.unstubAllEnvs());
  beforeEach(async () => {
    await db.delete(statusSubscribers);
    world.clock.advance(MINUTE);
  });

  const acme = () => world.org('acme');
  const website = () => world.service('acme', 'website').id;
  const api = () => world.service('acme', 'api').id;
  const subscribers = () => db.select().from(statusSubscribers);
  const deliveries = () => db.select().from(statusDeliveries);
  const change = (overrides: Partial<StatusChange> = {}): StatusChange => ({
    organisationId: acme().id,
    serviceIds: [website()],
    eventKey: 'update:1',
    kind: 'incident.created',
    title: 'Website unreachable',
    body: 'We are investigating.',
    url: '/status/acme',
    at: now(),
    ...overrides,
  });

  /** Subscribes by e-mail and confirms through the link of the mail the sweep sends; answers the links. */
  async function confirmedEmail(target: string, serviceIds: string[] = []) {
    const { mails, transport } = recorder();
    await subscribe(visitor(), { slug: 'acme', channel: 'email', target, serviceIds });
    await sweepStatusDeliveries(db, now(), transport);
    const mail = mails.find((m) => m.to === target.toLowerCase())!;
    await confirmSubscription(visitor(), { token: tokenIn(mail.text, 'confirm')! });
    return { confirm: tokenIn(mail.text, 'confirm')!, manage: tokenIn(mail.text, 'unsubscribe')! };
  }

  describe('subscribe', () => {
    it('answers NOT_FOUND for unknown and non-public pages, BAD_REQUEST for components of another page', async () => {
      await expectServiceError(
        subscribe(visitor(), { slug: 'nobody', channel: 'email', target: 'ana@example.com' }),
        'NOT_FOUND',
      );
      // The operator's own page was never made public.
      await expectServiceError(
        subscribe(visitor(), { slug: 'watchfloor', channel: 'email', target: 'ana@example.com' }),
        'NOT_FOUND',
      );
      const error = await expectServiceError(
        subscribe(visitor(), {
          slug: 'acme',
          channel: 'email',
          target: 'ana@example.com',
          serviceIds: [world.service('globex', 'erp').id],
        }),
        'BAD_REQUEST',
      );
      expect(error.fieldErrors).toHaveProperty('serviceIds');
      const bad = await expectServiceError(
        subscribe(visitor(), { slug: 'acme', channel: 'email', target: 'not-an-address' }),
        'BAD_REQUEST',
      );
      expect(bad.fieldErrors).toHaveProperty('target');
      expect(await subscribers()).toEqual([]);
    });

    it('stores a lower-cased, unconfirmed address with its components and queues the confirmation', async () => {
      const answer = await subscribe(visitor(), {
        slug: 'acme',
        channel: 'email',
        target: '  Ana.Lopez@Example.COM ',
        serviceIds: [website(), api(), website()],
      });
      expect(answer).toEqual({ channel: 'email', confirmationSent: true });
      const [row] = await subscribers();
      expect(row).toMatchObject({
        organisationId: acme().id,
        channel: 'email',
        target: 'ana.lopez@example.com',
        confirmedAt: null,
        unsubscribedAt: null,
      });
      const components = await db
        .select()
        .from(statusSubscriberComponents)
        .where(eq(statusSubscriberComponents.subscriberId, row!.id));
      expect(components.map((c) => c.serviceId).sort()).toEqual([website(), api()].sort());
      const [queued] = await deliveries();
      expect(queued).toMatchObject({ subscriberId: row!.id, eventKey: 'confirm', attempts: 0 });
      const [audit] = await db
        .select()
        .from(auditLog)
        .where(eq(auditLog.subject, `status_subscriber:${row!.id}`));
      expect(audit).toMatchObject({
        type: 'status_subscriber.subscribed',
        actorLabel: 'status page visitor',
      });
      expect(JSON.stringify(audit)).not.toContain('ana.lopez');
    });

    it('keeps only hashes of the tokens: the links carry them, the database never does', async () => {
      const { mails, transport } = recorder();
      await subscribe(visitor(), { slug: 'acme', channel: 'email', target: 'ana@example.com' });
      expect(await sweepStatusDeliveries(db, now(), transport)).toMatchObject({ claimed: 1, delivered: 1 });
      const [mail] = mails;
      const confirm = tokenIn(mail!.text, 'confirm')!;
      const manage = tokenIn(mail!.text, 'unsubscribe')!;
      expect(confirm).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(manage).not.toBe(confirm);
      const [row] = await subscribers();
      expect(row!.confirmTokenHash).toBe(sha256(confirm));
      expect(row!.manageTokenHash).toBe(sha256(manage));
      const stored = JSON.stringify([row, await deliveries(), await db.select().from(auditLog)]);
      expect(stored).not.toContain(confirm);
      expect(stored).not.toContain(manage);
      expect(mail!.text).toContain(`${BASE}/status/subscriptions/confirm?token=${confirm}`);
      expect(mail!.headers).toEqual({
        'List-Unsubscribe': `<${BASE}/status/subscriptions/unsubscribe/one-click?token=${manage}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });
    });

    it('answers an address already subscribed the same, with no second row, and mails it again only after a while', async () => {
      const { mails, transport } = recorder();
      const input = { slug: 'acme', channel: 'email' as const, target: 'ana@example.com' };
      const first = await subscribe(visitor(), input);
      await sweepStatusDeliveries(db, now(), transport);
      // Again at once, with a different choice: same answer, still one row, no second mail yet.
      expect(
        await subscribe(visitor(), { ...input, target: 'ANA@example.com', serviceIds: [api()] }),
      ).toEqual(first);
      expect(await subscribers()).toHaveLength(1);
      expect(await sweepStatusDeliveries(db, now(), transport)).toMatchObject({ claimed: 0 });
      // The unconfirmed subscription takes the latest choice: that is what the link will confirm.
      const [row] = await subscribers();
      const components = await db
        .select()
        .from(statusSubscriberComponents)
        .where(eq(statusSubscriberComponents.subscriberId, row!.id));
      expect(components.map((c) => c.serviceId)).toEqual([api()]);

      world.clock.advance(CONFIRM_RESEND_AFTER_MS);
      await subscribe(visitor(), input);
      expect(await sweepStatusDeliveries(db, now(), transport)).toMatchObject({ delivered: 1 });
      expect(mails).toHaveLength(2);
      // The same link again: the token is the subscription's.
      expect(tokenIn(mails[1]!.text, 'confirm')).toBe(tokenIn(mails[0]!.text, 'confirm'));

      // Confirmed: subscribing again sends nothing at all, however long after.
      await confirmSubscription(visitor(), { token: tokenIn(mails[0]!.text, 'confirm')! });
      world.clock.advance(CONFIRM_RESEND_AFTER_MS * 4);
      expect(await subscribe(visitor(), input)).toEqual(first);
      expect(await sweepStatusDeliveries(db, now(), transport)).toMatchObject({ claimed: 0 });
      expect(await subscribers()).toHaveLength(1);
    });

    it('refuses e-mail with a clear message when no SMTP server is configured; webhooks still work', async () => {
      vi.stubEnv('WATCHFLOOR_SMTP_URL', '');
      try {
        await expectServiceError(
          subscribe(visitor(), { slug: 'acme', channel: 'email', target: 'ana@example.com' }),
          'BAD_REQUEST',
          EMAIL_NOT_CONFIGURED,
        );
        expect((await subscribeOptions(db, 'acme'))?.emailAvailable).toBe(false);
        await subscribe(visitor(), {
          slug: 'acme',
          channel: 'webhook',
          target: 'https://hooks.example.com/x',
        });
        // The same URL spelled differently is the same subscription.
        await subscribe(visitor(), {
          slug: 'acme',
          channel: 'webhook',
          target: 'HTTPS://Hooks.Example.com:443/x',
        });
        const rows = await subscribers();
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ channel: 'webhook', target: 'https://hooks.example.com/x' });
        expect(rows[0]!.confirmedAt).toEqual(now());
      } finally {
        vi.stubEnv('WATCHFLOOR_SMTP_URL', 'smtp://127.0.0.1:2525');
      }
      expect((await subscribeOptions(db, 'acme'))?.emailAvailable).toBe(true);
      expect(await subscribeOptions(db, 'watchfloor')).toBeNull();
    });

    it('refuses webhooks to loopback, private, link-local and metadata addresses, and plain http', async () => {
      vi.stubEnv('WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS', '');
      try {
        for (const target of [
          'https://127.0.0.1/hook',
          'https://localhost:8443/hook',
          'https://[::1]/hook',
          'https://10.1.2.3/hook',
          'https://192.168.0.10/hook',
          'https://169.254.169.254/latest/meta-data',
          'https://[::ffff:127.0.0.1]/hook',
          'https://[fd00:ec2::254]/hook',
          'https://0.0.0.0/hook',
          'http://203.0.114.7/hook',
        ]) {
          const error = await expectServiceError(
            subscribe(visitor(), { slug: 'acme', channel: 'webhook', target }),
            'BAD_REQUEST',
          );
          expect(error.fieldErrors, target).toHaveProperty('target');
        }
        await expectServiceError(
          subscribe(visitor(), { slug: 'acme', channel: 'webhook', target: 'https://user:pw@203.0.114.7/' }),
          'BAD_REQUEST',
        );
        expect(await subscribers()).toEqual([]);
        // A public literal address needs no lookup: accepted.
        await subscribe(visitor(), { slug: 'acme', channel: 'webhook', target: 'https://203.0.114.7/hook' });
        expect(await subscribers()).toHaveLength(1);
      } finally {
        vi.stubEnv('WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS', '1');
      }
    });

    it('classifies addresses as the guard must', () => {
      for (const address of [
        '127.0.0.1',
        '10.0.0.1',
        '172.31.255.255',
        '100.64.0.1',
        '169.254.169.254',
        '::1',
        'fe80::1',
        'fc00::1',
        '::ffff:10.0.0.1',
        '64:ff9b::a00:1',
        'not an ip',
      ])
        expect(isPrivateAddress(address), address).toBe(true);
      for (const address of ['8.8.8.8', '203.0.114.7', '172.32.0.1', '2606:4700:4700::1111'])
        expect(isPrivateAddress(address), address).toBe(false);
    });
  });

  describe('confirm and unsubscribe', () => {
    it('confirms once by the confirm token; a used, unknown or wrong kind of token is NOT_FOUND', async () => {
      const { mails, transport } = recorder();
      await subscribe(visitor(), { slug: 'acme', channel: 'email', target: 'ana@example.com' });
      await sweepStatusDeliveries(db, now(), transport);
      const confirm = tokenIn(mails[0]!.text, 'confirm')!;
      const manage = tokenIn(mails[0]!.text, 'unsubscribe')!;
      await expectServiceError(confirmSubscription(visitor(), { token: manage }), 'NOT_FOUND');
      await expectServiceError(confirmSubscription(visitor(), { token: 'x'.repeat(43) }), 'NOT_FOUND');
      expect(await confirmSubscription(visitor(), { token: confirm })).toEqual({
        page: { slug: 'acme', name: 'Acme' },
      });
      const [row] = await subscribers();
      expect(row!.confirmedAt).toEqual(now());
      await expectServiceError(confirmSubscription(visitor(), { token: confirm }), 'NOT_FOUND');
      const types = await db
        .select({ type: auditLog.type })
        .from(auditLog)
        .where(eq(auditLog.subject, `status_subscriber:${row!.id}`));
      expect(types.map((t) => t.type).sort()).toEqual([
        'status_subscriber.confirmed',
        'status_subscriber.subscribed',
      ]);
    });

    it('unsubscribes idempotently, gives up queued messages, and lets the address subscribe again', async () => {
      const { manage, confirm } = await confirmedEmail('ana@example.com');
      expect(await announceStatusChange(db, change())).toBe(1);
      await expectServiceError(unsubscribe(visitor(), { token: confirm }), 'NOT_FOUND');
      expect(await unsubscribe(visitor(), { token: manage })).toEqual({
        page: { slug: 'acme', name: 'Acme' },
      });
      const unsubscribedAt = now();
      world.clock.advance(MINUTE);
      expect(await unsubscribe(visitor(), { token: manage })).toEqual({
        page: { slug: 'acme', name: 'Acme' },
      });
      const [row] = await subscribers();
      expect(row!.unsubscribedAt).toEqual(unsubscribedAt);
      const [update] = await db
        .select()
        .from(statusDeliveries)
        .where(eq(statusDeliveries.eventKey, 'update:1'));
      expect(update).toMatchObject({
        deliveredAt: null,
        failedAt: unsubscribedAt,
        lastError: UNSUBSCRIBED_ERROR,
      });
      const { transport, mails } = recorder();
      expect(await sweepStatusDeliveries(db, now(), transport)).toMatchObject({ claimed: 0 });
      expect(mails).toEqual([]);
      // Gone: confirming the old link does nothing, and nothing more is announced to it.
      await expectServiceError(confirmSubscription(visitor(), { token: confirm }), 'NOT_FOUND');
      expect(await announceStatusChange(db, change({ eventKey: 'update:2' }))).toBe(0);

      await subscribe(visitor(), { slug: 'acme', channel: 'email', target: 'ana@example.com' });
      const rows = await subscribers();
      expect(rows).toHaveLength(2);
      expect(rows.filter((r) => r.unsubscribedAt === null)).toHaveLength(1);
    });
  });

  describe('announceStatusChange', () => {
    it('queues one message per confirmed, live subscriber whose components match, once per event key', async () => {
      await confirmedEmail('whole@example.com');
      await confirmedEmail('website@example.com', [website()]);
      await confirmedEmail('api@example.com', [api()]);
      const gone = await confirmedEmail('gone@example.com');
      await unsubscribe(visitor(), { token: gone.manage });
      await subscribe(visitor(), { slug: 'acme', channel: 'email', target: 'pending@example.com' });
      await subscribe(visitor(), { slug: 'acme', channel: 'webhook', target: 'https://hooks.example.com/a' });
      await subscribe(visitor(), {
        slug: 'globex',
        channel: 'webhook',
        target: 'https://hooks.example.com/a',
      });
      await db.delete(statusDeliveries);

      const at = now();
      expect(await db.transaction((tx) => announceStatusChange(tx, change({ at })))).toBe(3);
      const queued = await db
        .select({
          target: statusSubscribers.target,
          payload: statusDeliveries.payload,
          due: statusDeliveries.nextAttemptAt,
        })
        .from(statusDeliveries)
        .innerJoin(statusSubscribers, eq(statusSubscribers.id, statusDeliveries.subscriberId))
        .where(eq(statusDeliveries.eventKey, 'update:1'));
      expect(queued.map((q) => q.target).sort()).toEqual([
        'https://hooks.example.com/a',
        'website@example.com',
        'whole@example.com',
      ]);
      expect(queued[0]!.due).toEqual(at);
      expect(queued[0]!.payload).toEqual({
        kind: 'incident.created',
        title: 'Website unreachable',
        body: 'We are investigating.',
        url: `${BASE}/status/acme`,
        at: at.toISOString(),
        serviceIds: [website()],
      });
      // The same event again: nothing new.
      expect(await announceStatusChange(db, change({ at }))).toBe(0);
      expect(await deliveries()).toHaveLength(3);
      // A change of no component reaches only the whole page's subscribers.
      expect(await announceStatusChange(db, change({ eventKey: 'm:1', serviceIds: [] }))).toBe(2);
      // It commits or rolls back with the caller's transaction.
      await db
        .transaction(async (tx) => {
          expect(await announceStatusChange(tx, change({ eventKey: 'update:rolled-back' }))).toBe(3);
          throw new Error('roll back');
        })
        .catch(() => {});
      expect(
        await db.select().from(statusDeliveries).where(eq(statusDeliveries.eventKey, 'update:rolled-back')),
      ).toEqual([]);
      // A page made private sends nothing.
      await db.update(organisations).set({ statusPagePublic: false }).where(eq(organisations.id, acme().id));
      try {
        expect(await announceStatusChange(db, change({ eventKey: 'update:private' }))).toBe(0);
      } finally {
        await db.update(organisations).set({ statusPagePublic: true }).where(eq(organisations.id, acme().id));
      }
    });
  });

  describe('sweepStatusDeliveries', () => {
    it('retries a failing webhook with exponential backoff, then gives up after the last attempt', async () => {
      const url = 'https://hooks.example.com/secret-path-k3y';
      await subscribe(visitor(), { slug: 'acme', channel: 'webhook', target: url });
      const { transport, state, hooks } = recorder();
      // A foreign error that names the URL and runs long: stored without the URL, trimmed.
      state.failure = new Error(`connect to ${url} failed: ${'x'.repeat(3000)}`);
      const row = async () => (await deliveries())[0]!;
      for (let attempt = 1; attempt < MAX_DELIVERY_ATTEMPTS; attempt++) {
        const at = now();
        expect(await sweepStatusDeliveries(db, at, transport)).toEqual({
          claimed: 1,
          delivered: 0,
          retried: 1,
          failed: 0,
          // Each retry is claimed the instant it falls due: no lag.
          oldestDueAt: attempt === 1 ? expect.any(Date) : at,
        });
        const after = await row();
        expect(after.attempts).toBe(attempt);
        expect(after.nextAttemptAt).toEqual(new Date(at.getTime() + retryDelayMs(attempt)));
        expect(after.lastError!.length).toBeLessThanOrEqual(1000);
        expect(after.lastError).not.toContain('secret-path');
        expect(after.lastError).not.toContain('hooks.example.com');
        // Not due a moment before its time.
        world.clock.advance(retryDelayMs(attempt) - 1);
        expect(await sweepStatusDeliveries(db, now(), transport)).toMatchObject({ claimed: 0 });
        world.clock.advance(1);
      }
      expect([1, 2, 3, 7, 8, 9, 20].map(retryDelayMs)).toEqual([
        MINUTE,
        2 * MINUTE,
        4 * MINUTE,
        64 * MINUTE,
        128 * MINUTE,
        256 * MINUTE,
        360 * MINUTE,
      ]);
      state.failure = new DeliveryError('The webhook answered HTTP 503', '5xx');
      const gaveUp = () => webhookCount('failed', '5xx');
      const before = await gaveUp();
      expect(await sweepStatusDeliveries(db, now(), transport)).toEqual({
        claimed: 1,
        delivered: 0,
        retried: 0,
        failed: 1,
        oldestDueAt: now(),
      });
      // The metrics count the attempt that gave up (observability/metrics.ts).
      expect(await gaveUp()).toBe(before + 1);
      expect(await row()).toMatchObject({
        attempts: MAX_DELIVERY_ATTEMPTS,
        failedAt: now(),
        deliveredAt: null,
        lastError: 'The webhook answered HTTP 503',
      });
      world.clock.advance(24 * 60 * MINUTE);
      state.failure = null;
      expect(await sweepStatusDeliveries(db, now(), transport)).toMatchObject({ claimed: 0 });
      expect(hooks).toEqual([]);
    });

    it('sends webhooks their unsubscribe link, delivers once, and leaves e-mail queued without a mailer', async () => {
      await subscribe(visitor(), { slug: 'acme', channel: 'webhook', target: 'https://hooks.example.com/b' });
      await subscribe(visitor(), { slug: 'acme', channel: 'email', target: 'ana@example.com' });
      const { transport, hooks } = recorder();
      const webhooksOnly: DeliveryTransport = { webhook: transport.webhook };
      expect(await sweepStatusDeliveries(db, now(), webhooksOnly)).toMatchObject({
        claimed: 1,
        delivered: 1,
      });
      expect(hooks[0]!.body).toMatchObject({
        type: 'subscription.created',
        page: { slug: 'acme', name: 'Acme', url: `${BASE}/status/acme` },
      });
      const manage = tokenIn(String(hooks[0]!.body.unsubscribe_url), 'unsubscribe')!;
      expect(hooks[0]!.headers['webhook-id']).toBe(hooks[0]!.body.id);

      await announceStatusChange(db, change());
      expect(await sweepStatusDeliveries(db, now(), webhooksOnly)).toMatchObject({
        claimed: 1,
        delivered: 1,
      });
      expect(hooks[1]!.body).toMatchObject({
        type: 'incident.created',
        title: 'Website unreachable',
        url: `${BASE}/status/acme`,
        component_ids: [website()],
        unsubscribe_url: `${BASE}/status/subscriptions/unsubscribe?token=${manage}`,
      });
      expect(await sweepStatusDeliveries(db, now(), webhooksOnly)).toMatchObject({ claimed: 0 });
      const email = await db
        .select()
        .from(statusDeliveries)
        .innerJoin(statusSubscribers, eq(statusSubscribers.id, statusDeliveries.subscriberId))
        .where(and(eq(statusSubscribers.channel, 'email'), eq(statusDeliveries.eventKey, 'confirm')));
      expect(email[0]!.status_deliveries).toMatchObject({ attempts: 0, deliveredAt: null });
      expect(await unsubscribe(visitor(), { token: manage })).toBeTruthy();
    });

    it('leases what it claims: a second worker finds nothing until the lease runs out', async () => {
      await subscribe(visitor(), { slug: 'acme', channel: 'webhook', target: 'https://hooks.example.com/c' });
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const slow: DeliveryTransport = { webhook: () => held };
      const first = sweepStatusDeliveries(db, now(), slow);
      // While the first sends, the row is leased (its claim committed before sending).
      await vi.waitFor(async () => expect((await deliveries())[0]!.nextAttemptAt > now()).toBe(true));
      const { transport, hooks } = recorder();
      expect(await sweepStatusDeliveries(db, now(), transport)).toMatchObject({ claimed: 0 });
      release();
      expect(await first).toMatchObject({ delivered: 1 });
      expect(hooks).toEqual([]);
    });
  });
});
