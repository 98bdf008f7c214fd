import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database, DatabaseHandle } from '../../db/client';
import {
  integrationAlerts,
  integrations,
  maintenances,
  signInThrottle,
  slaClocks,
  statusDeliveries,
  statusSubscribers,
  ticketEscalations,
  webhookEndpoints,
} from '../../db/schema';
import { testEngines } from '../../test/databases';
import {
  checkEventsOf,
  checkLabel,
  expectChainsIntact,
  failNextInsertOnce,
  firedOf,
  MINUTE,
  plus,
  SECOND,
  setNow,
} from '../../test/sla';
import { useDemoWorld } from '../../test/suite';
import { outageInput, userId } from '../../test/tickets';
import { type DemoWorld, testClock } from '../../test/world';
import { metrics } from '../observability/metrics';
import { createIntegration } from '../services/integrations/create';
import { revokeIntegration } from '../services/integrations/revoke';
import { scheduleMaintenance } from '../services/status/maintenance/schedule';
import { subscribe } from '../services/subscriptions/subscribe';
import { assignTicket } from '../services/tickets/assign';
import { commentOnTicket } from '../services/tickets/comment';
import { createTicket } from '../services/tickets/create';
import { createWebhook } from '../services/webhooks/create';
import { FORGET_SIGN_IN_KEYS_EVERY_MS, runScheduler, type SchedulerOptions } from './worker';

/** Far longer than any test may take: a loop that wakes in time was woken, not polled. */
const LONG_POLL_MS = 60_000;
/** Bounds on real-time waits (the loop's own I/O), never sleeps. */
const PROMPTLY_MS = 5_000;
const WAIT = { timeout: 10_000, interval: 10 };

