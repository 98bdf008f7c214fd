import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { integrationAlerts } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { clocksOf, DAY, MINUTE } from '../../../test/sla';
import { useDemoWorld } from '../../../test/suite';
import { eventsOf, ticketRow } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import type { ServiceContext } from '../kernel/context';
import { sweepDueClocks } from '../sla/sweep-clocks';
import { transitionTicket } from '../tickets/transition';
import { authenticateIntegrationKey, integrationActor } from './authenticate';
import { createIntegration } from './create';
import { ingestAlertmanager } from './ingest-alertmanager';
import { ingestEvent } from './ingest-event';
import type { CreateIntegrationInput } from './schemas';

// The response SLA measures a person's answer. An integration's automatic walk to monitoring (its alerts
// recovered) sends ACK only because the machine needs it: the response clock keeps counting, breaches if
// it falls due, and stops at the first person's lifecycle event. An Events v2 acknowledge was sent by a
// responder's tool: it is the response, as PagerDuty counts it.

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/integrations/${name}`, import.meta.url), 'utf8'));

describe.each(testEngines())('the response SLA of integration tickets on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let admin: ServiceContext;
  useDemoWorld({ open, sla: true }, async (setup) => {
    ({ db, world } = setup);
    admin = await world.as('admin@watchfloor.test');
  });

  async function integration(overrides: Partial<CreateIntegrationInput>) {
    const created = await createIntegration(admin, {
      organisationId: world.org('globex').id,
      kind: 'alertmanager',
      name: 'Prometheus fra1',
      defaultServiceId: world.service('globex', 'dc-fra').id,
      ...overrides,
    });
    const row = (await authenticateIntegrationKey(db, created.key))!;
    return { row, ctx: { db, now: world.clock.now, actor: integrationActor(row) } as ServiceContext };
  }
  const ticketOf = async (integrationId: string) => {
    const [alert] = await db
      .select()
      .from(integrationAlerts)
      .where(eq(integrationAlerts.integrationId, integrationId));
    return alert!.ticketId!;
  };

  it('an automatic recovery is no response: the clock runs on, breaches, and stops at a person’s RESOLVE', async () => {
    const { row, ctx } = await integration({ name: 'recovering', resolveBehaviour: 'monitoring' });
    await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-firing.json'));
    const ticketId = await ticketOf(row.id);
    expect((await clocksOf(db, ticketId)).response!.state).toBe('running');
    world.clock.advance(2 * MINUTE);
    await ingestAlertmanager(ctx, row, fixture('alertmanager-v4-resolved.json'));
    const walked = await ticketRow(db, ticketId);
    expect(walked.status).toBe('monitoring');
    expect(walked.acknowledgedAt).toBeNull();
    expect((await clocksOf(db, ticketId)).response!.state).toBe('running');

    world.clock.advance(2 * DAY);
    await sweepDueClocks(db, world.clock.now());
    expect((await clocksOf(db, ticketId)).response!.state).toBe('breached');

    const noc = await world.as('noc@watchfloor.test');
    await transitionTicket(noc, {
      id: ticketId,
      version: (await ticketRow(db, ticketId)).version,
      event: {
        type: 'RESOLVE',
        resolutionSummary: 'Link flapped; carrier confirmed.',
        causeCategory: 'unknown',
      },
    });
    const resolved = await ticketRow(db, ticketId);
    expect(resolved.acknowledgedAt).toEqual(world.clock.now());
    expect((await clocksOf(db, ticketId)).response!.state).toBe('met_late');
  });

  it('a person answering a walked ticket within the target meets the response clock', async () => {
    const { row, ctx } = await integration({ name: 'quick', resolveBehaviour: 'monitoring' });
    const firing = fixture('alertmanager-v4-firing.json');
    firing.groupKey = 'quick';
    await ingestAlertmanager(ctx, row, firing);
    const ticketId = await ticketOf(row.id);
    await ingestAlertmanager(ctx, row, { ...fixture('alertmanager-v4-resolved.json'), groupKey: 'quick' });
    expect((await clocksOf(db, ticketId)).response!.state).toBe('running');
    world.clock.advance(MINUTE);
    const noc = await world.as('noc@watchfloor.test');
    await transitionTicket(noc, {
      id: ticketId,
      version: (await ticketRow(db, ticketId)).version,
      event: { type: 'RESOLVE', resolutionSummary: 'Recovered by itself.', causeCategory: 'unknown' },
    });
    expect((await clocksOf(db, ticketId)).response!.state).toBe('met');
  });

  it('an automatic resolve leaves the response clock counting on the resolved ticket', async () => {
    const { row, ctx } = await integration({ name: 'auto-resolve', resolveBehaviour: 'resolve' });
    const firing = fixture('alertmanager-v4-firing.json');
    firing.groupKey = 'auto';
    await ingestAlertmanager(ctx, row, firing);
    const ticketId = await ticketOf(row.id);
    const before = await ticketRow(db, ticketId);
    await ingestAlertmanager(ctx, row, { ...fixture('alertmanager-v4-resolved.json'), groupKey: 'auto' });
    const ticket = await ticketRow(db, ticketId);
    expect(ticket.status).toBe('resolved');
    expect(ticket.acknowledgedAt).toBeNull();
    const clocks = await clocksOf(db, ticketId);
    expect(clocks.response!.state).toBe('running');
    expect(clocks.resolution!.state).toBe('met');
    // The walk is one command (one version more) with every step on the timeline, in order.
    const walked = (await eventsOf(db, ticketId)).filter((e) => e.type === 'ticket.transitioned');
    expect(walked.map((e) => (e.payload as { event: { type: string } }).event.type)).toEqual([
      'ACK',
      'INVESTIGATE',
      'FIX',
      'RESOLVE',
    ]);
    expect(ticket.version).toBe(before.version + 1);
  });

  it('an Events v2 acknowledge is the response: the clock is met and the ticket acknowledged', async () => {
    const { row, ctx } = await integration({ name: 'pager', kind: 'events_v2' });
    const trigger = {
      routing_key: 'x',
      event_action: 'trigger',
      dedup_key: 'pager-1',
      payload: { summary: 'Disk full on db-1', source: 'db-1', severity: 'error' },
    };
    const { result } = await ingestEvent(ctx, row, trigger);
    expect((await ticketRow(db, result.ticketId!)).status).toBe('new');
    world.clock.advance(MINUTE);
    await ingestEvent(ctx, row, { routing_key: 'x', event_action: 'acknowledge', dedup_key: 'pager-1' });
    const ticket = await ticketRow(db, result.ticketId!);
    expect(ticket.status).toBe('acknowledged');
    expect(ticket.acknowledgedAt).toEqual(world.clock.now());
    expect((await clocksOf(db, result.ticketId!)).response!.state).toBe('met');
  });
});
