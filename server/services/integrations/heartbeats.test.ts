import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { integrationAlerts, integrations, ticketServices } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { expectServiceError, ticketRow } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { handleHeartbeat, RateLimiter } from '../../api/integrations-http';
import type { ServiceContext } from '../kernel/context';
import { authenticateIntegrationKey, integrationActor } from './authenticate';
import { createIntegration } from './create';
import { pingHeartbeat } from './ping-heartbeat';
import { revokeIntegration } from './revoke';
import type { CreateIntegrationInput } from './schemas';
import { nextHeartbeatDue, sweepMissedHeartbeats } from './sweep-heartbeats';

const MINUTE = 60_000;

describe.each(testEngines())('heartbeat monitors on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let admin: ServiceContext;
  useDemoWorld({ open }, async (setup) => {
    ({ db, world } = setup);
    admin = await world.as('admin@watchfloor.test');
  });

  const input = (overrides: Partial<CreateIntegrationInput> = {}): CreateIntegrationInput => ({
    organisationId: world.org('globex').id,
    kind: 'heartbeat',
    name: 'nightly backup',
    defaultServiceId: world.service('globex', 'dc-fra').id,
    heartbeatIntervalMinutes: 5,
    heartbeatGraceMinutes: 1,
    ...overrides,
  });
  async function heartbeat(overrides: Partial<CreateIntegrationInput> = {}) {
    const created = await createIntegration(admin, input(overrides));
    const row = async () => (await authenticateIntegrationKey(db, created.key))!;
    const ctx = async (): Promise<ServiceContext> => ({
      db,
      now: world.clock.now,
      actor: integrationActor(await row()),
    });
    return { created, row, ping: async () => pingHeartbeat(await ctx(), await row()) };
  }
  const sweep = () => sweepMissedHeartbeats(db, world.clock.now());
  const alertOf = async (integrationId: string) => {
    const [alert] = await db
      .select()
      .from(integrationAlerts)
      .where(eq(integrationAlerts.integrationId, integrationId));
    return alert;
  };

  it('needs an interval for a heartbeat and refuses one for other kinds', async () => {
    await expectServiceError(
      createIntegration(admin, input({ heartbeatIntervalMinutes: undefined })),
      'BAD_REQUEST',
    );
    await expectServiceError(createIntegration(admin, input({ kind: 'alertmanager' })), 'BAD_REQUEST');
    await expectServiceError(createIntegration(admin, input({ heartbeatIntervalMinutes: 0 })), 'BAD_REQUEST');
  });

  it('opens one outage on the default service when a ping is overdue, and recovers when pings resume', async () => {
    const monitor = await heartbeat();
    const created = world.clock.now();
    expect((await monitor.row()).heartbeatDueAt).toEqual(new Date(created.getTime() + 6 * MINUTE));
    world.clock.advance(4 * MINUTE);
    expect((await monitor.ping()).recovered).toBe(false);
    // Due 6 minutes after the ping: not a millisecond earlier.
    world.clock.advance(6 * MINUTE - 1);
    expect((await sweep()).missed).toBe(0);
    world.clock.advance(1);
    expect((await nextHeartbeatDue(db))!.getTime()).toBeLessThanOrEqual(world.clock.now().getTime());
    expect((await sweep()).missed).toBe(1);
    const alert = (await alertOf(monitor.created.id))!;
    expect(alert.status).toBe('firing');
    const ticket = await ticketRow(db, alert.ticketId!);
    expect(ticket).toMatchObject({ kind: 'outage', status: 'new', source: 'heartbeat', priority: 'P1' });
    expect(ticket.title).toContain('Heartbeat missed: nightly backup');
    const affected = await db.select().from(ticketServices).where(eq(ticketServices.ticketId, ticket.id));
    expect(affected.map((s) => s.serviceId)).toEqual([world.service('globex', 'dc-fra').id]);
    // Reported once, however often the scheduler looks.
    world.clock.advance(30 * MINUTE);
    expect((await sweep()).missed).toBe(0);

    const resumed = await monitor.ping();
    expect(resumed.recovered).toBe(true);
    expect(resumed.dueAt).toEqual(new Date(world.clock.now().getTime() + 6 * MINUTE));
    expect((await alertOf(monitor.created.id))!.status).toBe('resolved');
    expect((await ticketRow(db, ticket.id)).status).toBe('monitoring');
    expect((await monitor.row()).heartbeatMissedAt).toBeNull();
    expect((await monitor.ping()).recovered).toBe(false);

    // Missing again while the ticket is still open: the same ticket hears of it.
    world.clock.advance(6 * MINUTE);
    expect((await sweep()).missed).toBe(1);
    const again = await db
      .select()
      .from(integrationAlerts)
      .where(
        and(eq(integrationAlerts.integrationId, monitor.created.id), eq(integrationAlerts.status, 'firing')),
      );
    expect(again.map((a) => a.ticketId)).toEqual([ticket.id]);
    await monitor.ping();
  });

  it('never reports a revoked heartbeat, and two sweeps at once report a missed one once', async () => {
    const revoked = await heartbeat({ name: 'retired check' });
    await revokeIntegration(admin, { id: revoked.created.id });
    const live = await heartbeat({ name: 'raced check' });
    world.clock.advance(7 * MINUTE);
    // (Earlier tests' monitors fall due too: count this one's alerts, not the batch.)
    await Promise.all([sweep(), sweep()]);
    expect((await sweep()).missed).toBe(0);
    expect(await alertOf(revoked.created.id)).toBeUndefined();
    const alerts = await db
      .select()
      .from(integrationAlerts)
      .where(eq(integrationAlerts.integrationId, live.created.id));
    expect(alerts.map((a) => a.status)).toEqual(['firing']);
    expect((await live.row()).heartbeatMissedAt).toEqual(world.clock.now());
  });

  it('refuses pings with another kind of key', async () => {
    const other = await createIntegration(
      admin,
      input({ kind: 'alertmanager', heartbeatIntervalMinutes: undefined }),
    );
    const row = (await authenticateIntegrationKey(db, other.key))!;
    await expectServiceError(
      pingHeartbeat({ db, now: world.clock.now, actor: integrationActor(row) }, row),
      'FORBIDDEN',
    );
  });

  it('answers pings over HTTP: 200 with the next deadline, 401 for an unknown key, 405 for GET', async () => {
    const monitor = await heartbeat({ name: 'http check' });
    const deps = { db, now: world.clock.now, limiter: new RateLimiter(() => 0) };
    const url = 'http://localhost/api/integrations/heartbeat';
    const ok = await handleHeartbeat(
      new Request(url, { method: 'POST', headers: { Authorization: `Bearer ${monitor.created.key}` } }),
      deps,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      status: 'success',
      recovered: false,
      nextPingDueAt: new Date(world.clock.now().getTime() + 6 * MINUTE).toISOString(),
    });
    const [stored] = await db.select().from(integrations).where(eq(integrations.id, monitor.created.id));
    expect(stored!.lastPingAt).toEqual(world.clock.now());
    const unknown = await handleHeartbeat(
      new Request(url, { method: 'POST', headers: { Authorization: `Bearer ${'x'.repeat(43)}` } }),
      deps,
    );
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('WWW-Authenticate')).toBe('Bearer');
    expect((await handleHeartbeat(new Request(url), deps)).status).toBe(405);
  });
});
