import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/client';
import { auditLog, notifications, webhookDeliveries, webhookEndpoints } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { handoffRequest } from '../../../test/handoffs';
import { useDemoWorld } from '../../../test/suite';
import { drive, expectServiceError, incidentInput, outageInput, tryRolledBack } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { MAX_ATTEMPTS, RETRY_SCHEDULE_MS } from '../../../workflows/webhooks/retry';
import { metrics } from '../../observability/metrics';
import { requestHandoff } from '../handoffs/request';
import type { ServiceContext } from '../kernel/context';
import { publishNotice } from '../security/publish-notice';
import { sweepDueClocks } from '../sla/sweep-clocks';
import { publishStatusUpdate } from '../status/publish-update';
import { postGuardedJson } from '../subscriptions/internal/transport';
import { createTicket } from '../tickets/create';
import { createWebhook } from './create';
import { deleteWebhook } from './delete';
import { listWebhooks } from './list';
import { listWebhookDeliveries } from './list-deliveries';
import { revealWebhookSecret } from './reveal-secret';
import { rotateWebhookSecret } from './rotate-secret';
import { sendTestWebhook } from './send-test';
import { sweepWebhookDeliveries, type WebhookSender, webhookSenderFromEnv } from './sweep-deliveries';
import { updateWebhook } from './update';

// Outbound webhooks against the real database and a real receiving node:http server on loopback. Time is
// the test clock: retries come due by moving it, never by waiting.

const loopback: WebhookSender = (url, body, headers) =>
  postGuardedJson(url, body, headers, { allowPrivate: true });
const noJitter = () => 0.5;

interface Hit {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}

