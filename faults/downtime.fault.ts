// Fault: downtime (issue #15). The production server (with its in-process scheduler) is down while SLA
// warnings, breaches and escalation levels come due; on restart each fires once, stamped with the instant
// it was due (not the restart), within 5 s of the server being up.
//
// How the clocks come due without waiting for real time: the production server has no injectable clock
// (it runs on the system clock, as it must: the restart is what is under test). The services do take
// their clock as a parameter, so while the server is down the test creates tickets through the real
// createTicket / assignTicket services with `now` set minutes to hours in the past. That writes exactly
// the rows a ticket created that long ago would have (its created_at, clocks started then with their
// machine snapshots and next checks, its escalation progress): a downtime compressed into the past. The
// server that comes back sees overdue work and nothing else differs. Tickets created while it ran (the
// demo's, one of ours) are not due and must not fire.
//
// Then a second outage, by kill -9 this time, and a restart: nothing fires again (a sentinel ticket that
// came due during it shows the scheduler has swept since).

import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import {
  firedEffects,
  notifications,
  organisations,
  slaClocks,
  ticketEvents,
  tickets,
  users,
} from '../db/schema';
import { verifyAuditChains } from '../server/services/audit/verify';
import type { UserActor } from '../server/services/kernel/context';
import { assignTicket } from '../server/services/tickets/assign';
import { createTicket } from '../server/services/tickets/create';
import { actingAt, actorFor, observe, pollUntil } from './lib/observe';
import { freshDatabase, type RunningApp, startApp } from './lib/processes';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PORT = 3421;
/** The bound: every overdue effect fires within this long of the restart. */
const FIRE_WITHIN_MS = 5_000;

/**
 * What the demo's "Acme standard" policy gives a P2 outage (impact medium, urgency high): response 30 min
 * and resolution 8 h round the clock, warnings at 75 % and 90 %; its escalation chases the NOC after 10
 * unacknowledged minutes and calls in the managers (raising the priority) when the response breaches.
 * Offsets from the ticket's creation, written out here rather than derived with the app's own maths.
 */
const EXPECTED_CHECKS = [
  { metric: 'response', kind: 'warn', threshold: 75, at: 22.5 * MINUTE },
  { metric: 'response', kind: 'warn', threshold: 90, at: 27 * MINUTE },
  { metric: 'response', kind: 'breach', at: 30 * MINUTE },
  { metric: 'resolution', kind: 'warn', threshold: 75, at: 6 * HOUR },
  { metric: 'resolution', kind: 'warn', threshold: 90, at: 7.2 * HOUR },
  { metric: 'resolution', kind: 'breach', at: 8 * HOUR },
] as const;
const EXPECTED_LEVELS = [
  { level: 0, at: 10 * MINUTE, role: 'noc_engineer' },
  { level: 1, at: 30 * MINUTE, role: 'manager' },
] as const;

/** How old each overdue ticket is when the server comes back: from nothing due to everything due. */
const AGES = [5 * MINUTE, 12 * MINUTE, 24 * MINUTE, 28 * MINUTE, 45 * MINUTE, 9 * HOUR];

interface Planted {
  id: string;
  createdAt: number;
  /** The instant the server went down, from which the age counts. */
  downAt: number;
}

const checkKeyOf = (clockId: string, c: (typeof EXPECTED_CHECKS)[number]) =>
  c.kind === 'warn' ? `clock:${clockId}:warn:${c.threshold}` : `clock:${clockId}:breach`;

