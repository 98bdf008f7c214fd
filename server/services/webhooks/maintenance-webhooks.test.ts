import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/client';
import { maintenances, webhookDeliveries, webhookEndpoints } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { expectServiceError } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import type { ServiceContext } from '../kernel/context';
import { cancelMaintenance } from '../status/maintenance/cancel';
import { completeMaintenance } from '../status/maintenance/complete';
import { scheduleMaintenance } from '../status/maintenance/schedule';
import { startMaintenance } from '../status/maintenance/start';
import { sweepDueMaintenances } from '../status/maintenance/sweep-due';
import type { ScheduleMaintenanceInput } from '../status/schemas';
import { postGuardedJson } from '../subscriptions/internal/transport';
import { createWebhook } from './create';
import { sweepWebhookDeliveries, type WebhookSender } from './sweep-deliveries';
import { updateWebhook } from './update';

// Maintenance windows starting and ending reach the organisation's webhook endpoints as
// `status_page.updated`, through the outbox (webhook_deliveries) the scheduler's webhook lane delivers.

const HOUR = 3_600_000;
const loopback: WebhookSender = (url, body, headers) =>
  postGuardedJson(url, body, headers, { allowPrivate: true });

async function startReceiver() {
  const hits: { headers: http.IncomingHttpHeaders; raw: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hits,
    url: `http://127.0.0.1:${port}/hooks`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.each(testEngines())('maintenance webhooks on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let admin: ServiceContext;
  let noc: ServiceContext;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  useDemoWorld({ open }, async (setup) => {
    ({ db, world } = setup);
    admin = await world.as('admin@watchfloor.test');
    noc = await world.as('noc@watchfloor.test');
  });
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    receiver.hits.length = 0;
    await db.delete(webhookEndpoints);
    // The scheduler's sweep takes every due window: only this test's.
    await db.delete(maintenances);
  });

  const endpoint = (org: 'acme' | 'globex', eventTypes: string[] = ['status_page.updated']) =>
    createWebhook(admin, {
      organisationId: world.org(org).id,
      url: receiver.url,
      description: `${org} status`,
      eventTypes: eventTypes as never,
    });
  const messagesOf = (endpointId: string) =>
    db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId))
      .orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.messageId));
  const inHours = (hours: number) => new Date(world.clock.now().getTime() + hours * HOUR);
  const schedule = (overrides: Partial<ScheduleMaintenanceInput> = {}) =>
    scheduleMaintenance(noc, {
      organisationId: world.org('acme').id,
      title: 'Payments database upgrade',
      body: 'Card payments may be declined for up to 10 minutes.',
      scheduledFor: inHours(2),
      scheduledUntil: inHours(4),
      serviceIds: [world.service('acme', 'payments').id],
      ...overrides,
    });
  const changeOf = (row: { payload: Record<string, unknown> }) =>
    (row.payload as { data: { change: { maintenance: string } } }).data.change.maintenance;

  it('queues one status_page.updated as a window starts and one as it ends, for that organisation’s endpoints', async () => {
    const acme = await endpoint('acme');
    const globex = await endpoint('globex');
    const ticketsOnly = await endpoint('acme', ['ticket.created']);
    const { id, version } = await schedule();
    expect(await messagesOf(acme.endpoint.id)).toEqual([]);
    const started = await startMaintenance(noc, { id, expectedVersion: version, body: 'Work has begun.' });
    world.clock.advance(HOUR);
    await completeMaintenance(noc, { id, expectedVersion: started.version, body: '' });
    const rows = await messagesOf(acme.endpoint.id);
    expect(rows.map(changeOf)).toEqual(['started', 'completed']);
    expect(rows.map((r) => r.eventType)).toEqual(['status_page.updated', 'status_page.updated']);
    expect(rows[0]!.payload).toEqual({
      type: 'status_page.updated',
      timestamp: started.at.toISOString(),
      data: {
        maintenance: {
          id,
          title: 'Payments database upgrade',
          state: 'in_progress',
          scheduledFor: inHours(1).toISOString(),
          scheduledUntil: inHours(3).toISOString(),
          services: [{ id: world.service('acme', 'payments').id, name: expect.any(String) }],
        },
        change: { maintenance: 'started', body: 'Work has begun.' },
      },
    });
    expect(rows[1]!.payload).toMatchObject({
      data: { maintenance: { state: 'completed' }, change: { maintenance: 'completed' } },
    });
    // Who made the change is not the receiver's business (nor is anything the public page does not show).
    expect(JSON.stringify(rows)).not.toContain('noc@watchfloor.test');
    expect(await messagesOf(globex.endpoint.id)).toEqual([]);
    expect(await messagesOf(ticketsOnly.endpoint.id)).toEqual([]);
  });

  it('delivers them signed through the webhook lane, like every message', async () => {
    const acme = await endpoint('acme');
    const { id, version } = await schedule();
    await startMaintenance(noc, { id, expectedVersion: version });
    const swept = await sweepWebhookDeliveries(db, world.clock.now(), { send: loopback, random: () => 0.5 });
    expect(swept.delivered).toBe(1);
    expect(receiver.hits).toHaveLength(1);
    const hit = receiver.hits[0]!;
    // The signature's timestamp is the test clock's; the reference library checks it against Date.now().
    vi.spyOn(Date, 'now').mockReturnValue(world.clock.now().getTime());
    try {
      expect(new Webhook(acme.secret).verify(hit.raw, hit.headers as Record<string, string>)).toMatchObject({
        type: 'status_page.updated',
        data: { change: { maintenance: 'started' } },
      });
    } finally {
      vi.restoreAllMocks();
    }
    expect((await messagesOf(acme.endpoint.id))[0]!.status).toBe('delivered');
  });

  it('queues the scheduler’s start and end once each, however often it sweeps', async () => {
    const acme = await endpoint('acme');
    await schedule({ scheduledFor: inHours(1), scheduledUntil: inHours(2) });
    world.clock.advance(1.5 * HOUR);
    await sweepDueMaintenances(db, world.clock.now());
    await sweepDueMaintenances(db, world.clock.now());
    expect((await messagesOf(acme.endpoint.id)).map(changeOf)).toEqual(['started']);
    world.clock.advance(HOUR);
    await sweepDueMaintenances(db, world.clock.now());
    await sweepDueMaintenances(db, world.clock.now());
    expect((await messagesOf(acme.endpoint.id)).map(changeOf)).toEqual(['started', 'completed']);
  });

  it('sends nothing for a cancelled window, a refused step, or a disabled endpoint', async () => {
    const acme = await endpoint('acme');
    const cancelled = await schedule();
    await cancelMaintenance(noc, { id: cancelled.id, expectedVersion: cancelled.version });
    // A step against an older version is refused whole: nothing is queued.
    const stale = await schedule();
    const started = await startMaintenance(noc, { id: stale.id, expectedVersion: stale.version });
    await expectServiceError(
      startMaintenance(noc, { id: stale.id, expectedVersion: stale.version }),
      'CONFLICT',
    );
    expect((await messagesOf(acme.endpoint.id)).map(changeOf)).toEqual(['started']);
    await updateWebhook(admin, {
      id: acme.endpoint.id,
      url: receiver.url,
      description: 'off',
      eventTypes: ['status_page.updated'],
      enabled: false,
    });
    await completeMaintenance(noc, { id: stale.id, expectedVersion: started.version });
    expect((await messagesOf(acme.endpoint.id)).map(changeOf)).toEqual(['started']);
  });
});
