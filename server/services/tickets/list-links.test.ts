import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { testEngines } from '../../../test/databases';
import { handoffRequest } from '../../../test/handoffs';
import { useDemoWorld } from '../../../test/suite';
import { eventsOf, expectServiceError, incidentInput, outageInput } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { acceptHandoff } from '../handoffs/accept';
import { requestHandoff } from '../handoffs/request';
import { createTicket } from './create';
import { linkTickets } from './link';
import { listTicketLinks } from './list-links';

const SECRET_TITLE = 'Credential stuffing against the Acme VPN';

/** An outage linked to another outage and (by the SOC) to a security incident no outage handed off. */
async function linkedOutage(world: DemoWorld) {
  const noc = await world.as('noc@watchfloor.test');
  const soc = await world.as('soc@watchfloor.test');
  const outage = await createTicket(noc, outageInput(world, { title: 'VPN concentrator overloaded' }));
  const related = await createTicket(noc, outageInput(world, { title: 'Website slow for remote staff' }));
  const incident = await createTicket(soc, incidentInput(world, { title: SECRET_TITLE }));
  await linkTickets(noc, { id: outage.id, target: { id: related.id }, type: 'caused_by' });
  await linkTickets(soc, { id: incident.id, target: { id: outage.id }, type: 'relates_to' });
  return { outage, related, incident };
}

describe.each(testEngines())('tickets.links on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  useDemoWorld({ open }, (setup) => ({ db, world } = setup));

  it('shows a SOC analyst every link, the incident by its title, each with its direction', async () => {
    const { outage, related, incident } = await linkedOutage(world);
    const links = await listTicketLinks(await world.as('soc@watchfloor.test'), { id: outage.id });
    expect(links).toEqual([
      {
        type: 'caused_by',
        direction: 'outgoing',
        ticket: {
          id: related.id,
          kind: 'outage',
          number: related.number,
          title: 'Website slow for remote staff',
          status: 'new',
          projection: 'full',
        },
      },
      {
        type: 'relates_to',
        direction: 'incoming',
        ticket: {
          id: incident.id,
          kind: 'security',
          number: incident.number,
          title: SECRET_TITLE,
          status: 'triage',
          projection: 'full',
        },
      },
    ]);
    // The other side sees the same link from its end.
    const fromRelated = await listTicketLinks(await world.as('soc@watchfloor.test'), { id: related.id });
    expect(fromRelated.map((l) => [l.type, l.direction, l.ticket.number])).toEqual([
      ['caused_by', 'incoming', outage.number],
    ]);
  });

  it('leaves out an incident a NOC engineer may not see, and shows no trace of it', async () => {
    const { outage, related, incident } = await linkedOutage(world);
    const links = await listTicketLinks(await world.as('noc@watchfloor.test'), { id: outage.id });
    expect(links.map((l) => l.ticket.number)).toEqual([related.number]);
    expect(JSON.stringify(links)).not.toContain(SECRET_TITLE);
    expect(JSON.stringify(links)).not.toContain(incident.number);
    // Nor may the NOC engineer ask for the incident's own links.
    await expectServiceError(
      listTicketLinks(await world.as('noc@watchfloor.test'), { id: incident.id }),
      'NOT_FOUND',
    );
  });

  it('shows a NOC engineer an incident its outage was handed off to as the stub only', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const soc = await world.as('soc@watchfloor.test');
    const outage = await createTicket(noc, outageInput(world));
    const { handoffId } = await requestHandoff(noc, handoffRequest(outage.id, world.clock.now()));
    const { incidentId } = await acceptHandoff(soc, { handoffId, into: 'new', title: SECRET_TITLE });
    const links = await listTicketLinks(noc, { id: outage.id });
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      type: 'handoff',
      direction: 'outgoing',
      ticket: { id: incidentId, kind: 'security', projection: 'stub', status: 'investigating' },
    });
    expect(links[0]!.ticket.title).toBe(`Security incident ${links[0]!.ticket.number}`);
    expect(JSON.stringify(links)).not.toContain(SECRET_TITLE);
    // The stub's own links stay with the SOC, as its timeline does.
    expect(await listTicketLinks(noc, { id: incidentId })).toEqual([]);
    // The SOC reads the same link by the incident's title, and the read is on the incident's audit chain.
    const fromIncident = await listTicketLinks(soc, { id: incidentId });
    expect(fromIncident.map((l) => [l.type, l.direction, l.ticket.number])).toEqual([
      ['handoff', 'incoming', outage.number],
    ]);
    expect((await eventsOf(db, incidentId)).at(-1)).toMatchObject({
      type: 'ticket.viewed',
      payload: { what: 'links', projection: 'full' },
    });
  });

  it('gives a customer no links of their own outage, and NOT_FOUND for another customer’s', async () => {
    const { outage } = await linkedOutage(world);
    expect(await listTicketLinks(await world.as('customer@acme.test'), { id: outage.id })).toEqual([]);
    await expectServiceError(
      listTicketLinks(await world.as('customer@globex.test'), { id: outage.id }),
      'NOT_FOUND',
    );
  });
});
