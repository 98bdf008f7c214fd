import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { businessCalendars, slaClocks } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import {
  clocksOf,
  DAY,
  expectChainsIntact,
  firedOf,
  HOUR,
  MINUTE,
  plus,
  SECOND,
  setNow,
  slaEventsOf,
} from '../../../test/sla';
import { useDemoWorld } from '../../../test/suite';
import { drive, eventsOf, incidentInput, outageInput, RESOLVE } from '../../../test/tickets';
import { type DemoWorld, testClock } from '../../../test/world';
import { businessTimeBetween } from '../../../workflows/sla/business-time';
import { DEMO_CALENDARS } from '../seed/demo-data';
import { createTicket } from '../tickets/create';
import { transitionTicket } from '../tickets/transition';
import { calendarOf } from './internal/clock-rows';
import { sweepDueClocks } from './sweep-clocks';

const iso = (at: Date | null) => at?.toISOString() ?? null;

describe.each(testEngines())('SLA clocks through the ticket services on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let calendarId: Record<keyof typeof DEMO_CALENDARS, string>;

  useDemoWorld({ open, clock: testClock('2026-05-01T08:00:00.000Z'), sla: true }, async (setup) => {
    ({ db, world } = setup);
    const rows = await db.select().from(businessCalendars);
    const idOf = (name: string) => rows.find((r) => r.name === name)!.id;
    calendarId = {
      always: idOf(DEMO_CALENDARS.always.name),
      newYork: idOf(DEMO_CALENDARS.newYork.name),
      berlin: idOf(DEMO_CALENDARS.berlin.name),
    };
  });
  // Every scenario leaves every chain intact (the seeded tickets' too).
  afterEach(() => expectChainsIntact(db));

  const noc = () => world.as('noc@watchfloor.test');
  const acmeP1 = () => outageInput(world, { impact: 'high', urgency: 'high' });
  const acmeP3 = () => outageInput(world, { impact: 'medium', urgency: 'medium' });
  const globexP3 = () =>
    outageInput(world, {
      organisationId: world.org('globex').id,
      serviceIds: [world.service('globex', 'sd-wan').id],
      impact: 'medium',
      urgency: 'medium',
    });

  /** The ticket's own and SLA events (escalation progress, also in the chain, is another file's subject). */
  async function timeline(ticketId: string) {
    return (await eventsOf(db, ticketId)).filter((e) => /^(ticket|sla)\./.test(e.type));
  }

  async function calendarRow(id: string) {
    const [row] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, id));
    return calendarOf(row);
  }

  it('an Acme P1 outage starts response (15 min) and resolution (4 h) clocks on 24×7', async () => {
    const t0 = setNow(world.clock, '2026-11-02T14:00:00.000Z');
    const { id } = await createTicket(await noc(), acmeP1());
    const clocks = await clocksOf(db, id);
    expect(Object.keys(clocks).sort()).toEqual(['resolution', 'response']);
    expect(clocks.response).toMatchObject({
      state: 'running',
      subjectKey: '',
      calendarId: calendarId.always,
      targetMs: 15 * MINUTE,
      elapsedMs: 0,
      startedAt: t0,
      dueAt: plus(t0, 15 * MINUTE),
      // The first check is the 75 % warning.
      nextCheckAt: plus(t0, 11 * MINUTE + 15 * SECOND),
      pausedAt: null,
      breachedAt: null,
      metAt: null,
      warned: [],
    });
    expect(clocks.resolution).toMatchObject({
      state: 'running',
      calendarId: calendarId.always,
      targetMs: 4 * HOUR,
      startedAt: t0,
      dueAt: plus(t0, 4 * HOUR),
      nextCheckAt: plus(t0, 3 * HOUR),
    });

    const events = await timeline(id);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'ticket.created'],
      [2, 'sla.clock_started'],
      [3, 'sla.clock_started'],
    ]);
    expect(events.slice(1).map((e) => e.payload)).toEqual([
      { metric: 'response', targetMs: 15 * MINUTE, dueAt: iso(plus(t0, 15 * MINUTE)) },
      { metric: 'resolution', targetMs: 4 * HOUR, dueAt: iso(plus(t0, 4 * HOUR)) },
    ]);
    expect(events.every((e) => e.occurredAt.getTime() === t0.getTime())).toBe(true);
    expect(events.every((e) => e.actorLabel === 'noc@watchfloor.test')).toBe(true);
  });

  it('a P3 outage counts New York business hours: created Friday 16:00, response due Monday 12:00', async () => {
    // Friday 6 November 2026, 16:00 in New York (EST, UTC−5).
    const t0 = setNow(world.clock, '2026-11-06T21:00:00.000Z');
    const { id } = await createTicket(await noc(), acmeP3());
    const clocks = await clocksOf(db, id);
    expect(clocks.response).toMatchObject({
      calendarId: calendarId.newYork,
      targetMs: 4 * HOUR,
      startedAt: t0,
      // 1 h on Friday (16–17), 3 h on Monday (09–12).
      dueAt: new Date('2026-11-09T17:00:00.000Z'),
      // 75 % = 3 h: Monday 11:00.
      nextCheckAt: new Date('2026-11-09T16:00:00.000Z'),
    });
    // 24 business hours: Fri 1 h, Mon 8 h, Tue 8 h, Wednesday 11 November is Veterans Day, Thu 7 h → 16:00.
    expect(clocks.resolution).toMatchObject({
      calendarId: calendarId.newYork,
      targetMs: 24 * HOUR,
      dueAt: new Date('2026-11-12T21:00:00.000Z'),
    });
    const started = await slaEventsOf(db, id);
    expect(started.map((e) => e.payload)).toEqual([
      { metric: 'response', targetMs: 4 * HOUR, dueAt: '2026-11-09T17:00:00.000Z' },
      { metric: 'resolution', targetMs: 24 * HOUR, dueAt: '2026-11-12T21:00:00.000Z' },
    ]);

    // Over the weekend nothing counts: ACK on Monday 09:30 is 1.5 business hours in, well in time.
    setNow(world.clock, '2026-11-09T14:30:00.000Z');
    await drive(await noc(), id, [{ type: 'ACK' }]);
    expect((await clocksOf(db, id)).response).toMatchObject({
      state: 'met',
      elapsedMs: 90 * MINUTE,
      metAt: world.clock.now(),
      dueAt: null,
      nextCheckAt: null,
    });
  });

  it('ACK before the due instant stops the response clock as met and leaves resolution running', async () => {
    const t0 = setNow(world.clock, '2026-11-03T10:00:00.000Z');
    const { id } = await createTicket(await noc(), acmeP1());
    world.clock.advance(10 * MINUTE);
    await drive(await noc(), id, [{ type: 'ACK' }]);
    const clocks = await clocksOf(db, id);
    expect(clocks.response).toMatchObject({
      state: 'met',
      elapsedMs: 10 * MINUTE,
      metAt: plus(t0, 10 * MINUTE),
      breachedAt: null,
      dueAt: null,
      nextCheckAt: null,
      warned: [],
    });
    expect(clocks.resolution).toMatchObject({ state: 'running', dueAt: plus(t0, 4 * HOUR) });
    const events = await timeline(id);
    expect(events.map((e) => e.type)).toEqual([
      'ticket.created',
      'sla.clock_started',
      'sla.clock_started',
      'ticket.transitioned',
      'sla.clock_stop',
    ]);
    expect(events[4]!.payload).toEqual({ metric: 'response', state: 'met' });
    expect(await firedOf(db, [id])).toEqual([]);

    // Exactly at the due instant is on time too.
    const t1 = setNow(world.clock, '2026-11-03T12:00:00.000Z');
    const onTime = await createTicket(await noc(), acmeP1());
    setNow(world.clock, plus(t1, 15 * MINUTE));
    // The scheduler had already fired both warnings; the breach is due exactly now but not yet fired.
    await sweepDueClocks(db, plus(t1, 15 * MINUTE - 1), 100);
    await drive(await noc(), onTime.id, [{ type: 'ACK' }]);
    expect((await clocksOf(db, onTime.id)).response).toMatchObject({
      state: 'met',
      elapsedMs: 15 * MINUTE,
      warned: [75, 90],
      breachedAt: null,
    });
  });

  it('ACK after the due instant, with no scheduler running, records the breach at its due instant: met_late', async () => {
    const t0 = setNow(world.clock, '2026-11-03T15:00:00.000Z');
    const { id } = await createTicket(await noc(), acmeP1());
    const { response } = await clocksOf(db, id);
    // The scheduler is down: time passes the warnings and the breach unnoticed.
    world.clock.advance(20 * MINUTE);
    const ackAt = world.clock.now();
    await drive(await noc(), id, [{ type: 'ACK' }]);

    const clocks = await clocksOf(db, id);
    expect(clocks.response).toMatchObject({
      state: 'met_late',
      elapsedMs: 20 * MINUTE,
      breachedAt: plus(t0, 15 * MINUTE),
      metAt: ackAt,
      warned: [75, 90],
      nextCheckAt: null,
    });
    expect(clocks.resolution).toMatchObject({ state: 'running', nextCheckAt: plus(t0, 3 * HOUR) });

    const fired = await firedOf(db, [id]);
    expect(fired.map((f) => [f.key, f.dueAt, f.firedAt])).toEqual([
      [`clock:${response!.id}:warn:75`, plus(t0, 11 * MINUTE + 15 * SECOND), ackAt],
      [`clock:${response!.id}:warn:90`, plus(t0, 13 * MINUTE + 30 * SECOND), ackAt],
      [`clock:${response!.id}:breach`, plus(t0, 15 * MINUTE), ackAt],
    ]);
    const events = await timeline(id);
    expect(events.slice(3).map((e) => [e.type, e.payload])).toEqual([
      ['ticket.transitioned', expect.objectContaining({ from: 'new', to: 'acknowledged' })],
      ['sla.warning', { metric: 'response', threshold: 75, dueAt: iso(plus(t0, 11 * MINUTE + 15 * SECOND)) }],
      ['sla.warning', { metric: 'response', threshold: 90, dueAt: iso(plus(t0, 13 * MINUTE + 30 * SECOND)) }],
      ['sla.breached', { metric: 'response', dueAt: iso(plus(t0, 15 * MINUTE)) }],
      ['sla.clock_stop', { metric: 'response', state: 'met_late' }],
    ]);
    expect(events.slice(3).every((e) => e.occurredAt.getTime() === ackAt.getTime())).toBe(true);

    // The scheduler, back up, finds nothing left to fire on the response clock.
    await sweepDueClocks(db, plus(t0, HOUR), 100);
    expect(await firedOf(db, [id])).toHaveLength(3);
    expect((await timeline(id)).length).toBe(events.length);
  });

  it('HOLD pauses resolution and RESUME pushes due_at out by exactly the paused business time (Berlin, over Whit Monday)', async () => {
    // Thursday 21 May 2026, 09:00 in Berlin (CEST, UTC+2).
    setNow(world.clock, '2026-05-21T07:00:00.000Z');
    const { id } = await createTicket(await noc(), globexP3());
    world.clock.advance(5 * MINUTE);
    await drive(await noc(), id, [{ type: 'ACK' }]);
    const berlin = await calendarRow(calendarId.berlin);
    const before = (await clocksOf(db, id)).resolution!;
    // 24 business hours: Thu 09–18 (9 h), Fri 08–18 (10 h), Whit Monday is a holiday, Tue 08–13 (5 h).
    expect(before).toMatchObject({
      state: 'running',
      calendarId: calendarId.berlin,
      dueAt: new Date('2026-05-26T11:00:00.000Z'),
      nextCheckAt: new Date('2026-05-22T15:00:00.000Z'), // 75 % = 18 h: Friday 17:00
    });

    // HOLD on Friday 16:00 Berlin.
    const heldAt = setNow(world.clock, '2026-05-22T14:00:00.000Z');
    await drive(await noc(), id, [{ type: 'HOLD', reason: 'vendor' }]);
    const held = (await clocksOf(db, id)).resolution!;
    expect(held).toMatchObject({
      state: 'paused',
      pausedAt: heldAt,
      elapsedMs: 17 * HOUR,
      dueAt: null,
      nextCheckAt: null,
      warned: [],
    });
    expect((await slaEventsOf(db, id)).at(-1)!.payload).toEqual({ metric: 'resolution', state: 'paused' });

    // RESUME on Tuesday 10:00 Berlin: two nights, a weekend and a public holiday later.
    const resumedAt = setNow(world.clock, '2026-05-26T08:00:00.000Z');
    await drive(await noc(), id, [{ type: 'RESUME' }]);
    const resumed = (await clocksOf(db, id)).resolution!;
    expect(resumed).toMatchObject({
      state: 'running',
      pausedAt: null,
      elapsedMs: 17 * HOUR,
      // 7 h left from Tuesday 10:00 → 17:00 Berlin.
      dueAt: new Date('2026-05-26T15:00:00.000Z'),
      // 75 % (18 h) is 1 h in: Tuesday 11:00.
      nextCheckAt: new Date('2026-05-26T09:00:00.000Z'),
    });
    expect((await slaEventsOf(db, id)).at(-1)!.payload).toEqual({ metric: 'resolution', state: 'running' });

    // Only working time counted as paused: Friday 16–18 and Tuesday 08–10, not the holiday or the nights.
    const pausedBusiness = businessTimeBetween(heldAt, resumedAt, berlin);
    expect(pausedBusiness).toBe(4 * HOUR);
    expect(resumedAt.getTime() - heldAt.getTime()).toBe(3 * DAY + 18 * HOUR);
    expect(businessTimeBetween(before.dueAt!, resumed.dueAt!, berlin)).toBe(pausedBusiness);
    expect(resumed.dueAt!.getTime() - before.dueAt!.getTime()).toBe(4 * HOUR);
  });

  it('a paused clock stops counting overdue: HOLD across the due instant, then RESUME, still has its remaining time', async () => {
    const t0 = setNow(world.clock, '2026-11-04T08:00:00.000Z');
    const { id } = await createTicket(await noc(), acmeP1());
    world.clock.advance(5 * MINUTE);
    await drive(await noc(), id, [{ type: 'ACK' }, { type: 'HOLD', reason: 'customer' }]);
    // A day on hold, far past the original 4 h due instant.
    setNow(world.clock, plus(t0, DAY));
    await drive(await noc(), id, [{ type: 'RESUME' }]);
    expect((await clocksOf(db, id)).resolution).toMatchObject({
      state: 'running',
      elapsedMs: 5 * MINUTE,
      dueAt: plus(t0, DAY + 4 * HOUR - 5 * MINUTE),
      warned: [],
      breachedAt: null,
    });
    expect(await firedOf(db, [id])).toEqual([]);
  });

  it('RESOLVE stops resolution (met) and REOPEN resumes it from where it stopped', async () => {
    const t0 = setNow(world.clock, '2026-11-05T08:00:00.000Z');
    const { id } = await createTicket(await noc(), acmeP1());
    world.clock.advance(5 * MINUTE);
    await drive(await noc(), id, [{ type: 'ACK' }, { type: 'INVESTIGATE' }, { type: 'IDENTIFY' }]);
    const resolvedAt = setNow(world.clock, plus(t0, HOUR));
    await drive(await noc(), id, [{ type: 'FIX' }, RESOLVE]);
    expect((await clocksOf(db, id)).resolution).toMatchObject({
      state: 'met',
      elapsedMs: HOUR,
      metAt: resolvedAt,
      dueAt: null,
      nextCheckAt: null,
    });
    // Reopened an hour later: 3 h remain, counted from the reopen.
    const reopenedAt = setNow(world.clock, plus(t0, 2 * HOUR));
    await drive(await noc(), id, [{ type: 'REOPEN' }]);
    const clocks = await clocksOf(db, id);
    expect(clocks.resolution).toMatchObject({
      state: 'running',
      elapsedMs: HOUR,
      metAt: null,
      dueAt: plus(reopenedAt, 3 * HOUR),
      // 75 % = 3 h elapsed: 2 h after the reopen.
      nextCheckAt: plus(reopenedAt, 2 * HOUR),
    });
    // The response clock is not the resolution's business: still met.
    expect(clocks.response).toMatchObject({ state: 'met', elapsedMs: 5 * MINUTE });
    expect((await slaEventsOf(db, id)).slice(2).map((e) => [e.type, e.payload])).toEqual([
      ['sla.clock_stop', { metric: 'response', state: 'met' }],
      ['sla.clock_stop', { metric: 'resolution', state: 'met' }],
      ['sla.clock_reopen', { metric: 'resolution', state: 'running' }],
    ]);

    // Resolve again late (catch-up records the warnings and the breach), reopen: it stays breached.
    const lateAt = setNow(world.clock, plus(reopenedAt, 4 * HOUR));
    await drive(await noc(), id, [{ type: 'FIX' }, RESOLVE]);
    expect((await clocksOf(db, id)).resolution).toMatchObject({
      state: 'met_late',
      elapsedMs: 5 * HOUR,
      breachedAt: plus(reopenedAt, 3 * HOUR),
      metAt: lateAt,
      warned: [75, 90],
    });
    setNow(world.clock, plus(lateAt, HOUR));
    await drive(await noc(), id, [{ type: 'REOPEN' }]);
    expect((await clocksOf(db, id)).resolution).toMatchObject({
      state: 'breached',
      breachedAt: plus(reopenedAt, 3 * HOUR),
      dueAt: plus(reopenedAt, 3 * HOUR),
      metAt: null,
      nextCheckAt: null,
    });
    expect((await slaEventsOf(db, id)).slice(5).map((e) => e.type)).toEqual([
      'sla.warning',
      'sla.warning',
      'sla.breached',
      'sla.clock_stop',
      'sla.clock_reopen',
    ]);
  });

  it('a security incident takes its targets from its severity, not its priority', async () => {
    const t0 = setNow(world.clock, '2026-11-05T20:00:00.000Z');
    const soc = await world.as('soc@watchfloor.test');
    // impact low × urgency low = P4 (8 business hours in New York); severity critical = 15 min on 24×7.
    const critical = await createTicket(
      soc,
      incidentInput(world, { impact: 'low', urgency: 'low', severity: 'critical' }),
    );
    expect(await clocksOf(db, critical.id)).toMatchObject({
      response: { targetMs: 15 * MINUTE, calendarId: calendarId.always, dueAt: plus(t0, 15 * MINUTE) },
      resolution: { targetMs: 8 * HOUR, calendarId: calendarId.always, dueAt: plus(t0, 8 * HOUR) },
    });
    // Without a severity the priority table applies.
    const untriaged = await createTicket(
      soc,
      incidentInput(world, { impact: 'low', urgency: 'low', severity: undefined }),
    );
    expect(await clocksOf(db, untriaged.id)).toMatchObject({
      response: { targetMs: 8 * HOUR, calendarId: calendarId.newYork },
      resolution: { targetMs: 40 * HOUR, calendarId: calendarId.newYork },
    });

    // CONFIRM answers the incident (response met); post_incident stops resolution.
    world.clock.advance(10 * MINUTE);
    await drive(soc, critical.id, [{ type: 'CONFIRM' }]);
    expect((await clocksOf(db, critical.id)).response).toMatchObject({
      state: 'met',
      elapsedMs: 10 * MINUTE,
    });
    world.clock.advance(HOUR);
    await drive(soc, critical.id, [
      { type: 'CONTAIN' },
      { type: 'ERADICATE' },
      { type: 'RECOVER' },
      { type: 'REVIEW', rootCause: 'Leaked API token' },
    ]);
    expect((await clocksOf(db, critical.id)).resolution).toMatchObject({
      state: 'met',
      elapsedMs: HOUR + 10 * MINUTE,
    });
    // DISMISS stops both clocks at once.
    await drive(soc, untriaged.id, [{ type: 'DISMISS', resolution: 'false_positive' }]);
    expect(await clocksOf(db, untriaged.id)).toMatchObject({
      response: { state: 'met' },
      resolution: { state: 'met' },
    });
  });

  it('an organisation without an SLA policy gets no clocks, and its transitions touch none', async () => {
    setNow(world.clock, '2026-11-05T09:00:00.000Z');
    const { id } = await createTicket(
      await noc(),
      outageInput(world, {
        organisationId: world.org('watchfloor').id,
        serviceIds: [world.service('watchfloor', 'dns').id],
        impact: 'high',
        urgency: 'high',
      }),
    );
    expect(await db.select().from(slaClocks).where(eq(slaClocks.ticketId, id))).toEqual([]);
    world.clock.advance(DAY);
    await drive(await noc(), id, [{ type: 'ACK' }, { type: 'HOLD', reason: 'vendor' }, { type: 'RESUME' }]);
    expect((await timeline(id)).map((e) => e.type)).toEqual([
      'ticket.created',
      'ticket.transitioned',
      'ticket.transitioned',
      'ticket.transitioned',
    ]);
    expect(await firedOf(db, [id])).toEqual([]);
  });

  it('a transition that implies no clock command leaves the clocks untouched', async () => {
    setNow(world.clock, '2026-11-06T09:00:00.000Z');
    const { id } = await createTicket(await noc(), acmeP1());
    world.clock.advance(MINUTE);
    await drive(await noc(), id, [{ type: 'ACK' }]);
    const before = await clocksOf(db, id);
    const ticket = await transitionTicket(await noc(), { id, event: { type: 'INVESTIGATE' } });
    expect(ticket.status).toBe('investigating');
    expect(await clocksOf(db, id)).toEqual(before);
  });
});
