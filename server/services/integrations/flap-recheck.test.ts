import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import type { Database, DatabaseHandle } from '../../../db/client';
import { integrationAlerts } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { failNextInsertOnce } from '../../../test/sla';
import { useDemoWorld } from '../../../test/suite';
import { eventsOf, ticketRow } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { runScheduler } from '../../scheduler/worker';
import type { ServiceContext } from '../kernel/context';
import { transitionTicket } from '../tickets/transition';
import { authenticateIntegrationKey, integrationActor } from './authenticate';
import { createIntegration } from './create';
import { ingestAlertmanager } from './ingest-alertmanager';
import type { CreateIntegrationInput } from './schemas';
import { nextFlapRecheckDue, RETRY_AFTER_MS, sweepFlapRechecks } from './sweep-flap-rechecks';

const MINUTE = 60_000;

/** An Alertmanager delivery of one group (`groupKey`) naming one alert (fingerprint), firing or resolved. */
function delivery(fingerprint: string, status: 'firing' | 'resolved', groupKey: string) {
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver: 'watchfloor',
    groupLabels: { alertname: 'LinkDown' },
    commonLabels: { alertname: 'LinkDown', severity: 'critical' },
    commonAnnotations: { summary: 'Uplink down' },
    externalURL: 'http://alertmanager.example.net:9093',
    alerts: [
      {
        status,
        labels: { alertname: 'LinkDown', severity: 'critical', instance: fingerprint },
        annotations: { summary: `Uplink down on ${fingerprint}` },
        startsAt: '2026-11-20T08:14:05.123Z',
        endsAt: status === 'resolved' ? '2026-11-20T09:14:05.123Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.net:9090/graph',
        fingerprint,
      },
    ],
  };
}

