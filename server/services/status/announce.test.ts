import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/client';
import { statusDeliveries, statusSubscribers } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { outageInput } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { subscribe } from '../subscriptions/subscribe';
import { createTicket } from '../tickets/create';
import { cancelMaintenance } from './maintenance/cancel';
import { completeMaintenance } from './maintenance/complete';
import { scheduleMaintenance } from './maintenance/schedule';
import { startMaintenance } from './maintenance/start';
import { publishStatusUpdate } from './publish-update';

// The NOC's status-page work reaches subscribers: each public update and each maintenance start and end
// is queued for exactly those who follow the page or one of the services concerned, in the same
// transaction as the change (an update that fails queues nothing).

const MINUTE = 60_000;

describe.each(testEngines())('announcing status changes to subscribers on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  useDemoWorld({ open }, (setup) => ({ db, world } = setup));
  beforeAll(() => {
    vi.stubEnv('NEXTAUTH_SECRET', 'announce-test-secret-0123456789abcdef');
    vi.stubEnv('NEXTAUTH_URL', 'https://status.watchfloor.test');
    vi.stubEnv('WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS', '1');
  });
  afterAll(() => vi.unstubAllEnvs());

  const follow = async (path: string, serviceIds?: string[]) => {
    await subscribe(
      { db, now: world.clock.now },
      { slug: 'acme', channel: 'webhook', target: `http://127.0.0.1:9/${path}`, serviceIds },
    );
    const [row] = await db
      .select({ id: statusSubscribers.id })
      .from(statusSubscribers)
      .where(eq(statusSubscribers.target, `http://127.0.0.1:9/${path}`));
    return row!.id;
  };
  const kindsFor = async (subscriberId: string) =>
    (await db.select().from(statusDeliveries).where(eq(statusDeliveries.subscriberId, subscriberId)))
      .map((d) => d.payload as { kind: string; url?: string; title?: string })
      .filter((p) => p.kind !== 'subscription.created')
      .sort((a, b) => a.kind.localeCompare(b.kind));

  it('an incident is created, updated and resolved for followers of the page or of its services only', async () => {
    const website = world.service('acme', 'website').id;
    const api = world.service('acme', 'api').id;
    const page = await follow('page');
    const websiteOnly = await follow('website', [website]);
    const apiOnly = await follow('api', [api]);
    const noc = await world.as('noc@watchfloor.test');
    const outage = await createTicket(noc, outageInput(world, { serviceIds: [website] }));
    const publish = (
      status: 'investigating' | 'identified' | 'resolved',
      components = [] as { serviceId: string; status: 'major_outage' | 'operational' }[],
    ) => {
      world.clock.advance(MINUTE);
      return publishStatusUpdate(noc, {
        ticketId: outage.id,
        title: 'Website unreachable',
        status,
        body: `Now ${status}.`,
        components,
      });
    };
    await publish('investigating', [{ serviceId: website, status: 'major_outage' }]);
    await publish('identified');
    // A failed publish (another customer's service) queues nothing.
    await expect(
      publishStatusUpdate(noc, {
        ticketId: outage.id,
        title: 'Website unreachable',
        status: 'monitoring',
        body: 'x',
        components: [{ serviceId: world.service('globex', 'erp').id, status: 'operational' }],
      }),
    ).rejects.toThrow();
    await publish('resolved');

    for (const subscriber of [page, websiteOnly]) {
      const kinds = await kindsFor(subscriber);
      expect(kinds.map((k) => k.kind)).toEqual(['incident.created', 'incident.resolved', 'incident.updated']);
      expect(kinds[0]!.url).toBe(`https://status.watchfloor.test/status/acme/incidents/${outage.id}`);
    }
    expect(await kindsFor(apiOnly)).toEqual([]);
  });

  it('a maintenance window is announced when it starts and completes, not when cancelled', async () => {
    const payments = world.service('acme', 'payments').id;
    const follower = await follow('payments', [payments]);
    const noc = await world.as('noc@watchfloor.test');
    const window = (minutes: number) => ({
      organisationId: world.org('acme').id,
      title: 'Gateway upgrade',
      scheduledFor: new Date(world.clock.now().getTime() + minutes * MINUTE),
      scheduledUntil: new Date(world.clock.now().getTime() + (minutes + 60) * MINUTE),
      serviceIds: [payments],
    });
    const ran = await scheduleMaintenance(noc, window(30));
    await startMaintenance(noc, { id: ran.id });
    world.clock.advance(MINUTE);
    await completeMaintenance(noc, { id: ran.id });
    const called = await scheduleMaintenance(noc, window(120));
    await cancelMaintenance(noc, { id: called.id });
    expect((await kindsFor(follower)).map((k) => k.kind)).toEqual([
      'maintenance.completed',
      'maintenance.started',
    ]);
  });
});
