import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import type { demoWorld } from '../../../test/world';
import { verifyAuditChains } from '../audit/verify';
import { ServiceError } from '../kernel/errors';
import { createTicket } from '../tickets/create';
import { getTicket } from '../tickets/get';
import { listTickets } from '../tickets/list';
import { transitionTicket } from '../tickets/transition';
import { slaMetrics } from './metrics';
import { recalculateTicketClocks } from './recalculate';
import { sweepDueClocks } from './sweep-clocks';

const MINUTE = 60_000;

describe.each(testEngines())('SLA reads, metrics and recalculation on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof demoWorld>>;
  // Monday 2026-11-02 14:00 UTC: inside New York business hours.
  useDemoWorld({ open, sla: true }, (setup) => ({ handle, world } = setup));

  const p1 = () =>
    ({
      title: 'Checkout down',
      organisationId: world.org('acme').id,
      impact: 'high',
      urgency: 'high',
    }) as const;

  it('shows clocks with remaining business time, and the queue sorts by the next deadline', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const relaxed = await createTicket(noc, {
      ...p1(),
      title: 'Minor glitch',
      impact: 'low',
      urgency: 'low',
    });
    const urgent = await createTicket(noc, p1());
    world.clock.advance(5 * MINUTE);
    const ticket = await getTicket(noc, { id: urgent.id });
    const response = ticket.clocks.find((c) => c.metric === 'response')!;
    expect(response).toMatchObject({
      state: 'running',
      targetMs: 15 * MINUTE,
      elapsedMs: 5 * MINUTE,
      remainingMs: 10 * MINUTE,
    });
    expect(ticket.urgentClock?.id).toBe(response.id);
    const queue = await listTickets(noc, { kind: 'outage', openOnly: true, sort: 'urgency' });
    const order = queue.items.map((t) => t.id);
    expect(order.indexOf(urgent.id)).toBeLessThan(order.indexOf(relaxed.id));
    expect(queue.nextCursor).toBeNull();
    const queued = queue.items.find((t) => t.id === urgent.id)!;
    expect(queued.urgentClock).toMatchObject({ metric: 'response', remainingMs: 10 * MINUTE });
    // Customers see their SLAs.
    const customerView = await getTicket(await world.as('customer@acme.test'), { id: urgent.id });
    expect(customerView.clocks.map((c) => c.metric).sort()).toEqual(['resolution', 'response']);
  });

  it('counts met and missed clocks, MTTA, and what is breaching now', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const onTime = await createTicket(noc, p1());
    world.clock.advance(2 * MINUTE);
    await transitionTicket(noc, { id: onTime.id, event: { type: 'ACK' } });
    const late = await createTicket(noc, p1());
    world.clock.advance(20 * MINUTE);
    await sweepDueClocks(handle.db, world.clock.now());
    await transitionTicket(noc, { id: late.id, event: { type: 'ACK' } });
    const metrics = await slaMetrics(await world.as('manager@watchfloor.test'), {
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    const p1Response = metrics.rows.filter(
      (r) => r.metric === 'response' && r.priority === 'P1' && r.organisation === 'acme',
    );
    const met = p1Response.reduce((n, r) => n + r.met, 0);
    const missed = p1Response.reduce((n, r) => n + r.missed, 0);
    expect(met).toBeGreaterThanOrEqual(1);
    expect(missed).toBeGreaterThanOrEqual(1);
    expect(metrics.mttaMs).toBeGreaterThan(0);
    expect(metrics.breachingNow).toBeGreaterThanOrEqual(1);
    await expect(
      slaMetrics(await world.as('customer@acme.test'), {
        from: new Date('2026-11-01'),
        to: new Date('2026-12-01'),
      }),
    ).rejects.toBeInstanceOf(ServiceError);
    // Need-to-know in aggregates: the NOC counts no SOC incident it did not hand off (of the seed's two
    // incidents, it handed off the relay one; the password-spraying one is not the NOC's to count).
    const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
    const forSoc = await slaMetrics(await world.as('soc@watchfloor.test'), range);
    const forNoc = await slaMetrics(noc, range);
    expect(forSoc.tickets - forNoc.tickets).toBe(1);
    const socTeamClocks = (rows: typeof forSoc.rows) =>
      rows.filter((r) => r.team === 'soc').reduce((n, r) => n + r.met + r.missed + r.breachedOpen, 0);
    expect(socTeamClocks(forNoc.rows)).toBe(socTeamClocks(forSoc.rows)); // only the relay's met response
    expect((await verifyAuditChains(handle.db)).firstBreak).toBeNull();
  });

  it('re-targets running clocks on an admin recalculation after a priority change, audited', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const created = await createTicket(noc, { ...p1(), impact: 'medium', urgency: 'high' }); // P2: 30 min
    const { setTicketPriority } = await import('../tickets/set-priority');
    await setTicketPriority(noc, { id: created.id, impact: 'high', urgency: 'high' }); // now P1: 15 min
    const admin = await world.as('admin@watchfloor.test');
    await expect(
      recalculateTicketClocks(noc, { ticketId: created.id, reason: 'priority raised' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const result = await recalculateTicketClocks(admin, { ticketId: created.id, reason: 'priority raised' });
    expect(result.retargeted).toBe(2);
    const ticket = await getTicket(admin, { id: created.id });
    expect(ticket.clocks.find((c) => c.metric === 'response')!.targetMs).toBe(15 * MINUTE);
  });
});