/** Resolves with `promise`, or fails once `ms` pass without it settling. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each(testEngines())('scheduler loop on $engine', ({ engine, open }) => {
  let handle: DatabaseHandle;
  let db: Database;
  let world: DemoWorld;
  let t0: Date;
  const running: AbortController[] = [];

  useDemoWorld(
    { open, clock: testClock('2026-11-02T08:00:00.000Z'), sla: true },
    (setup) => ({ handle, db, world } = setup),
  );
  beforeEach(async () => {
    // Only this test's clocks (and escalations) are the loop's business.
    await db.delete(slaClocks);
    await db.delete(ticketEscalations);
    t0 = setNow(world.clock, '2026-11-02T09:00:00.000Z');
  });
  afterEach(async () => {
    // A failed test must not leave a loop running against the database.
    for (const controller of running.splice(0)) controller.abort();
    vi.restoreAllMocks();
    await expectChainsIntact(db);
  });

  /**
   * Resolves once the loop has gone to sleep for its whole poll (it set a timer of exactly LONG_POLL_MS,
   * which nothing else here uses): from then on only a notification, the abort, or that timer wakes it.
   */
  function sleeping() {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    return () =>
      vi.waitFor(() => {
        expect(timers.mock.calls.some(([, ms]) => ms === LONG_POLL_MS)).toBe(true);
        timers.mockClear();
      }, WAIT);
  }

  /** Starts the loop with the world's clock (or `now`), a long poll and a captured log. */
  function start(options: Partial<Omit<SchedulerOptions, 'handle' | 'signal'>> = {}) {
    const controller = new AbortController();
    running.push(controller);
    const logs: string[] = [];
    const done = runScheduler({
      handle,
      now: world.clock.now,
      pollMs: LONG_POLL_MS,
      batchSize: 50,
      log: (message) => logs.push(message),
      ...options,
      signal: controller.signal,
    });
    return {
      logs,
      done,
      controller,
      async stop() {
        controller.abort();
        await within(done, PROMPTLY_MS, 'the loop stopping after abort');
      },
    };
  }

  /** A P1 outage (response 15 min, resolution 4 h on 24×7) created now, assigned to the NOC engineer. */
  async function outage() {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await createTicket(noc, outageInput(world, { impact: 'high', urgency: 'high' }));
    await assignTicket(noc, { id, assigneeId: await userId(world, 'noc@watchfloor.test') });
    return id;
  }

  const responseChecks = () => [
    `response:warn:75@${plus(t0, 11 * MINUTE + 15 * SECOND).toISOString()}`,
    `response:warn:90@${plus(t0, 13 * MINUTE + 30 * SECOND).toISOString()}`,
    `response:breach@${plus(t0, 15 * MINUTE).toISOString()}`,
  ];

  it('fires the work already due on its first round, and stops promptly when aborted while asleep', async () => {
    const id = await outage();
    setNow(world.clock, plus(t0, 20 * MINUTE));
    const asleep = sleeping();
    const loop = start();
    await vi.waitFor(async () => expect(await firedOf(db, [id])).toHaveLength(3), WAIT);
    expect((await checkEventsOf(db, [id])).map(checkLabel)).toEqual(responseChecks());
    expect(loop.logs).toContain('fired 3 SLA checks on 1 tickets');
    // Asleep for up to a minute (the resolution's first check is hours away): the abort wakes it.
    await asleep();
    await loop.stop();
    await expect(loop.done).resolves.toBeUndefined();
  });

  it('records the batch and its lag (now − the oldest due check) in the metrics', async () => {
    const observed = async (metric: 'schedulerLag' | 'schedulerBatch', le: number | '+Inf') => {
      const { values } = await metrics()[metric].get();
      return (
        values.find(
          (v) =>
            v.metricName?.endsWith('_bucket') &&
            v.labels.lane === 'sla_clocks' &&
            (v.labels as Record<string, unknown>).le === le,
        )?.value ?? 0
      );
    };
    const before = {
      lag900: await observed('schedulerLag', 900),
      lag300: await observed('schedulerLag', 300),
    };
    const batches = await observed('schedulerBatch', 1);
    const id = await outage();
    // The first check (75 % of the response) fell due at 11:15; the loop takes it at 20:00: 525 s late.
    setNow(world.clock, plus(t0, 20 * MINUTE));
    const loop = start();
    await vi.waitFor(async () => expect(await firedOf(db, [id])).toHaveLength(3), WAIT);
    await loop.stop();
    expect(await observed('schedulerLag', 900)).toBe(before.lag900 + 1);
    expect(await observed('schedulerLag', 300)).toBe(before.lag300);
    expect(await observed('schedulerBatch', 1)).toBe(batches + 1);
  });

  it('starts a maintenance window whose announced start has come, as the scheduler', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await scheduleMaintenance(noc, {
      organisationId: world.org('acme').id,
      title: 'Payments database upgrade',
      scheduledFor: plus(t0, 10 * MINUTE),
      scheduledUntil: plus(t0, 70 * MINUTE),
      serviceIds: [world.service('acme', 'payments').id],
    });
    setNow(world.clock, plus(t0, 11 * MINUTE));
    const loop = start();
    await vi.waitFor(async () => {
      const [row] = await db.select().from(maintenances).where(eq(maintenances.id, id));
      expect(row).toMatchObject({ state: 'in_progress', startedAt: plus(t0, 10 * MINUTE) });
    }, WAIT);
    expect(loop.logs).toContain('maintenance: started 1, completed 0');
    await loop.stop();
    // Windows are this test's only: none left for the other tests' loops.
    await db.delete(maintenances);
  });

  it('reports an overdue heartbeat monitor missing once, as an outage on its default service', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const monitor = await createIntegration(admin, {
      organisationId: world.org('acme').id,
      kind: 'heartbeat',
      name: 'backup job',
      defaultServiceId: world.service('acme', 'payments').id,
      heartbeatIntervalMinutes: 10,
      heartbeatGraceMinutes: 2,
    });
    setNow(world.clock, plus(t0, 12 * MINUTE));
    const loop = start();
    await vi.waitFor(async () => {
      const [row] = await db.select().from(integrations).where(eq(integrations.id, monitor.id));
      expect(row!.heartbeatMissedAt).toEqual(plus(t0, 12 * MINUTE));
    }, WAIT);
    expect(loop.logs).toContain('heartbeats missed: 1');
    await loop.stop();
    const alerts = await db
      .select()
      .from(integrationAlerts)
      .where(eq(integrationAlerts.integrationId, monitor.id));
    expect(alerts.map((a) => a.status)).toEqual(['firing']);
    // This test's only: no heartbeat left for the other tests' loops.
    await revokeIntegration(admin, { id: monitor.id });
  });

  it('wakes on a ticket_changed notification instead of waiting for its next poll', async () => {
    const id = await outage();
    const asleep = sleeping();
    const loop = start();
    // First round: nothing due; then it sleeps for the full poll (the first check is 11 minutes away).
    await asleep();
    // Time moves on past the response's checks; the sleeping loop cannot know…
    setNow(world.clock, plus(t0, 20 * MINUTE));
    // …until a ticket changes: any committed command notifies ticket_changed.
    await commentOnTicket(await world.as('noc@watchfloor.test'), { id, body: 'Vendor engaged' });
    await vi.waitFor(async () => expect(await firedOf(db, [id])).toHaveLength(3), WAIT);
    expect((await checkEventsOf(db, [id])).map(checkLabel)).toEqual(responseChecks());
    await loop.stop();
  });

  it('stops promptly when aborted in the middle of a sweep, after finishing that sweep', async () => {
    const id = await outage();
    setNow(world.clock, plus(t0, 20 * MINUTE));
    let controller: AbortController | undefined;
    const loop = start({
      now: () => {
        // The abort lands while the first sweep is under way (its instant is read first).
        controller?.abort();
        return world.clock.now();
      },
    });
    controller = loop.controller;
    await within(loop.done, PROMPTLY_MS, 'the loop stopping after an abort during a sweep');
    // The sweep it was in committed whole.
    expect(await firedOf(db, [id])).toHaveLength(3);
  });

  it('retries a sweep that failed on its next round, and fires everything exactly once', async () => {
    const id = await outage();
    setNow(world.clock, plus(t0, 20 * MINUTE));
    const undo = await failNextInsertOnce(db, 'fired_effects');
    try {
      const loop = start({ pollMs: 20 });
      await vi.waitFor(async () => expect(await firedOf(db, [id])).toHaveLength(3), WAIT);
      await loop.stop();
      expect(loop.logs.some((m) => /^sweep failed, retrying: /.test(m))).toBe(true);
      expect(loop.logs).toContain('fired 3 SLA checks on 1 tickets');
    } finally {
      await undo();
    }
    expect((await checkEventsOf(db, [id])).map(checkLabel)).toEqual(responseChecks());
  });

  it('keeps going through database errors, including while sizing its sleep', async () => {
    const id = await outage();
    const loop = start({ pollMs: 20 });
    // The escalation table goes away for a while: the escalation sweep and the look at the next check fail.
    await db.execute(sql`alter table ticket_escalations rename to ticket_escalations_away`);
    try {
      await vi.waitFor(
        () => expect(loop.logs.filter((m) => m.startsWith('sweep failed')).length).toBeGreaterThanOrEqual(2),
        WAIT,
      );
    } finally {
      await db.execute(sql`alter table ticket_escalations_away rename to ticket_escalations`);
    }
    // Back to normal, it still fires what falls due.
    setNow(world.clock, plus(t0, 20 * MINUTE));
    await vi.waitFor(async () => expect(await firedOf(db, [id])).toHaveLength(3), WAIT);
    await loop.stop();
  });

  it('forgets quiet sign-in throttle keys on its rounds, at most once a minute of its clock', async () => {
    const id = await outage();
    const quietKey = async (name: string) => {
      const at = plus(world.clock.now(), -20 * MINUTE);
      await db.insert(signInThrottle).values({ key: name, failures: 1, windowStartedAt: at, updatedAt: at });
    };
    const stored = async (name: string) =>
      (await db.select().from(signInThrottle).where(eq(signInThrottle.key, name))).length;
    await quietKey('address:192.0.2.1');
    let asleep = sleeping();
    const loop = start();
    await vi.waitFor(async () => expect(await stored('address:192.0.2.1')).toBe(0), WAIT);
    expect(loop.logs).toContain('forgot 1 quiet sign-in throttle keys');
    await asleep();

    // Woken again within the minute: the round sweeps the SLA, but leaves the housekeeping for later.
    await quietKey('address:192.0.2.2');
    asleep = sleeping();
    await commentOnTicket(await world.as('noc@watchfloor.test'), { id, body: 'Still looking' });
    await asleep();
    expect(await stored('address:192.0.2.2')).toBe(1);

    // A minute on, the next round forgets it.
    world.clock.advance(FORGET_SIGN_IN_KEYS_EVERY_MS);
    await commentOnTicket(await world.as('noc@watchfloor.test'), { id, body: 'Vendor engaged' });
    await vi.waitFor(async () => expect(await stored('address:192.0.2.2')).toBe(0), WAIT);
    await loop.stop();
  });

  it('sends due status-page subscriber messages on its rounds, through the transport it was given', async () => {
    vi.stubEnv('NEXTAUTH_SECRET', 'worker-loop-test-secret-0123456789abcdef');
    vi.stubEnv('WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS', '1');
    try {
      await subscribe(
        { db, now: world.clock.now },
        { slug: 'acme', channel: 'webhook', target: 'https://hooks.example.com/status' },
      );
      const sent: string[] = [];
      const loop = start({
        deliveries: {
          webhook: async (url, body) => {
            sent.push(`${url} ${JSON.parse(body).type}`);
          },
        },
      });
      await vi.waitFor(
        () => expect(sent).toEqual(['https://hooks.example.com/status subscription.created']),
        WAIT,
      );
      // The lane records the outcome after the send returns, on its own schedule: wait for its log line
      // (the loop may already be asleep by then).
      await vi.waitFor(
        () => expect(loop.logs).toContain('subscriber messages: 1 sent, 0 to retry, 0 given up'),
        WAIT,
      );
      await loop.stop();
      expect(sent).toHaveLength(1);
    } finally {
      await db.delete(statusSubscribers);
      vi.unstubAllEnvs();
    }
  });

  it('keeps sweeping SLA clocks while a slow webhook is being sent, and finishes sending before it stops', async () => {
    vi.stubEnv('NEXTAUTH_SECRET', 'worker-loop-test-secret-0123456789abcdef');
    vi.stubEnv('WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS', '1');
    try {
      await subscribe(
        { db, now: world.clock.now },
        { slug: 'acme', channel: 'webhook', target: 'https://hooks.example.com/slow' },
      );
      let answer: () => void = () => {};
      const pending = new Promise<void>((resolve) => {
        answer = resolve;
      });
      let calls = 0;
      const loop = start({
        deliveries: {
          webhook: () => {
            calls++;
            return pending;
          },
        },
      });
      await vi.waitFor(() => expect(calls).toBe(1), WAIT);
      // While the webhook has not answered, an outage falls due and a change wakes the loop: it sweeps.
      const id = await outage();
      setNow(world.clock, plus(t0, 20 * MINUTE));
      await commentOnTicket(await world.as('noc@watchfloor.test'), { id, body: 'Still looking' });
      await vi.waitFor(async () => expect(await firedOf(db, [id])).toHaveLength(3), WAIT);
      const stopped = loop.stop();
      answer();
      await stopped;
      // Recorded at its batch's instant, when it was claimed.
      const [delivery] = await db.select().from(statusDeliveries);
      expect(delivery?.deliveredAt).toEqual(t0);
    } finally {
      await db.delete(statusSubscribers);
      vi.unstubAllEnvs();
    }
  });

  // PostgreSQL only: the loop LISTENs on a connection of its own, which the server may drop at any time
  // (a restart, a failover, an idle-session timeout, an administrator).
  // (Defined for PostgreSQL only rather than skipped elsewhere: PGlite has no connection to lose.)
  if (engine === 'postgres')
    it('survives losing its LISTEN connection: listens again and still wakes on ticket changes', async () => {
      const id = await outage();
      const admin = new pg.Client({ connectionString: handle.pool!.options.connectionString });
      await admin.connect();
      /** The backend that LISTENs for the loop (its last statement was the LISTEN). */
      const listener = async () => {
        const { rows } = await admin.query<{ pid: number }>(
          `select pid from pg_stat_activity
            where datname = current_database() and query = 'listen ticket_changed' and pid <> pg_backend_pid()`,
        );
        return rows.map((r) => r.pid);
      };
      try {
        const asleep = sleeping();
        const loop = start();
        await asleep();
        const [before] = await listener();
        expect(before).toBeDefined();
        await admin.query('select pg_terminate_backend($1)', [before]);
        // It notices, says so, and listens again on a fresh connection.
        await vi.waitFor(async () => {
          const now = await listener();
          expect(now).toHaveLength(1);
          expect(now[0]).not.toBe(before);
        }, WAIT);
        expect(loop.logs.some((m) => /listen/i.test(m))).toBe(true);
        // Asleep again for the whole poll, it still wakes when a ticket changes.
        await asleep();
        setNow(world.clock, plus(t0, 20 * MINUTE));
        await commentOnTicket(await world.as('noc@watchfloor.test'), { id, body: 'Carrier confirmed' });
        await vi.waitFor(async () => expect(await firedOf(db, [id])).toHaveLength(3), WAIT);
        await loop.stop();
      } finally {
        await admin.end();
      }
    });

  it('delivers outbound webhooks in a lane of its own, retrying on the schedule (#14)', async () => {
    vi.stubEnv('NEXTAUTH_SECRET', 'worker-loop-test-secret-0123456789abcdef');
    const admin = await world.as('admin@watchfloor.test');
    const { endpoint } = await createWebhook(admin, {
      organisationId: world.org('acme').id,
      url: 'https://hooks.acme.test/in',
      description: '',
      eventTypes: ['ticket.created'],
    });
    try {
      const answers = [500, 204];
      const sent: string[] = [];
      const loop = start({
        random: () => 0.5,
        webhooks: async (url, body, headers) => {
          sent.push(`${url} ${JSON.parse(body).type} ${headers['webhook-id']}`);
          return answers.shift() ?? 204;
        },
      });
      // A new ticket's NOTIFY wakes the loop; its webhook goes out in the lane.
      const id = await outage();
      await vi.waitFor(() => expect(sent).toHaveLength(1), WAIT);
      await vi.waitFor(
        () =>
          expect(loop.logs).toContain('webhooks: 0 delivered, 1 to retry, 0 given up, 0 endpoints disabled'),
        WAIT,
      );
      // 5 s later (the first retry's wait) a change wakes the loop and the retry is sent with the same id.
      world.clock.advance(5 * SECOND);
      await commentOnTicket(await world.as('noc@watchfloor.test'), { id, body: 'Retrying' });
      await vi.waitFor(
        () =>
          expect(loop.logs).toContain('webhooks: 1 delivered, 0 to retry, 0 given up, 0 endpoints disabled'),
        WAIT,
      );
      await loop.stop();
      expect(sent[1]).toBe(sent[0]);
    } finally {
      await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
      vi.unstubAllEnvs();
    }
  });
});
