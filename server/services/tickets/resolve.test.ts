import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { databaseFootprint, eventsOf, expectServiceError, ticketIn, ticketRow } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { allowedActions } from './allowed-actions';
import { getTicket } from './get';
import { listTickets } from './list';
import { ticketTimeline } from './timeline';
import { transitionTicket } from './transition';

// An outage's RESOLVE says what resolved it and what caused it (DESIGN §2.3; the status page shows the
// summary): the schema, the machine and the database each refuse a RESOLVE without them.

const SUMMARY = 'Replaced the failed optic on edge-rtr-2; BGP sessions re-established at 14:32.';

describe.each(testEngines())('resolving an outage on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;

  useDemoWorld({ open }, (setup) => ({ db, world } = setup));

  it('refuses RESOLVE without a summary of 1 to 4000 characters and a known cause, writing nothing', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await ticketIn(world, 'outage', 'monitoring');
    const before = await databaseFootprint(db);
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'RESOLVE' }, 'event.resolutionSummary'],
      [{ type: 'RESOLVE', causeCategory: 'hardware' }, 'event.resolutionSummary'],
      [{ type: 'RESOLVE', resolutionSummary: ' \n ', causeCategory: 'hardware' }, 'event.resolutionSummary'],
      [
        { type: 'RESOLVE', resolutionSummary: 'x'.repeat(4001), causeCategory: 'hardware' },
        'event.resolutionSummary',
      ],
      [
        { type: 'RESOLVE', resolutionSummary: 'nul \u0000 inside', causeCategory: 'hardware' },
        'event.resolutionSummary',
      ],
      [{ type: 'RESOLVE', resolutionSummary: SUMMARY }, 'event.causeCategory'],
      [{ type: 'RESOLVE', resolutionSummary: SUMMARY, causeCategory: 'gremlins' }, 'event.causeCategory'],
    ];
    for (const [event, field] of cases) {
      const error = await expectServiceError(transitionTicket(noc, { id, event } as never), 'BAD_REQUEST');
      expect(Object.keys(error.fieldErrors ?? {}), JSON.stringify(event).slice(0, 80)).toContain(field);
    }
    expect(await databaseFootprint(db)).toEqual(before);
    expect((await ticketRow(db, id)).status).toBe('monitoring');
  });

  it('offers RESOLVE with the two fields it needs', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await ticketIn(world, 'outage', 'monitoring');
    const { actions } = await allowedActions(noc, { id });
    expect(actions).toContainEqual({ type: 'RESOLVE', needs: ['resolutionSummary', 'causeCategory'] });
  });

  it('stores the summary (trimmed) and cause on the ticket and its audit trail; customers see the summary only', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await ticketIn(world, 'outage', 'monitoring');
    const event = {
      type: 'RESOLVE',
      resolutionSummary: `  ${SUMMARY}\n`,
      causeCategory: 'hardware',
    } as const;
    await transitionTicket(noc, { id, event });

    const row = await ticketRow(db, id);
    expect(row).toMatchObject({ status: 'resolved', resolutionSummary: SUMMARY, causeCategory: 'hardware' });
    expect(await getTicket(noc, { id })).toMatchObject({
      resolutionSummary: SUMMARY,
      causeCategory: 'hardware',
    });
    const customer = await getTicket(await world.as('customer@acme.test'), { id });
    expect(customer).toMatchObject({ resolutionSummary: SUMMARY, causeCategory: null });
    const listed = await listTickets(await world.as('customer@acme.test'), { limit: 100 });
    expect(listed.items.find((t) => t.id === id)).toMatchObject({
      resolutionSummary: SUMMARY,
      causeCategory: null,
    });

    const resolved = (await eventsOf(db, id)).at(-1)!;
    expect(resolved.type).toBe('ticket.transitioned');
    expect(resolved.payload).toMatchObject({
      event: { type: 'RESOLVE', resolutionSummary: SUMMARY, causeCategory: 'hardware' },
      from: 'monitoring',
      to: 'resolved',
      changes: {
        resolutionSummary: { from: null, to: SUMMARY },
        causeCategory: { from: null, to: 'hardware' },
      },
    });
    const timeline = await ticketTimeline(noc, { id });
    expect(timeline.at(-1)?.payload).toMatchObject({ event: { resolutionSummary: SUMMARY } });
  });

  it('REOPEN clears summary and cause from the ticket; the timeline keeps each RESOLVE with its own', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await ticketIn(world, 'outage', 'monitoring');
    await transitionTicket(noc, {
      id,
      event: { type: 'RESOLVE', resolutionSummary: SUMMARY, causeCategory: 'hardware' },
    });
    await transitionTicket(noc, { id, event: { type: 'REOPEN' } });
    expect(await ticketRow(db, id)).toMatchObject({
      status: 'investigating',
      resolvedAt: null,
      resolutionSummary: null,
      causeCategory: null,
    });
    const reopened = (await eventsOf(db, id)).at(-1)!;
    expect(reopened.payload).toMatchObject({
      changes: {
        resolutionSummary: { from: SUMMARY, to: null },
        causeCategory: { from: 'hardware', to: null },
      },
    });
    // It must be resolved again, with what happened this time.
    await transitionTicket(noc, { id, event: { type: 'FIX' } });
    await expectServiceError(
      transitionTicket(noc, { id, event: { type: 'RESOLVE' } } as never),
      'BAD_REQUEST',
    );
    const second = 'The optic failed again: replaced the line card.';
    await transitionTicket(noc, {
      id,
      event: { type: 'RESOLVE', resolutionSummary: second, causeCategory: 'hardware' },
    });
    expect((await ticketRow(db, id)).resolutionSummary).toBe(second);
    const summaries = (await ticketTimeline(noc, { id }))
      .map((e) => (e.payload.event as { resolutionSummary?: string } | undefined)?.resolutionSummary)
      .filter(Boolean);
    expect(summaries).toEqual([SUMMARY, second]);
  });

  it("the demo data's resolved outage carries its summary and cause", async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { items } = await listTickets(noc, { kind: 'outage', status: ['resolved'], limit: 100 });
    const seeded = items.find((t) => t.title.startsWith('Recursive DNS latency'));
    expect(seeded).toMatchObject({ causeCategory: 'configuration_change' });
    expect(seeded?.resolutionSummary).toMatch(/Rolled the resolvers back/);
  });
});
