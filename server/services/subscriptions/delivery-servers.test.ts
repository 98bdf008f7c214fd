import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/client';
import { statusDeliveries, statusSubscribers } from '../../../db/schema';
import { newWebhookSecret } from '../../../lib/webhooks/standard-webhooks';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import type { DemoWorld } from '../../../test/world';
import { confirmSubscription } from './confirm';
import { announceStatusChange } from './internal/announce';
import { DeliveryError, smtpMailer, webhookPoster } from './internal/transport';
import { subscribe } from './subscribe';
import { sweepStatusDeliveries } from './sweep-deliveries';

// The outbox against real servers on loopback: an SMTP server (smtp-server) receiving what nodemailer
// sends, and a node:http server receiving webhooks. Nothing waits for real time but their own I/O.

const BASE = 'https://status.watchfloor.test';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server on an ephemeral port, accepting anyone, keeping each message's raw text. */
async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no self-signed certificate for nodemailer to refuse.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A local HTTP server answering `status` to every POST, keeping what it got. */
async function startHooks() {
  const received: {
    path: string;
    headers: http.IncomingHttpHeaders;
    raw: string;
    body: Record<string, unknown>;
  }[] = [];
  const state = { status: 204 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        raw: Buffer.concat(chunks).toString('utf8'),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.statusCode = state.status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    state,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A header's value in a raw message, unfolded (RFC 5322 folding: CRLF followed by white space). */
function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split('\r\n\r\n')[0]!.replace(/\r\n(?=[ \t])/g, '');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** The body as text, quoted-printable undone when the message used it. */
function bodyOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  if (!/quoted-printable/i.test(headerOf(raw, 'Content-Transfer-Encoding') ?? '')) return body;
  return body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

describe.each(testEngines())('subscriber deliveries to real servers on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hooks: Awaited<ReturnType<typeof startHooks>>;
  const visitor = () => ({ db, now: world.clock.now });

  useDemoWorld({ open }, (setup) => ({ db, world } = setup));
  beforeAll(async () => {
    [smtp, hooks] = await Promise.all([startSmtp(), startHooks()]);
    vi.stubEnv('NEXTAUTH_SECRET', 'delivery-servers-test-secret-0123456789');
    vi.stubEnv('NEXTAUTH_URL', BASE);
    vi.stubEnv('WATCHFLOOR_SMTP_URL', smtp.url);
    vi.stubEnv('WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS', '1');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all([smtp?.close(), hooks?.close()]);
  });

  it('mails the confirmation through SMTP with the confirm link and one-click unsubscribe headers', async () => {
    await subscribe(visitor(), { slug: 'acme', channel: 'email', target: 'Ana@Example.com' });
    const transport = {
      mail: smtpMailer({ url: smtp.url, from: 'Acme status <status@watchfloor.test>' }),
      webhook: webhookPoster({ allowPrivate: true }),
    };
    expect(await sweepStatusDeliveries(db, world.clock.now(), transport)).toEqual({
      claimed: 1,
      delivered: 1,
      retried: 0,
      failed: 0,
      oldestDueAt: expect.any(Date),
    });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['ana@example.com']);
    expect(mail!.from).toBe('status@watchfloor.test');
    expect(headerOf(mail!.raw, 'Subject')).toBe('Confirm your subscription to Acme status');
    const body = bodyOf(mail!.raw);
    const confirm = /\/status\/subscriptions\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(body)?.[1];
    expect(body).toContain(`${BASE}/status/subscriptions/confirm?token=${confirm}`);
    const manage = /\/status\/subscriptions\/unsubscribe\?token=([A-Za-z0-9_-]{43})/.exec(body)?.[1];
    expect(manage).toBeDefined();
    expect(headerOf(mail!.raw, 'List-Unsubscribe')).toBe(
      `<${BASE}/status/subscriptions/unsubscribe/one-click?token=${manage}>`,
    );
    expect(headerOf(mail!.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    // The link works: the subscription is confirmed by it.
    await confirmSubscription(visitor(), { token: confirm! });
    const [row] = await db.select().from(statusSubscribers);
    expect(row!.confirmedAt).toEqual(world.clock.now());
  });

  it('records an unreachable SMTP server as a retry, without the address', async () => {
    await db.delete(statusSubscribers);
    await subscribe(visitor(), { slug: 'acme', channel: 'email', target: 'bo@example.com' });
    // A port nothing listens on: a fresh server's, closed at once.
    const closed = await startSmtp();
    await closed.close();
    const transport = {
      mail: smtpMailer({ url: closed.url, from: 'status@watchfloor.test' }),
      webhook: webhookPoster({ allowPrivate: true }),
    };
    expect(await sweepStatusDeliveries(db, world.clock.now(), transport)).toMatchObject({ retried: 1 });
    const [delivery] = await db.select().from(statusDeliveries);
    expect(delivery!.attempts).toBe(1);
    expect(delivery!.lastError).toBeTruthy();
    expect(delivery!.lastError).not.toContain('bo@example.com');
  });

  it('POSTs webhook payloads to a real HTTP server: 2xx delivers, anything else retries', async () => {
    await db.delete(statusSubscribers);
    const answer = await subscribe(visitor(), {
      slug: 'acme',
      channel: 'webhook',
      target: `${hooks.url}/hooks/status`,
    });
    expect(answer.signingSecret).toMatch(/^whsec_/);
    const transport = { webhook: webhookPoster({ allowPrivate: true }) };
    expect(await sweepStatusDeliveries(db, world.clock.now(), transport)).toMatchObject({ delivered: 1 });
    expect(hooks.received[0]).toMatchObject({
      path: '/hooks/status',
      headers: { 'content-type': 'application/json' },
      body: { type: 'subscription.created', page: { slug: 'acme', name: 'Acme' } },
    });
    expect(String(hooks.received[0]!.body.unsubscribe_url)).toMatch(
      new RegExp(`^${BASE}/status/subscriptions/unsubscribe\\?token=[A-Za-z0-9_-]{43}$`),
    );
    expect(hooks.received[0]!.headers['webhook-id']).toBe(hooks.received[0]!.body.id);
    // Signed with the subscriber's secret: the Standard Webhooks reference library verifies it (at the
    // clock the message was sent by), and another secret does not.
    vi.spyOn(Date, 'now').mockReturnValue(world.clock.now().getTime());
    try {
      const { raw, headers } = hooks.received[0]!;
      expect(new Webhook(answer.signingSecret!).verify(raw, headers as Record<string, string>)).toEqual(
        hooks.received[0]!.body,
      );
      expect(() => new Webhook(newWebhookSecret()).verify(raw, headers as Record<string, string>)).toThrow();
    } finally {
      vi.mocked(Date.now).mockRestore();
    }
    // Subscribing the same URL again tells nothing and hands out no working secret.
    const again = await subscribe(visitor(), {
      slug: 'acme',
      channel: 'webhook',
      target: `${hooks.url}/hooks/status`,
    });
    expect(again.signingSecret).toMatch(/^whsec_/);
    expect(again.signingSecret).not.toBe(answer.signingSecret);

    const [subscriber] = await db.select().from(statusSubscribers);
    await announceStatusChange(db, {
      organisationId: subscriber!.organisationId,
      serviceIds: [world.service('acme', 'api').id],
      eventKey: 'maintenance:1:started',
      kind: 'maintenance.started',
      title: 'Database upgrade',
      body: 'The API is read-only for 30 minutes.',
      url: '/status/acme',
      at: world.clock.now(),
    });
    hooks.state.status = 500;
    expect(await sweepStatusDeliveries(db, world.clock.now(), transport)).toMatchObject({ retried: 1 });
    const failed = (await db.select().from(statusDeliveries)).find(
      (d) => d.eventKey === 'maintenance:1:started',
    )!;
    expect(failed).toMatchObject({
      attempts: 1,
      lastError: 'The webhook answered HTTP 500',
      deliveredAt: null,
    });

    hooks.state.status = 200;
    world.clock.advance(60_000);
    expect(await sweepStatusDeliveries(db, world.clock.now(), transport)).toMatchObject({ delivered: 1 });
    expect(hooks.received.at(-1)!.body).toMatchObject({
      type: 'maintenance.started',
      title: 'Database upgrade',
      body: 'The API is read-only for 30 minutes.',
      url: `${BASE}/status/acme`,
    });
  });

  it('refuses, when sending, loopback addresses and plain http unless private webhooks are allowed', async () => {
    const guarded = webhookPoster({ allowPrivate: false });
    const port = new URL(hooks.url).port;
    const before = hooks.received.length;
    await expect(guarded(`https://127.0.0.1:${port}/x`, '{}', {})).rejects.toThrow(DeliveryError);
    await expect(guarded(`https://127.0.0.1:${port}/x`, '{}', {})).rejects.toThrow('not a public address');
    await expect(guarded(`https://localhost:${port}/x`, '{}', {})).rejects.toThrow('not a public address');
    await expect(guarded(`http://127.0.0.1:${port}/x`, '{}', {})).rejects.toThrow('not https');
    expect(hooks.received.length).toBe(before);
  });
});