describe.each(testEngines())('flap re-check on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let db: Database;
  let world: DemoWorld;
  let admin: ServiceContext;
  let groups = 0;
  useDemoWorld({ open }, async (setup) => {
    ({ handle, db, world } = setup);
    admin = await world.as('admin@watchfloor.test');
  });

  /** An integration that flaps at the 3rd fire within 10 minutes, and a sender for a group of its own. */
  async function flappy(overrides: Partial<CreateIntegrationInput> = {}) {
    const created = await createIntegration(admin, {
      organisationId: world.org('globex').id,
      kind: 'alertmanager',
      name: 'Prometheus fra1',
      defaultServiceId: world.service('globex', 'dc-fra').id,
      resolveBehaviour: 'resolve',
      reopenWindowMinutes: 60,
      flapThreshold: 2,
      flapWindowMinutes: 10,
      ...overrides,
    });
    const row = (await authenticateIntegrationKey(db, created.key))!;
    const ctx: ServiceContext = { db, now: world.clock.now, actor: integrationActor(row) };
    const groupKey = `{}:{alertname="LinkDown",n="${++groups}"}`;
    const send = async (fingerprint: string, status: 'firing' | 'resolved') =>
      (await ingestAlertmanager(ctx, row, delivery(fingerprint, status, groupKey))).counts;
    const alerts = () =>
      db
        .select()
        .from(integrationAlerts)
        .where(eq(integrationAlerts.integrationId, row.id))
        .orderBy(asc(integrationAlerts.firstSeenAt), asc(integrationAlerts.alertKey));
    /** Fires and resolves `key` three times, a minute apart: it flaps, and its ticket stays open. */
    const flap = async (key = 'rtr-01') => {
      for (let i = 0; i < 3; i++) {
        await send(key, 'firing');
        world.clock.advance(MINUTE);
        await send(key, 'resolved');
        world.clock.advance(MINUTE);
      }
      const ticketId = (await alerts())[0]!.ticketId!;
      expect((await ticketRow(db, ticketId)).status).not.toBe('resolved');
      return ticketId;
    };
    return { row, send, alerts, flap };
  }
  const typesOf = async (ticketId: string) => (await eventsOf(db, ticketId)).map((e) => e.type);
  const sweep = () => sweepFlapRechecks(db, world.clock.now());

  it('walks a ticket held open by flapping to resolved once the flap window has passed, exactly once', async () => {
    const { flap, alerts } = await flappy();
    const ticketId = await flap();
    const lastResolve = (await alerts()).at(-1)!;
    expect(lastResolve).toMatchObject({ status: 'resolved', flapping: true });
    // Queued by the trigger for the first instant its flap window no longer covers.
    expect(lastResolve.flapRecheckAt).toEqual(new Date(lastResolve.lastSeenAt.getTime() + 10 * MINUTE + 1));
    // Still within the window: nothing is due for this ticket, and the ticket waits.
    world.clock.advance(8 * MINUTE);
    await sweep();
    expect((await ticketRow(db, ticketId)).status).not.toBe('resolved');
    expect((await alerts()).at(-1)!.flapRecheckAt).not.toBeNull();
    const before = await typesOf(ticketId);
    world.clock.advance(2 * MINUTE);
    const swept = await sweep();
    expect(swept.recovered).toBeGreaterThanOrEqual(1);
    const ticket = await ticketRow(db, ticketId);
    expect(ticket.status).toBe('resolved');
    expect(ticket.resolvedAt).toEqual(world.clock.now());
    const after = await typesOf(ticketId);
    expect(after.slice(0, before.length)).toEqual(before);
    // The note first, then the same automatic walk a last resolve takes (to resolved, per the setting).
    expect(after[before.length]).toBe('alert.flap_settled');
    const walk = (await eventsOf(db, ticketId)).slice(before.length + 1);
    expect(walk.map((e) => e.type)).toEqual(walk.map(() => 'ticket.transitioned'));
    expect((walk.at(-1)!.payload as { to: string }).to).toBe('resolved');
    // Off the queue: a second sweep changes nothing.
    expect((await alerts()).every((a) => a.flapRecheckAt === null)).toBe(true);
    await sweep();
    expect(await typesOf(ticketId)).toEqual(after);
  });

  it('walks only to monitoring when that is the integration’s setting', async () => {
    const { flap } = await flappy({ resolveBehaviour: 'monitoring' });
    const ticketId = await flap();
    world.clock.advance(11 * MINUTE);
    await sweep();
    expect((await ticketRow(db, ticketId)).status).toBe('monitoring');
  });

  it('leaves the ticket open while another of its alerts fires; that alert’s resolve recovers it', async () => {
    const { flap, send } = await flappy();
    const ticketId = await flap('rtr-01');
    expect(await send('rtr-02', 'firing')).toEqual({ attached: 1 });
    world.clock.advance(11 * MINUTE);
    await sweep();
    expect((await ticketRow(db, ticketId)).status).not.toBe('resolved');
    expect(await typesOf(ticketId)).not.toContain('alert.flap_settled');
    await send('rtr-02', 'resolved');
    expect((await ticketRow(db, ticketId)).status).toBe('resolved');
  });

  it('waits for the last of a flapping spell: an earlier resolve’s re-check finds it flapping still', async () => {
    const { flap, send, alerts } = await flappy();
    const ticketId = await flap();
    // It fires and resolves again 5 minutes later: the first re-check (at +10) comes while that one's
    // window still runs, so nothing moves; its own re-check (at +15) walks the ticket.
    world.clock.advance(5 * MINUTE);
    await send('rtr-01', 'firing');
    await send('rtr-01', 'resolved');
    const queued = (await alerts()).filter((a) => a.flapRecheckAt).map((a) => a.flapRecheckAt!.getTime());
    expect(queued.length).toBeGreaterThanOrEqual(2);
    world.clock.advance(6 * MINUTE);
    await sweep();
    expect((await ticketRow(db, ticketId)).status).not.toBe('resolved');
    world.clock.advance(5 * MINUTE);
    await sweep();
    expect((await ticketRow(db, ticketId)).status).toBe('resolved');
    expect((await typesOf(ticketId)).filter((t) => t === 'alert.flap_settled')).toHaveLength(1);
  });

  it('leaves alone a ticket a person put on hold meanwhile, and writes nothing on it', async () => {
    const { flap } = await flappy();
    const ticketId = await flap();
    const noc = await world.as('noc@watchfloor.test');
    const { version } = await ticketRow(db, ticketId);
    await transitionTicket(noc, { id: ticketId, version, event: { type: 'HOLD', reason: 'vendor' } });
    const before = await typesOf(ticketId);
    world.clock.advance(11 * MINUTE);
    await sweep();
    expect((await ticketRow(db, ticketId)).status).toBe('on_hold');
    expect(await typesOf(ticketId)).toEqual(before);
  });

  it('rolls back a ticket whose re-check fails alone, and tries it again a minute later', async () => {
    await sweep(); // other tests' leftovers off the queue
    const a = await flappy();
    const b = await flappy();
    const ticketA = await a.flap('rtr-a');
    const ticketB = await b.flap('rtr-b');
    world.clock.advance(11 * MINUTE);
    // The first re-check's note fails to be written (as a crash inside its savepoint would).
    const restore = await failNextInsertOnce(db, 'ticket_events', {
      when: "new.type = 'alert.flap_settled'",
    });
    let swept: Awaited<ReturnType<typeof sweep>>;
    try {
      swept = await sweep();
    } finally {
      await restore();
    }
    expect(swept).toMatchObject({ recovered: 1, failed: 1 });
    const statuses = async () => [
      (await ticketRow(db, ticketA)).status,
      (await ticketRow(db, ticketB)).status,
    ];
    expect((await statuses()).filter((s) => s === 'resolved')).toHaveLength(1);
    // Not due again at once (the lane would spin), but a minute later.
    expect(await sweep()).toMatchObject({ alerts: 0 });
    world.clock.advance(RETRY_AFTER_MS);
    expect(await sweep()).toMatchObject({ recovered: 1, failed: 0 });
    expect(await statuses()).toEqual(['resolved', 'resolved']);
  });

  it('queues no re-check for an alert that resolves without flapping', async () => {
    const { send, alerts } = await flappy();
    await send('rtr-09', 'firing');
    world.clock.advance(MINUTE);
    await send('rtr-09', 'resolved');
    expect((await alerts()).map((a) => a.flapRecheckAt)).toEqual([null]);
  });

  it('runs as a lane of the scheduler, which wakes for the next re-check', async () => {
    await sweep(); // other tests' leftovers off the queue
    const { flap, alerts } = await flappy();
    const ticketId = await flap();
    const due = (await alerts()).at(-1)!.flapRecheckAt!;
    expect(await nextFlapRecheckDue(db)).toEqual(due);
    world.clock.advance(due.getTime() + 1 - world.clock.now().getTime());
    const controller = new AbortController();
    const logs: string[] = [];
    const loop = runScheduler({
      handle,
      now: world.clock.now,
      pollMs: 60_000,
      signal: controller.signal,
      log: (m) => logs.push(m),
    });
    try {
      await vi.waitFor(async () => expect((await ticketRow(db, ticketId)).status).toBe('resolved'), {
        timeout: 10_000,
        interval: 20,
      });
      expect(logs.some((l) => l.startsWith('flap re-checks:'))).toBe(true);
    } finally {
      controller.abort();
      await loop;
    }
    const left = await db
      .select({ id: integrationAlerts.id })
      .from(integrationAlerts)
      .where(
        and(
          inArray(
            integrationAlerts.id,
            (await alerts()).map((a) => a.id),
          ),
          isNotNull(integrationAlerts.flapRecheckAt),
        ),
      );
    expect(left).toEqual([]);
  });
});