describe('downtime: the server is down while clocks come due', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let handle: DatabaseHandle;
  let app: RunningApp | null = null;
  let noc: UserActor;
  let acmeId: string;
  const planted: Planted[] = [];
  let liveTicketId: string;

  beforeAll(async () => {
    database = await freshDatabase('downtime');
    // The demo seed (no history: its backdated tickets would be overdue too) provides the policies.
    app = await startApp({
      databaseUrl: database.url,
      port: PORT,
      env: { WATCHFLOOR_DEMO: '1', WATCHFLOOR_DEMO_HISTORY: '0' },
    });
    handle = observe(database.url);
    noc = await actorFor(handle, 'noc@watchfloor.test');
    const [acme] = await handle.db.select().from(organisations).where(eq(organisations.slug, 'acme'));
    acmeId = acme!.id;
  });

  afterAll(async () => {
    await app?.kill9();
    await database?.drop(async () => {
      await handle?.close();
    });
  });

  const plant = async (createdAt: number, downAt: number, title: string) => {
    const { id } = await createTicket(actingAt(handle, noc, new Date(createdAt)), {
      title,
      organisationId: acmeId,
      impact: 'medium',
      urgency: 'high',
    });
    // Assigned a minute in, so the SLA warnings and breaches have someone to notify.
    await assignTicket(actingAt(handle, noc, new Date(createdAt + MINUTE)), { id, assigneeId: noc.id });
    return { id, createdAt, downAt };
  };

  /** Per planted ticket, what must have fired by `now`: clock checks and escalation levels, with due times. */
  async function expectedFor(ticket: Planted, now: number) {
    const clocks = await handle.db.select().from(slaClocks).where(eq(slaClocks.ticketId, ticket.id));
    const clockOf = (metric: string) => clocks.find((c) => c.metric === metric)!;
    const checks = EXPECTED_CHECKS.filter((c) => ticket.createdAt + c.at <= now).map((c) => ({
      ...c,
      key: checkKeyOf(clockOf(c.metric).id, c),
      dueAt: ticket.createdAt + c.at,
    }));
    const levels = EXPECTED_LEVELS.filter((l) => ticket.createdAt + l.at <= now).map((l) => ({
      ...l,
      key: `escalation:${l.level}:0`,
      dueAt: ticket.createdAt + l.at,
    }));
    return { checks, levels };
  }

  const firedCount = async () =>
    (await handle.db.select({ key: firedEffects.key }).from(firedEffects)).length;

  it('fires every overdue warning, breach and escalation once, at its due time, within 5 s', async () => {
    // A ticket created while the server runs: nothing of it is due during the scenario.
    liveTicketId = (await plant(Date.now(), Date.now(), 'Created while the server runs')).id;
    const [p2] = await handle.db.select().from(tickets).where(eq(tickets.id, liveTicketId));
    expect(p2!.priority).toBe('P2');
    const targets = await handle.db.select().from(slaClocks).where(eq(slaClocks.ticketId, liveTicketId));
    expect(Object.fromEntries(targets.map((c) => [c.metric, c.targetMs]))).toEqual({
      response: 30 * MINUTE,
      resolution: 8 * HOUR,
    });

    await app!.stop();
    app = null;
    const downAt = Date.now();
    for (const age of AGES) planted.push(await plant(downAt - age, downAt, `Overdue by ${age / MINUTE} min`));
    expect(await firedCount()).toBe(0);

    const expected = await Promise.all(planted.map((t) => expectedFor(t, downAt)));
    const totalEffects = expected.reduce((n, e) => n + e.checks.length + e.levels.length, 0);
    expect(totalEffects).toBe(0 + 1 + 2 + 3 + 5 + 8);

    const spawnedAt = Date.now();
    app = await startApp({ databaseUrl: database.url, port: PORT });
    const readyAt = Date.now();
    await pollUntil(firedCount, (n) => n >= totalEffects, {
      timeoutMs: FIRE_WITHIN_MS,
      what: 'all overdue effects fired after the restart',
    });
    const allIds = planted.map((t) => t.id);
    // The levels' notes and events are written with their fired_effects rows (one transaction), so a
    // count is enough to know they are all there.
    const fired = await handle.db.select().from(firedEffects);
    const lastFiredAt = Math.max(...fired.map((f) => f.firedAt.getTime()));
    console.log(
      `[downtime] ${fired.length} overdue effects fired: last ${lastFiredAt - readyAt} ms after /api/health answered, ` +
        `${lastFiredAt - spawnedAt} ms after the restart began (server up in ${readyAt - spawnedAt} ms)`,
    );
    expect(lastFiredAt - readyAt).toBeLessThanOrEqual(FIRE_WITHIN_MS);
    // Fired by the restarted server, not before it came back.
    for (const f of fired) expect(f.firedAt.getTime()).toBeGreaterThanOrEqual(spawnedAt);

    // Only the overdue ones: nothing of the live ticket nor of the demo's.
    expect(new Set(fired.map((f) => f.ticketId)).size).toBeLessThanOrEqual(allIds.length);
    for (const f of fired) expect(allIds).toContain(f.ticketId);

    const managers = await handle.db.select().from(users).where(eq(users.role, 'manager'));
    const nocs = await handle.db.select().from(users).where(eq(users.role, 'noc_engineer'));
    const members = { manager: managers.length, noc_engineer: nocs.length };
    expect(members.manager).toBeGreaterThan(0);
    expect(members.noc_engineer).toBeGreaterThan(0);

    for (const [i, ticket] of planted.entries()) {
      const { checks, levels } = expected[i]!;
      const effects = fired.filter((f) => f.ticketId === ticket.id);
      // Exactly these keys (each once: the table is unique on it), each stamped with its due instant.
      expect(effects.map((f) => [f.key, f.dueAt.toISOString()]).sort()).toEqual(
        [...checks, ...levels].map((e) => [e.key, new Date(e.dueAt).toISOString()]).sort(),
      );

      const events = await handle.db
        .select()
        .from(ticketEvents)
        .where(
          and(
            eq(ticketEvents.ticketId, ticket.id),
            inArray(ticketEvents.type, ['sla.warning', 'sla.breached', 'escalation.fired']),
          ),
        );
      const slaEvents = events.filter((e) => e.type !== 'escalation.fired');
      expect(
        slaEvents
          .map((e) => {
            const p = e.payload as { metric: string; threshold?: number; dueAt: string };
            return `${e.type} ${p.metric} ${p.threshold ?? ''} ${p.dueAt}`;
          })
          .sort(),
      ).toEqual(
        checks
          .map(
            (c) =>
              `${c.kind === 'warn' ? 'sla.warning' : 'sla.breached'} ${c.metric} ${c.kind === 'warn' ? c.threshold : ''} ${new Date(c.dueAt).toISOString()}`,
          )
          .sort(),
      );
      const levelEvents = events.filter((e) => e.type === 'escalation.fired');
      expect(
        levelEvents.map((e) => {
          const p = e.payload as { level: number; dueAt: string; notified: number };
          return [p.level, p.dueAt, p.notified];
        }),
      ).toEqual(levels.map((l) => [l.level, new Date(l.dueAt).toISOString(), members[l.role]]));

      // A breached clock records when it breached: the due instant, not the restart.
      const clocks = await handle.db.select().from(slaClocks).where(eq(slaClocks.ticketId, ticket.id));
      for (const clock of clocks) {
        const breach = checks.find((c) => c.metric === clock.metric && c.kind === 'breach');
        expect([clock.metric, clock.breachedAt?.toISOString() ?? null]).toEqual([
          clock.metric,
          breach ? new Date(breach.dueAt).toISOString() : null,
        ]);
      }

      // The assignee hears of each warning and breach once; each level's role, every member once.
      const notes = await handle.db.select().from(notifications).where(eq(notifications.ticketId, ticket.id));
      const slaNotes = notes.filter((n) => n.kind.startsWith('sla.'));
      expect(slaNotes.map((n) => [n.userId, n.dedupKey]).sort()).toEqual(
        checks.map((c) => [noc.id, c.key]).sort(),
      );
      for (const level of levels) {
        const sent = notes.filter((n) => n.dedupKey === `${ticket.id}:${level.key}`);
        expect(sent).toHaveLength(members[level.role]);
        expect(new Set(sent.map((n) => n.userId)).size).toBe(sent.length);
      }
      expect(notes.filter((n) => n.kind === 'escalation')).toHaveLength(
        levels.reduce((n, l) => n + members[l.role], 0),
      );
      expect((await verifyAuditChains(handle.db, { ticketId: ticket.id })).firstBreak).toBeNull();
    }
    const liveEffects = await handle.db
      .select()
      .from(firedEffects)
      .where(inArray(firedEffects.ticketId, [liveTicketId]));
    expect(liveEffects).toEqual([]);
  });

  it('fires nothing again after a crash and another restart', async () => {
    const before = {
      fired: await handle.db.select().from(firedEffects),
      events: await handle.db.select().from(ticketEvents),
      notes: await handle.db.select().from(notifications),
    };
    expect(before.fired.length).toBeGreaterThan(0);
    await app!.kill9();
    app = null;
    // A sentinel that came due (its 10-minute level) during this outage: once it has fired, the restarted
    // scheduler has swept everything due.
    const downAt = Date.now();
    const sentinel = await plant(downAt - 11 * MINUTE, downAt, 'Sentinel of the second outage');
    app = await startApp({ databaseUrl: database.url, port: PORT });
    await pollUntil(
      async () =>
        (await handle.db.select().from(firedEffects).where(eq(firedEffects.ticketId, sentinel.id))).length,
      (n) => n >= 1,
      { timeoutMs: FIRE_WITHIN_MS, what: 'the sentinel fired after the second restart' },
    );
    const others = <T extends { ticketId: string | null }>(rows: T[]) =>
      rows.filter((r) => r.ticketId !== sentinel.id);
    const after = {
      fired: others(await handle.db.select().from(firedEffects)),
      events: others(await handle.db.select().from(ticketEvents)),
      notes: others(await handle.db.select().from(notifications)),
    };
    expect(after.fired).toEqual(before.fired);
    expect(after.events.length).toBe(before.events.length);
    expect(after.notes.length).toBe(before.notes.length);
    expect((await verifyAuditChains(handle.db)).firstBreak).toBeNull();
  });
});
