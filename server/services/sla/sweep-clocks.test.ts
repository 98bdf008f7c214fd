import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { businessCalendars, notifications, slaClocks, ticketEscalations, users } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import {
  checkEventsOf,
  checkLabel,
  clocksOf,
  DAY,
  expectChainsIntact,
  expectSimulatedCrash,
  failNextInsertOnce,
  firedOf,
  HOUR,
  insertClockedTickets,
  MINUTE,
  notificationsOf,
  plus,
  SECOND,
  setNow,
  sweepFootprint,
} from '../../../test/sla';
import { useDemoWorld } from '../../../test/suite';
import { drive, incidentInput, outageInput, RESOLVE, userId } from '../../../test/tickets';
import { type DemoWorld, testClock } from '../../../test/world';
import { saveCalendar } from '../sla-policies/save-calendar';
import { assignTicket } from '../tickets/assign';
import { createTicket } from '../tickets/create';
import { sweepDueClocks } from './sweep-clocks';

const iso = (at: Date) => at.toISOString();

describe.each(testEngines())('SLA sweep on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let t0: Date;

  useDemoWorld(
    { open, clock: testClock('2026-11-02T08:00:00.000Z'), sla: true },
    (setup) => ({ db, world } = setup),
  );
  // Each test sweeps only the clocks it sets up: the seeded demo tickets' and earlier tests' clocks are
  // taken out of the scheduler's sight (their tickets and audit trails stay, and must stay intact).
  beforeEach(async () => {
    await db.delete(slaClocks);
    t0 = setNow(world.clock, '2026-11-02T09:00:00.000Z');
  });
  afterEach(() => expectChainsIntact(db));

  const noc = () => world.as('noc@watchfloor.test');

  /** An Acme outage (P1 by default: 15 min response, 4 h resolution on 24×7), assigned to the NOC engineer. */
  async function outage(overrides: Parameters<typeof outageInput>[1] = {}, assign = true) {
    const ctx = await noc();
    const { id } = await createTicket(
      ctx,
      outageInput(world, { impact: 'high', urgency: 'high', ...overrides }),
    );
    if (assign) await assignTicket(ctx, { id, assigneeId: await userId(world, 'noc@watchfloor.test') });
    return id;
  }

  /** The six checks of a P1 created at `at`, as `metric:check@dueAt`. */
  function p1Schedule(at: Date) {
    return [
      `response:warn:75@${iso(plus(at, 11 * MINUTE + 15 * SECOND))}`,
      `response:warn:90@${iso(plus(at, 13 * MINUTE + 30 * SECOND))}`,
      `response:breach@${iso(plus(at, 15 * MINUTE))}`,
      `resolution:warn:75@${iso(plus(at, 3 * HOUR))}`,
      `resolution:warn:90@${iso(plus(at, 3 * HOUR + 36 * MINUTE))}`,
      `resolution:breach@${iso(plus(at, 4 * HOUR))}`,
    ];
  }

  it('fires 75 %, 90 % and the breach once each, at the instant each became due, as the scheduler', async () => {
    const id = await outage();
    const clocks = await clocksOf(db, id);
    const nocId = await userId(world, 'noc@watchfloor.test');
    const steps: [string, number, string][] = [
      ['response', 11 * MINUTE + 15 * SECOND, `clock:${clocks.response!.id}:warn:75`],
      ['response', 13 * MINUTE + 30 * SECOND, `clock:${clocks.response!.id}:warn:90`],
      ['response', 15 * MINUTE, `clock:${clocks.response!.id}:breach`],
      ['resolution', 3 * HOUR, `clock:${clocks.resolution!.id}:warn:75`],
      ['resolution', 3 * HOUR + 36 * MINUTE, `clock:${clocks.resolution!.id}:warn:90`],
      ['resolution', 4 * HOUR, `clock:${clocks.resolution!.id}:breach`],
    ];
    // Before the first check nothing is due.
    expect(await sweepDueClocks(db, plus(t0, 11 * MINUTE + 15 * SECOND - 1), 100)).toEqual({
      tickets: 0,
      fired: 0,
    });
    for (const [i, [metric, offset, key]] of steps.entries()) {
      const due = plus(t0, offset);
      // One millisecond early: not yet (the check is inclusive of its instant, no earlier).
      expect(await sweepDueClocks(db, plus(due, -1), 100)).toMatchObject({ fired: 0 });
      expect(await sweepDueClocks(db, due, 100), key).toEqual({ tickets: 1, fired: 1 });
      // Again at the same instant, and later before the next check: nothing more.
      expect(await sweepDueClocks(db, due, 100)).toEqual({ tickets: 0, fired: 0 });
      const fired = await firedOf(db, [id]);
      expect(fired).toHaveLength(i + 1);
      expect(fired.at(-1)).toMatchObject({ key, dueAt: due, firedAt: due });
      const [event] = (await checkEventsOf(db, [id])).slice(-1);
      expect(event).toMatchObject({
        actorType: 'system',
        actorId: null,
        actorLabel: 'scheduler',
        occurredAt: due,
        type: key.endsWith('breach') ? 'sla.breached' : 'sla.warning',
      });
      expect((event!.payload as { metric: string }).metric).toBe(metric);
      expect((event!.payload as { dueAt: string }).dueAt).toBe(iso(due));
    }
    expect((await checkEventsOf(db, [id])).map(checkLabel)).toEqual(p1Schedule(t0));

    // One notification per fired check, for the assignee, keyed by the fired effect.
    const notes = await notificationsOf(db, [id]);
    expect(notes.map((n) => [n.userId, n.dedupKey, n.kind]).sort()).toEqual(
      steps.map(([, , key]) => [nocId, key, key.endsWith('breach') ? 'sla.breached' : 'sla.warning']).sort(),
    );
    expect(notes.find((n) => n.dedupKey.endsWith(':breach') && n.title.includes('response'))?.title).toMatch(
      /^OUT-\d+: response SLA breached$/,
    );

    // Both clocks are now breached, counting the overrun; nothing is scheduled for them any more.
    expect(await clocksOf(db, id)).toMatchObject({
      response: { state: 'breached', breachedAt: plus(t0, 15 * MINUTE), nextCheckAt: null, warned: [75, 90] },
      resolution: { state: 'breached', breachedAt: plus(t0, 4 * HOUR), nextCheckAt: null },
    });
    expect(await sweepDueClocks(db, plus(t0, 30 * DAY), 100)).toEqual({ tickets: 0, fired: 0 });

    // A late ACK stops the breached response clock as met_late without firing anything again.
    setNow(world.clock, plus(t0, 5 * HOUR));
    await drive(await noc(), id, [{ type: 'ACK' }]);
    expect((await clocksOf(db, id)).response).toMatchObject({ state: 'met_late', elapsedMs: 5 * HOUR });
    expect(await firedOf(db, [id])).toHaveLength(6);
  });

  it('an unassigned ticket fires without notifying anyone', async () => {
    const id = await outage({}, false);
    expect(await sweepDueClocks(db, plus(t0, DAY), 100)).toEqual({ tickets: 1, fired: 6 });
    expect(await notificationsOf(db, [id])).toEqual([]);
    expect(await checkEventsOf(db, [id])).toHaveLength(6);
  });

  it('never notifies twice for one fired effect: a notification already there for its key stays the only one', async () => {
    const id = await outage();
    const nocId = await userId(world, 'noc@watchfloor.test');
    const { response } = await clocksOf(db, id);
    const key = `clock:${response!.id}:warn:75`;
    // Delivered before (say by a batch whose notification insert committed elsewhere): same user, same key.
    await db.insert(notifications).values({
      userId: nocId,
      ticketId: id,
      dedupKey: key,
      kind: 'sla.warning',
      title: 'delivered earlier',
      createdAt: t0,
    });
    expect(await sweepDueClocks(db, plus(t0, 12 * MINUTE), 100)).toEqual({ tickets: 1, fired: 1 });
    const notes = await notificationsOf(db, [id]);
    expect(notes.map((n) => [n.dedupKey, n.title])).toEqual([[key, 'delivered earlier']]);
    expect(await checkEventsOf(db, [id])).toHaveLength(1);
  });

  it('a clock paused or stopped before its due instant never fires; resumed, it fires on its new schedule', async () => {
    const held = await outage();
    const resolved = await outage();
    // Both answered in time (before the 75 % warning at 11:15).
    world.clock.advance(5 * MINUTE);
    await drive(await noc(), held, [{ type: 'ACK' }]);
    await drive(await noc(), resolved, [{ type: 'ACK' }]);
    // One put on hold after an hour, the other resolved.
    setNow(world.clock, plus(t0, HOUR));
    await drive(await noc(), held, [{ type: 'HOLD', reason: 'vendor' }]);
    await drive(await noc(), resolved, [{ type: 'INVESTIGATE' }, { type: 'FIX' }, RESOLVE]);
    expect(await clocksOf(db, held)).toMatchObject({
      response: { state: 'met', nextCheckAt: null },
      resolution: { state: 'paused', pausedAt: plus(t0, HOUR), nextCheckAt: null, dueAt: null },
    });

    // Two days pass; however often the scheduler looks, nothing is due.
    for (const at of [plus(t0, 4 * HOUR), plus(t0, DAY), plus(t0, 2 * DAY)])
      expect(await sweepDueClocks(db, at, 100)).toEqual({ tickets: 0, fired: 0 });
    expect(await firedOf(db, [held, resolved])).toEqual([]);

    // Resumed after two days with 1 h elapsed: 75 % (3 h) is 2 h after the resume.
    const resumedAt = setNow(world.clock, plus(t0, 2 * DAY));
    await drive(await noc(), held, [{ type: 'RESUME' }]);
    expect(await sweepDueClocks(db, plus(resumedAt, 2 * HOUR - 1), 100)).toMatchObject({ fired: 0 });
    expect(await sweepDueClocks(db, plus(resumedAt, 3 * HOUR), 100)).toEqual({ tickets: 1, fired: 3 });
    expect((await checkEventsOf(db, [held])).map(checkLabel)).toEqual([
      `resolution:warn:75@${iso(plus(resumedAt, 2 * HOUR))}`,
      `resolution:warn:90@${iso(plus(resumedAt, 2 * HOUR + 36 * MINUTE))}`,
      `resolution:breach@${iso(plus(resumedAt, 3 * HOUR))}`,
    ]);
    expect(await firedOf(db, [resolved])).toEqual([]);
  });

  it('a calendar edit reschedules running clocks on the next sweep; a check it puts in the past fires at its own instant', async () => {
    const running = await outage();
    const held = await outage();
    const unacknowledged = await outage();
    world.clock.advance(5 * MINUTE);
    await drive(await noc(), running, [{ type: 'ACK' }]);
    await drive(await noc(), held, [{ type: 'ACK' }, { type: 'HOLD', reason: 'vendor' }]);
    const escalationCheck = async () =>
      (await db.select().from(ticketEscalations).where(eq(ticketEscalations.ticketId, unacknowledged)))[0]
        ?.nextCheckAt;
    expect(await escalationCheck()).not.toBeNull();
    const before = await clocksOf(db, running);
    expect(before.resolution).toMatchObject({ state: 'running', dueAt: plus(t0, 4 * HOUR) });
    const calendarId = before.resolution!.calendarId!;
    const [original] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, calendarId));
    const admin = await world.as('admin@watchfloor.test');
    type Weekly = { day: number; start: string; end: string }[];
    const edit = (weekly: Weekly, timeZone: string, holidays: string[] = []) =>
      saveCalendar(admin, { id: calendarId, name: original!.name, timeZone, weekly, holidays });

    // Monday 09:05: the 24×7 calendar becomes weekdays 09:00–10:30 UTC. The 4 h resolution target started
    // at 09:00 now takes three working days.
    const narrowedAt = world.clock.now();
    await edit(
      [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '10:30' })),
      'UTC',
    );
    expect((await clocksOf(db, running)).resolution!.nextCheckAt).toEqual(narrowedAt);
    // An escalation's percentage triggers follow its clocks: it is looked at again too.
    expect(await escalationCheck()).toEqual(narrowedAt);
    // (Acknowledged now, it is like `running` from here on: its response clock met, its resolution running.)
    await drive(await noc(), unacknowledged, [{ type: 'ACK' }]);
    // The paused clock is not counting: it takes the new hours when it resumes.
    expect((await clocksOf(db, held)).resolution).toMatchObject({ state: 'paused', nextCheckAt: null });
    expect(await sweepDueClocks(db, narrowedAt, 100)).toEqual({ tickets: 2, fired: 0 });
    expect((await clocksOf(db, running)).resolution).toMatchObject({
      // 75 % (3 h): 1 h 30 on Monday and Tuesday each; the breach (4 h) at Wednesday 10:00.
      nextCheckAt: new Date('2026-11-03T10:30:00.000Z'),
      dueAt: new Date('2026-11-04T10:00:00.000Z'),
    });
    // Nothing else is due until then: the edit left no clock spinning.
    expect(await sweepDueClocks(db, plus(narrowedAt, MINUTE), 100)).toEqual({ tickets: 0, fired: 0 });

    // Monday 12:30: back to round the clock. 3 h 30 have counted since 09:00, so the 75 % warning fell
    // due at 12:00: the next sweep fires it at that instant, and the breach is due at 13:00.
    const widenedAt = setNow(world.clock, plus(t0, 3 * HOUR + 30 * MINUTE));
    expect(original!.holidayPreset).toBeNull();
    await edit(original!.weekly, original!.timeZone, original!.holidays);
    expect(await sweepDueClocks(db, widenedAt, 100)).toEqual({ tickets: 2, fired: 2 });
    expect((await checkEventsOf(db, [running])).map(checkLabel)).toEqual([
      `resolution:warn:75@${iso(plus(t0, 3 * HOUR))}`,
    ]);
    expect((await clocksOf(db, running)).resolution).toMatchObject({
      state: 'running',
      warned: [75],
      nextCheckAt: plus(t0, 3 * HOUR + 36 * MINUTE),
      dueAt: plus(t0, 4 * HOUR),
    });
  });

  it('a clock stopped between its checks fires what was due and nothing after', async () => {
    const id = await outage();
    expect(await sweepDueClocks(db, plus(t0, 12 * MINUTE), 100)).toEqual({ tickets: 1, fired: 1 });
    setNow(world.clock, plus(t0, 13 * MINUTE));
    await drive(await noc(), id, [{ type: 'ACK' }]);
    expect(await sweepDueClocks(db, plus(t0, 2 * HOUR), 100)).toEqual({ tickets: 0, fired: 0 });
    expect((await checkEventsOf(db, [id])).map(checkLabel)).toEqual(p1Schedule(t0).slice(0, 1));
    expect((await clocksOf(db, id)).response).toMatchObject({ state: 'met', warned: [75] });
  });

  it('catches up after a day of downtime: one sweep fires every overdue check once, at its scheduled instant', async () => {
    const p1 = await outage();
    world.clock.advance(10 * MINUTE);
    const p2At = world.clock.now();
    const p2 = await outage({ impact: 'high', urgency: 'medium' });
    // Globex P3 counts Berlin business hours: Monday 2 November 10:10 Berlin (CET, UTC+1).
    const p3 = await outage({
      organisationId: world.org('globex').id,
      serviceIds: [world.service('globex', 'sd-wan').id],
      impact: 'medium',
      urgency: 'medium',
    });
    const downUntil = plus(t0, DAY);
    // 6 + 6 checks of the P1 and P2, and the P3's response (due 14:10 Berlin); its resolution's 75 %
    // (18 business hours: Mon 10:10–18:00, Tue 08–18, Wed 08:00–08:10) falls after the outage.
    expect(await sweepDueClocks(db, downUntil, 100)).toEqual({ tickets: 3, fired: 15 });

    const p2Schedule = [
      `response:warn:75@${iso(plus(p2At, 22 * MINUTE + 30 * SECOND))}`,
      `response:warn:90@${iso(plus(p2At, 27 * MINUTE))}`,
      `response:breach@${iso(plus(p2At, 30 * MINUTE))}`,
      `resolution:warn:75@${iso(plus(p2At, 6 * HOUR))}`,
      `resolution:warn:90@${iso(plus(p2At, 7 * HOUR + 12 * MINUTE))}`,
      `resolution:breach@${iso(plus(p2At, 8 * HOUR))}`,
    ];
    const p3Schedule = [
      'response:warn:75@2026-11-02T12:10:00.000Z',
      'response:warn:90@2026-11-02T12:46:00.000Z',
      'response:breach@2026-11-02T13:10:00.000Z',
    ];
    expect((await checkEventsOf(db, [p1])).map(checkLabel)).toEqual(p1Schedule(t0));
    expect((await checkEventsOf(db, [p2])).map(checkLabel)).toEqual(p2Schedule);
    expect((await checkEventsOf(db, [p3])).map(checkLabel)).toEqual(p3Schedule);
    // Recorded when each became due (fired_effects.due_at), noticed at the end of the downtime.
    const fired = await firedOf(db, [p1, p2, p3]);
    expect(fired).toHaveLength(15);
    expect(fired.every((f) => f.firedAt.getTime() === downUntil.getTime())).toBe(true);
    expect(fired.map((f) => iso(f.dueAt)).sort()).toEqual(
      [...p1Schedule(t0), ...p2Schedule, ...p3Schedule].map((label) => label.split('@')[1]!).sort(),
    );
    const events = await checkEventsOf(db, [p1, p2, p3]);
    expect(events.every((e) => e.occurredAt.getTime() === downUntil.getTime())).toBe(true);

    // The P3's resolution still waits for its own instant.
    expect((await clocksOf(db, p3)).resolution).toMatchObject({
      state: 'running',
      nextCheckAt: new Date('2026-11-04T07:10:00.000Z'),
    });
    expect(await sweepDueClocks(db, downUntil, 100)).toEqual({ tickets: 0, fired: 0 });
    expect(await sweepDueClocks(db, new Date('2026-11-04T07:10:00.000Z'), 100)).toEqual({
      tickets: 1,
      fired: 1,
    });
  });

  it.each(['sla_clocks', 'fired_effects', 'ticket_events', 'notifications'] as const)(
    'a sweep that fails inside its transaction (at %s) commits nothing; the next fires everything exactly once',
    async (table) => {
      const ids = [await outage(), await outage(), await outage({}, false)];
      // Only the scheduler's writes fail (not an audit event of some other command).
      const undo = await failNextInsertOnce(db, table, {
        when: table === 'ticket_events' ? "new.actor_label = 'scheduler'" : 'true',
      });
      try {
        const before = await sweepFootprint(db);
        await expectSimulatedCrash(sweepDueClocks(db, plus(t0, DAY), 100));
        expect(await sweepFootprint(db)).toEqual(before);

        expect(await sweepDueClocks(db, plus(t0, DAY), 100)).toEqual({ tickets: 3, fired: 18 });
        expect(await sweepDueClocks(db, plus(t0, DAY), 100)).toEqual({ tickets: 0, fired: 0 });
      } finally {
        await undo();
      }
      const fired = await firedOf(db, ids);
      expect(fired).toHaveLength(18);
      const events = await checkEventsOf(db, ids);
      expect(events.map((e) => `${e.ticketId}:${checkLabel(e)}`).sort()).toEqual(
        ids.flatMap((id) => p1Schedule(t0).map((label) => `${id}:${label}`)).sort(),
      );
      // Notifications only for the two assigned tickets, one per fired check.
      const notes = await notificationsOf(db, ids);
      expect(notes).toHaveLength(12);
      expect(new Set(notes.map((n) => n.dedupKey)).size).toBe(12);
    },
  );

  it('drains due work larger than one batch through repeated sweeps', async () => {
    const nocId = await userId(world, 'noc@watchfloor.test');
    const ids = await insertClockedTickets(db, {
      count: 7,
      organisationId: world.org('acme').id,
      assigneeId: nocId,
      at: t0,
      targets: (i) => ({ response: (15 + i) * MINUTE, resolution: (4 * 60 + i) * MINUTE }),
    });
    const now = plus(t0, DAY);
    const batches: { tickets: number; fired: number }[] = [];
    for (let round = 0; round < 10; round++) {
      const batch = await sweepDueClocks(db, now, 2);
      batches.push(batch);
      if (batch.tickets === 0) break;
    }
    // A batch is up to 2 due clocks in due order (with their tickets): 14 clocks, 7 batches.
    expect(batches.map((b) => b.tickets)).toEqual([2, 2, 2, 2, 2, 2, 2, 0]);
    expect(batches.reduce((n, b) => n + b.fired, 0)).toBe(42);
    expect(await firedOf(db, ids)).toHaveLength(42);
    expect(await checkEventsOf(db, ids)).toHaveLength(42);
    expect(await notificationsOf(db, ids)).toHaveLength(42);
    const [open] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(slaClocks)
      .where(sql`${slaClocks.nextCheckAt} is not null`);
    expect(open!.n).toBe(0);
  });

  it('tells the assignee only while they may read the ticket; a withheld note is recorded on the check', async () => {
    const colleague = async (email: string, role: 'soc_analyst' | 'noc_engineer') => {
      const [row] = await db
        .insert(users)
        .values({ email, name: email, role, organisationId: world.org('watchfloor').id })
        .returning({ id: users.id });
      return row!.id;
    };
    // Assigned while they could hold it; then one moves to the NOC (a role that sees no incident) and the
    // other leaves: the sweep must not trust the assignment it finds.
    const moved = await colleague('moved.to.noc@watchfloor.test', 'soc_analyst');
    const left = await colleague('left@watchfloor.test', 'noc_engineer');
    const soc = await world.as('soc@watchfloor.test');
    const incident = await createTicket(soc, incidentInput(world)); // high: response 30 min
    await assignTicket(soc, { id: incident.id, assigneeId: moved });
    const outageId = await outage({}, false); // P1: response 15 min
    await assignTicket(await noc(), { id: outageId, assigneeId: left });
    await db.update(users).set({ role: 'noc_engineer' }).where(eq(users.id, moved));
    await db.update(users).set({ active: false }).where(eq(users.id, left));

    setNow(world.clock, plus(t0, 23 * MINUTE)); // both at 75 % (the outage past 90 % and breached too)
    await sweepDueClocks(db, world.clock.now());
    const notes = await db.select().from(notifications);
    expect(notes.filter((n) => n.userId === moved || n.userId === left)).toEqual([]);
    const [incidentWarning] = await checkEventsOf(db, [incident.id]);
    expect(incidentWarning!.payload).toMatchObject({
      threshold: 75,
      skipped: [{ user: moved, reason: 'need_to_know' }],
    });
    const outageChecks = await checkEventsOf(db, [outageId]);
    expect(outageChecks.map((e) => e.payload.skipped)).toEqual(
      outageChecks.map(() => [{ user: left, reason: 'inactive' }]),
    );
  });
});