/** A receiver answering the next status of `script` (the last one repeats), keeping every request. */
async function startReceiver() {
  const hits: Hit[] = [];
  const state = { script: [204] as number[] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      hits.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      const status = state.script.length > 1 ? state.script.shift()! : state.script[0]!;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hits,
    state,
    url: `http://127.0.0.1:${port}/hooks`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.each(testEngines())('outbound webhooks ($engine)', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let admin: ServiceContext;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  useDemoWorld({ open, sla: true }, async (setup) => {
    ({ db, world } = setup);
    admin = await world.as('admin@watchfloor.test');
  });
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    receiver.hits.length = 0;
    receiver.state.script = [204];
    // Each test starts without endpoints (and so without deliveries).
    await db.delete(webhookEndpoints);
  });

  const acmeEndpoint = (eventTypes: string[] = ['ticket.created', 'ticket.status_changed']) =>
    createWebhook(admin, {
      organisationId: world.org('acme').id,
      url: receiver.url,
      description: 'Acme’s ITSM',
      eventTypes: eventTypes as never,
    });
  const deliveriesOf = (endpointId: string) =>
    db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
  const sweep = (now = world.clock.now()) =>
    sweepWebhookDeliveries(db, now, { send: loopback, random: noJitter });

  describe('administration', () => {
    it('creates an endpoint for admins only and answers its secret once, stored encrypted', async () => {
      const input = {
        organisationId: world.org('acme').id,
        url: 'https://hooks.acme.test/watchfloor',
        description: '',
        eventTypes: ['ticket.created' as const],
      };
      for (const email of [
        'noc@watchfloor.test',
        'soc@watchfloor.test',
        'manager@watchfloor.test',
        'customer@acme.test',
      ] as const)
        await expectServiceError(createWebhook(await world.as(email), input), 'FORBIDDEN');
      const created = await createWebhook(admin, input);
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      const [row] = await db
        .select()
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.id, created.endpoint.id));
      expect(row!.secretCiphertext).not.toContain(created.secret.slice(6));
      expect(JSON.stringify(await listWebhooks(admin))).not.toContain(created.secret.slice(6));
      // Managers read; a NOC engineer does not even list.
      expect(await listWebhooks(await world.as('manager@watchfloor.test'))).toHaveLength(1);
      await expectServiceError(listWebhooks(await world.as('noc@watchfloor.test')), 'FORBIDDEN');
      expect(await revealWebhookSecret(admin, { id: created.endpoint.id })).toEqual({
        secret: created.secret,
      });
      await expectServiceError(
        revealWebhookSecret(await world.as('manager@watchfloor.test'), { id: created.endpoint.id }),
        'FORBIDDEN',
      );
      const rotated = await rotateWebhookSecret(admin, { id: created.endpoint.id });
      expect(rotated.secret).not.toBe(created.secret);
      expect(await revealWebhookSecret(admin, { id: created.endpoint.id })).toEqual(rotated);
      const audited = await db
        .select()
        .from(auditLog)
        .where(eq(auditLog.subject, `webhook:${created.endpoint.id}`));
      expect(audited.map((a) => a.type)).toEqual([
        'webhook.created',
        'webhook.secret_revealed',
        'webhook.secret_rotated',
        'webhook.secret_revealed',
      ]);
      expect(JSON.stringify(audited)).not.toContain(created.secret.slice(6));
      expect(JSON.stringify(audited)).not.toContain(rotated.secret.slice(6));
    });

    it('refuses bad input with field errors, and handoff events on a customer’s endpoint', async () => {
      const base = {
        organisationId: world.org('acme').id,
        description: '',
        eventTypes: ['ticket.created' as const],
      };
      const urlError = await expectServiceError(
        createWebhook(admin, { ...base, url: 'ftp://x.test' }),
        'BAD_REQUEST',
      );
      expect(urlError.fieldErrors).toHaveProperty('url');
      const none = await expectServiceError(
        createWebhook(admin, { ...base, url: 'https://x.test', eventTypes: [] }),
        'BAD_REQUEST',
      );
      expect(none.fieldErrors).toHaveProperty('eventTypes');
      const handoff = await expectServiceError(
        createWebhook(admin, { ...base, url: 'https://x.test', eventTypes: ['handoff.requested'] }),
        'BAD_REQUEST',
      );
      expect(handoff.fieldErrors).toHaveProperty('eventTypes');
      // The database says the same to any other writer.
      const created = await acmeEndpoint();
      await expect(
        db
          .update(webhookEndpoints)
          .set({ eventTypes: ['handoff.accepted'] })
          .where(eq(webhookEndpoints.id, created.endpoint.id)),
      ).rejects.toThrow();
      await expect(
        db
          .update(webhookEndpoints)
          .set({ eventTypes: ['nope'] })
          .where(eq(webhookEndpoints.id, created.endpoint.id)),
      ).rejects.toThrow();
      expect(
        await createWebhook(admin, {
          ...base,
          organisationId: world.org('watchfloor').id,
          url: 'https://x.test',
          eventTypes: ['handoff.requested'],
        }),
      ).toMatchObject({ endpoint: { eventTypes: ['handoff.requested'] } });
    });
  });

  describe('enqueue', () => {
    it('enqueues a created and a state change of an outage with the customer’s fields only', async () => {
      const { endpoint } = await acmeEndpoint();
      const noc = await world.as('noc@watchfloor.test');
      const ticket = await createTicket(
        noc,
        outageInput(world, { description: 'INTERNAL: core-sw-3 config push by j.doe' }),
      );
      await drive(noc, ticket.id, [{ type: 'ACK' }]);
      const rows = (await deliveriesOf(endpoint.id)).sort((a, b) => a.eventType.localeCompare(b.eventType));
      expect(rows.map((r) => r.eventType)).toEqual(['ticket.created', 'ticket.status_changed']);
      for (const row of rows) {
        expect(row).toMatchObject({ status: 'pending', attempts: 0 });
        expect(row.messageId).toMatch(/^msg_[0-9a-f]{32}$/);
        expect(JSON.stringify(row.payload)).not.toContain('INTERNAL');
        expect(JSON.stringify(row.payload)).not.toContain('Sessions to AS3356');
      }
      expect(rows[1]!.payload).toEqual({
        type: 'ticket.status_changed',
        timestamp: world.clock.now().toISOString(),
        data: {
          ticket: {
            id: ticket.id,
            number: ticket.number,
            kind: 'outage',
            state: 'acknowledged',
            priority: expect.stringMatching(/^P[1-4]$/),
            title: 'Edge router dropping BGP sessions',
            services: [{ id: world.service('acme', 'website').id, name: expect.any(String) }],
          },
          change: { from: 'new', to: 'acknowledged' },
        },
      });
      // Another organisation's endpoint hears nothing of Acme.
      const globex = await createWebhook(admin, {
        organisationId: world.org('globex').id,
        url: receiver.url,
        description: '',
        eventTypes: ['ticket.created'],
      });
      await createTicket(noc, outageInput(world));
      expect(await deliveriesOf(globex.endpoint.id)).toEqual([]);
    });

    it('enqueues nothing when the change rolls back, and nothing for a filter that does not match', async () => {
      const { endpoint } = await acmeEndpoint(['ticket.status_changed']);
      const noc = await world.as('noc@watchfloor.test');
      const rolledBack = await tryRolledBack(db, (tx) =>
        createTicket({ ...noc, db: tx }, outageInput(world)).then(async (t) => {
          await drive({ ...noc, db: tx }, t.id, [{ type: 'ACK' }]);
          return t;
        }),
      );
      expect(rolledBack.ok).toBe(true);
      expect(await deliveriesOf(endpoint.id)).toEqual([]);
      // Committed, the same change enqueues its state change (and not its creation: not in the filter).
      const ticket = await createTicket(noc, outageInput(world));
      expect(await deliveriesOf(endpoint.id)).toEqual([]);
      await drive(noc, ticket.id, [{ type: 'ACK' }]);
      expect((await deliveriesOf(endpoint.id)).map((d) => d.eventType)).toEqual(['ticket.status_changed']);
      // A disabled endpoint is not enqueued to.
      await updateWebhook(admin, {
        id: endpoint.id,
        url: receiver.url,
        description: '',
        eventTypes: ['ticket.status_changed'],
        enabled: false,
      });
      await drive(noc, ticket.id, [{ type: 'INVESTIGATE' }]);
      expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
    });

    it('never sends a security incident’s events, only its published notice’s fields', async () => {
      const { endpoint } = await acmeEndpoint([
        'ticket.created',
        'ticket.status_changed',
        'sla.warning',
        'sla.breached',
        'security.notice_published',
      ]);
      const soc = await world.as('soc@watchfloor.test');
      const incident = await createTicket(
        soc,
        incidentInput(world, { title: 'SECRET: finance admin phished' }),
      );
      await drive(soc, incident.id, [{ type: 'CONFIRM' }]);
      expect(await deliveriesOf(endpoint.id)).toEqual([]);
      await publishNotice(soc, { id: incident.id, title: 'Suspicious sign-ins', body: 'We blocked them.' });
      const rows = await deliveriesOf(endpoint.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.payload).toEqual({
        type: 'security.notice_published',
        timestamp: world.clock.now().toISOString(),
        data: {
          notice: {
            ticketNumber: incident.number,
            title: 'Suspicious sign-ins',
            body: 'We blocked them.',
            revision: 1,
            publishedAt: world.clock.now().toISOString(),
          },
        },
      });
      expect(JSON.stringify(rows)).not.toContain('SECRET');
      expect(JSON.stringify(rows)).not.toContain(incident.id);
    });

    it('sends handoff events to the operator’s endpoints only, without the packet', async () => {
      const acme = await acmeEndpoint(['ticket.created', 'ticket.status_changed']);
      const ops = await createWebhook(admin, {
        organisationId: world.org('watchfloor').id,
        url: receiver.url,
        description: 'SOAR',
        eventTypes: ['handoff.requested'],
      });
      const noc = await world.as('noc@watchfloor.test');
      const outage = await createTicket(noc, outageInput(world));
      await drive(noc, outage.id, [{ type: 'ACK' }]);
      await requestHandoff(noc, handoffRequest(outage.id, world.clock.now()));
      const opsRows = await deliveriesOf(ops.endpoint.id);
      expect(opsRows.map((r) => r.eventType)).toEqual(['handoff.requested']);
      expect(opsRows[0]!.payload).toMatchObject({
        data: { ticket: { id: outage.id }, change: { handoff: 'requested' } },
      });
      const text = JSON.stringify(opsRows);
      expect(text).not.toContain('203.0.113.7');
      expect(text).not.toContain('SSH logins');
      expect((await deliveriesOf(acme.endpoint.id)).every((r) => !r.eventType.startsWith('handoff'))).toBe(
        true,
      );
    });

    it('enqueues a published status update and the SLA sweep’s breaches of customer SLAs', async () => {
      const { endpoint } = await acmeEndpoint(['status_page.updated', 'sla.warning', 'sla.breached']);
      const noc = await world.as('noc@watchfloor.test');
      const outage = await createTicket(noc, outageInput(world));
      await publishStatusUpdate(noc, {
        ticketId: outage.id,
        title: 'Website unreachable',
        status: 'investigating',
        body: 'We are looking into it.',
        components: [{ serviceId: world.service('acme', 'website').id, status: 'major_outage' }],
      });
      const published = await deliveriesOf(endpoint.id);
      expect(published.map((r) => r.payload)).toEqual([
        expect.objectContaining({
          type: 'status_page.updated',
          data: expect.objectContaining({
            change: {
              update: {
                status: 'investigating',
                title: 'Website unreachable',
                body: 'We are looking into it.',
              },
            },
          }),
        }),
      ]);
      // Far past every due time: the sweep fires the warnings and breaches in its own transaction.
      world.clock.advance(40 * 24 * 3_600_000);
      while ((await sweepDueClocks(db, world.clock.now())).tickets > 0);
      const sla = (await deliveriesOf(endpoint.id)).filter((r) => r.eventType.startsWith('sla.'));
      const mine = sla.filter(
        (r) => (r.payload as { data: { ticket: { id: string } } }).data.ticket.id === outage.id,
      );
      expect(mine.map((r) => r.eventType)).toContain('sla.breached');
      for (const row of sla)
        expect(['response', 'resolution']).toContain(
          (row.payload as { data: { change: { metric: string } } }).data.change.metric,
        );
    });
  });

  describe('delivery', () => {
    it('signs each attempt, retries a 500 on the backoff schedule and records the log', async () => {
      const { endpoint, secret } = await acmeEndpoint();
      const noc = await world.as('noc@watchfloor.test');
      await createTicket(noc, outageInput(world));
      receiver.state.script = [500, 200];
      const start = world.clock.now();
      const counted = async (result: string, statusClass: string) =>
        (await metrics().webhooks.get()).values.find(
          (v) =>
            v.labels.target === 'endpoint' &&
            v.labels.result === result &&
            v.labels.status_class === statusClass,
        )?.value ?? 0;
      const [retryingBefore, deliveredBefore] = [
        await counted('retrying', '5xx'),
        await counted('delivered', '2xx'),
      ];
      expect(await sweep()).toMatchObject({ claimed: 1, delivered: 0, retried: 1 });
      expect(await counted('retrying', '5xx')).toBe(retryingBefore + 1);
      let [row] = await deliveriesOf(endpoint.id);
      expect(row).toMatchObject({ status: 'failed', attempts: 1, lastResponseCode: 500 });
      expect(row!.nextAttemptAt.getTime() - start.getTime()).toBe(RETRY_SCHEDULE_MS[0]);
      // Not due a second early.
      expect((await sweep(new Date(start.getTime() + RETRY_SCHEDULE_MS[0] - 1_000))).claimed).toBe(0);
      world.clock.advance(RETRY_SCHEDULE_MS[0]);
      expect(await sweep()).toMatchObject({ claimed: 1, delivered: 1 });
      expect(await counted('delivered', '2xx')).toBe(deliveredBefore + 1);
      [row] = await deliveriesOf(endpoint.id);
      expect(row).toMatchObject({
        status: 'delivered',
        attempts: 2,
        lastResponseCode: 200,
        lastError: null,
        deliveredAt: world.clock.now(),
      });
      expect(row!.attemptLog.map((a) => a.status)).toEqual([500, 200]);
      expect(row!.attemptLog[0]!.error).toBe('The endpoint answered HTTP 500');
      expect(row!.attemptLog.every((a) => a.durationMs >= 0)).toBe(true);
      // Both attempts carry the same webhook-id, each a signature the reference library accepts.
      expect(receiver.hits).toHaveLength(2);
      expect(receiver.hits[0]!.headers['webhook-id']).toBe(row!.messageId);
      expect(receiver.hits[1]!.headers['webhook-id']).toBe(row!.messageId);
      const hit = receiver.hits[1]!;
      vi.spyOn(Date, 'now').mockReturnValue(world.clock.now().getTime());
      try {
        expect(new Webhook(secret).verify(hit.raw, hit.headers as Record<string, string>)).toEqual(
          row!.payload,
        );
      } finally {
        vi.restoreAllMocks();
      }
      expect(
        (await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)))[0]!
          .consecutiveFailures,
      ).toBe(0);
      // Nothing left to send.
      world.clock.advance(RETRY_SCHEDULE_MS[1]);
      expect((await sweep()).claimed).toBe(0);
    });

    it('gives a message up after the schedule and disables an endpoint that always fails', async () => {
      const { endpoint } = await acmeEndpoint();
      await createTicket(await world.as('noc@watchfloor.test'), outageInput(world));
      receiver.state.script = [500];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const result = await sweep();
        expect(result.claimed).toBe(1);
        if (attempt < MAX_ATTEMPTS) world.clock.advance(RETRY_SCHEDULE_MS[attempt - 1]!);
        else expect(result).toMatchObject({ dead: 1, disabled: 1 });
      }
      const [row] = await deliveriesOf(endpoint.id);
      expect(row).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastResponseCode: 500 });
      expect(row!.attemptLog).toHaveLength(MAX_ATTEMPTS);
      const [after] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
      expect(after).toMatchObject({ enabled: false, consecutiveFailures: MAX_ATTEMPTS });
      expect(after!.disabledReason).toContain(`${MAX_ATTEMPTS} failed attempts`);
      const audit = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subject, `webhook:${endpoint.id}`), eq(auditLog.type, 'webhook.disabled')));
      expect(audit).toHaveLength(1);
      // Every admin is told, in their notifications.
      const adminId = (await world.actor('admin@watchfloor.test')).id;
      const notes = await db.select().from(notifications).where(eq(notifications.kind, 'webhook.disabled'));
      expect(notes.map((n) => n.userId)).toContain(adminId);
      expect(notes[0]!.title).toBe(`Webhook endpoint disabled: 127.0.0.1:${new URL(receiver.url).port}`);
      expect(notes.every((n) => n.ticketId === null)).toBe(true);
      expect(receiver.hits).toHaveLength(MAX_ATTEMPTS);
      // Disabled: new changes are not enqueued, and nothing is sent however late it gets.
      world.clock.advance(30 * 24 * 3_600_000);
      expect((await sweep()).claimed).toBe(0);
      // Enabling again clears the count.
      const enabled = await updateWebhook(admin, {
        id: endpoint.id,
        url: receiver.url,
        description: '',
        eventTypes: ['ticket.created'],
        enabled: true,
      });
      expect(enabled).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
    });

    it('sends a test at once, and shows the delivery log to admins and managers', async () => {
      const { endpoint, secret } = await acmeEndpoint();
      const result = await sendTestWebhook(admin, { id: endpoint.id }, { send: loopback });
      expect(result).toMatchObject({ delivered: true, status: 204, error: null });
      expect(receiver.hits.map((h) => h.body.type)).toEqual(['webhook.test']);
      vi.spyOn(Date, 'now').mockReturnValue(world.clock.now().getTime());
      try {
        const hit = receiver.hits[0]!;
        expect(new Webhook(secret).verify(hit.raw, hit.headers as Record<string, string>)).toMatchObject({
          type: 'webhook.test',
        });
      } finally {
        vi.restoreAllMocks();
      }
      await expectServiceError(
        sendTestWebhook(await world.as('noc@watchfloor.test'), { id: endpoint.id }, { send: loopback }),
        'FORBIDDEN',
      );
      receiver.state.script = [503];
      expect(await sendTestWebhook(admin, { id: endpoint.id }, { send: loopback })).toMatchObject({
        delivered: false,
        status: 503,
      });
      const log = await listWebhookDeliveries(await world.as('manager@watchfloor.test'), {
        endpointId: endpoint.id,
      });
      expect(log.map((d) => [d.eventType, d.status, d.lastResponseCode])).toEqual(
        expect.arrayContaining([
          ['webhook.test', 'delivered', 204],
          ['webhook.test', 'failed', 503],
        ]),
      );
      await expectServiceError(
        listWebhookDeliveries(await world.as('customer@acme.test'), { endpointId: endpoint.id }),
        'FORBIDDEN',
      );
    });

    it('refuses loopback addresses through the subscriber webhooks’ SSRF guard, storing no URL', async () => {
      const { endpoint } = await acmeEndpoint();
      await createTicket(await world.as('noc@watchfloor.test'), outageInput(world));
      const guarded = webhookSenderFromEnv({});
      expect(
        await sweepWebhookDeliveries(db, world.clock.now(), { send: guarded, random: noJitter }),
      ).toMatchObject({ retried: 1 });
      const [row] = await deliveriesOf(endpoint.id);
      expect(row!.lastError).toMatch(/Refused/);
      expect(row!.lastError).not.toContain('127.0.0.1');
      expect(receiver.hits).toEqual([]);
    });

    it('drops an endpoint’s outbox with it', async () => {
      const { endpoint } = await acmeEndpoint();
      await createTicket(await world.as('noc@watchfloor.test'), outageInput(world));
      await expectServiceError(
        deleteWebhook(await world.as('manager@watchfloor.test'), { id: endpoint.id }),
        'FORBIDDEN',
      );
      await deleteWebhook(admin, { id: endpoint.id });
      expect(await deliveriesOf(endpoint.id)).toEqual([]);
      expect((await sweep()).claimed).toBe(0);
    });
  });
});
