import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { statusUpdateComponents, statusUpdates, tickets } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { drive, eventsOf, expectServiceError, incidentInput, outageInput } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { assignTicket } from '../tickets/assign';
import { commentOnTicket } from '../tickets/comment';
import { createTicket } from '../tickets/create';
import { listTickets } from '../tickets/list';
import { commentFromPortal } from './comment';
import { getPortalOrganisation } from './get-organisation';
import { getPortalTicket } from './get-ticket';
import { listPortalTickets } from './list-tickets';

// The customer portal's reads and its one write (DESIGN §2.9): a customer reads its own organisation's
// outages, public facts and updates only; everything else answers NOT_FOUND; it comments publicly only.
// Secrets are planted in every internal place and looked for in the whole answer.

const SECRET = {
  description: 'SECRET-DESCRIPTION root password is hunter2',
  note: 'SECRET-NOTE vendor case 4411, blame the intern',
  staffEmail: 'noc@watchfloor.test',
  staffName: 'Nico NOC',
  sharedService: 'Core network',
} as const;

const MINUTE = 60_000;

async function publishUpdate(
  db: Database,
  world: DemoWorld,
  ticketId: string,
  update: { status: 'investigating' | 'identified' | 'monitoring' | 'resolved'; body: string; at: Date },
  components: { service: string; status: 'major_outage' | 'partial_outage' | 'operational' }[],
) {
  const [row] = await db
    .insert(statusUpdates)
    .values({
      ticketId,
      organisationId: world.org('acme').id,
      title: 'Website unavailable',
      status: update.status,
      body: update.body,
      publishedById: (await world.actor('noc@watchfloor.test')).id,
      publishedAt: update.at,
    })
    .returning({ id: statusUpdates.id });
  if (components.length)
    await db.insert(statusUpdateComponents).values(
      components.map((c) => ({
        updateId: row!.id,
        serviceId: world.service('acme', c.service).id,
        organisationId: world.org('acme').id,
        status: c.status,
      })),
    );
}

describe.each(testEngines())('customer portal on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  const ids = {} as Record<'acme' | 'globex' | 'incident', { id: string; number: string }>;

  useDemoWorld({ open, sla: true }, async (setup) => {
    ({ db, world } = setup);
    const noc = await world.as('noc@watchfloor.test');
    const soc = await world.as('soc@watchfloor.test');
    ids.acme = await createTicket(
      noc,
      outageInput(world, {
        title: 'Storefront returning 503',
        description: SECRET.description,
        serviceIds: [world.service('acme', 'website').id, world.service('watchfloor', 'core-network').id],
      }),
    );
    await assignTicket(noc, { id: ids.acme.id, assigneeId: (await world.actor('noc@watchfloor.test')).id });
    await commentOnTicket(noc, { id: ids.acme.id, body: SECRET.note });
    world.clock.advance(MINUTE);
    await drive(noc, ids.acme.id, [{ type: 'ACK' }, { type: 'INVESTIGATE' }]);
    await commentOnTicket(noc, {
      id: ids.acme.id,
      body: 'We are looking into the storefront errors.',
      visibility: 'public',
    });
    await publishUpdate(
      db,
      world,
      ids.acme.id,
      { status: 'investigating', body: 'The storefront is down for most visitors.', at: world.clock.now() },
      [{ service: 'website', status: 'major_outage' }],
    );
    world.clock.advance(MINUTE);
    await publishUpdate(
      db,
      world,
      ids.acme.id,
      { status: 'identified', body: 'A faulty load balancer pool; failing over.', at: world.clock.now() },
      [{ service: 'website', status: 'partial_outage' }],
    );
    ids.globex = await createTicket(
      noc,
      outageInput(world, {
        title: 'Frankfurt cross-connect flapping',
        organisationId: world.org('globex').id,
        serviceIds: [world.service('globex', 'dc-fra').id],
      }),
    );
    ids.incident = await createTicket(soc, incidentInput(world, { title: 'Acme admin phished' }));
  });

  const as = (email: Parameters<DemoWorld['as']>[0]) => world.as(email);

  it("gives Acme's customer the public facts of its outage, field by field", async () => {
    const view = await getPortalTicket(await as('customer@acme.test'), { number: ids.acme.number });
    expect(Object.keys(view).sort()).toEqual(
      [
        'acknowledgedAt',
        'clocks',
        'closedAt',
        'comments',
        'createdAt',
        'id',
        'number',
        'priority',
        'resolutionSummary',
        'resolvedAt',
        'services',
        'source',
        'status',
        'title',
        'updates',
      ].sort(),
    );
    expect(view).toMatchObject({
      number: ids.acme.number,
      title: 'Storefront returning 503',
      status: 'investigating',
      priority: 'P2',
      source: 'manual',
      // The operator's shared infrastructure is not the customer's service.
      services: ['Website'],
    });
    expect(view.acknowledgedAt).toBeInstanceOf(Date);
    // The customer's SLAs, not the operator's OLAs; response is met by the ACK.
    expect(view.clocks.map((c) => [c.metric, c.state])).toEqual([
      ['response', 'met'],
      ['resolution', 'running'],
    ]);
    expect(Object.keys(view.clocks[0]!)).not.toContain('id');
    expect(view.comments).toEqual([
      {
        at: expect.any(Date),
        author: 'Support',
        fromSupport: true,
        body: 'We are looking into the storefront errors.',
      },
    ]);
    expect(view.updates.map((u) => [u.status, u.components])).toEqual([
      ['investigating', [{ service: 'Website', status: 'major_outage' }]],
      ['identified', [{ service: 'Website', status: 'partial_outage' }]],
    ]);
  });

  it('lets nothing internal slip into the answer: no internal note, staff e-mail or name, description', async () => {
    const customer = await as('customer@acme.test');
    const answers = [
      await getPortalTicket(customer, { number: ids.acme.number }),
      await getPortalTicket(customer, { id: ids.acme.id }),
      await listPortalTickets(customer, {}),
    ];
    for (const answer of answers) {
      const json = JSON.stringify(answer);
      for (const secret of Object.values(SECRET)) expect(json).not.toContain(secret);
      expect(json).not.toContain((await world.actor('noc@watchfloor.test')).id);
    }
  });

  it("answers NOT_FOUND for Globex's ticket and for any security incident, by number and by id", async () => {
    const acme = await as('customer@acme.test');
    const globex = await as('customer@globex.test');
    // Called one at a time (a rejected promise left waiting is an unhandled rejection).
    const denied = [
      () => getPortalTicket(acme, { number: ids.globex.number }),
      () => getPortalTicket(acme, { id: ids.globex.id }),
      () => getPortalTicket(acme, { number: ids.incident.number }),
      () => getPortalTicket(acme, { id: ids.incident.id }),
      () => getPortalTicket(globex, { number: ids.acme.number }),
      () => getPortalTicket(globex, { id: ids.acme.id }),
      // The SOC may read the incident in the console, never as a portal ticket.
      async () => getPortalTicket(await as('soc@watchfloor.test'), { number: ids.incident.number }),
    ];
    const missing = await expectServiceError(getPortalTicket(acme, { number: 'OUT-999999' }), 'NOT_FOUND');
    for (const read of denied)
      expect((await expectServiceError(read(), 'NOT_FOUND')).message).toBe(missing.message);
  });

  it('gives staff the same public view as the customer', async () => {
    const customer = await getPortalTicket(await as('customer@acme.test'), { number: ids.acme.number });
    const staff = await getPortalTicket(await as('manager@watchfloor.test'), { number: ids.acme.number });
    expect(staff).toEqual(customer);
  });

  it('lists its own organisation only, with the last public update and the filters', async () => {
    const customer = await as('customer@acme.test');
    const all = await listPortalTickets(customer, { limit: 100 });
    const numbers = all.items.map((t) => t.number);
    expect(numbers).toContain(ids.acme.number);
    expect(numbers).not.toContain(ids.globex.number);
    expect(numbers).not.toContain(ids.incident.number);
    const mine = all.items.find((t) => t.number === ids.acme.number)!;
    expect(mine.lastUpdate).toMatchObject({ kind: 'status_update', status: 'identified' });
    expect(mine.clocks.map((c) => c.metric)).toEqual(['response', 'resolution']);

    const found = await listPortalTickets(customer, { text: 'storefront' });
    expect(found.items.map((t) => t.number)).toEqual([ids.acme.number]);
    expect((await listPortalTickets(customer, { text: ids.acme.number })).items).toHaveLength(1);
    // A description is internal: searching its words finds nothing.
    expect((await listPortalTickets(customer, { text: 'hunter2' })).items).toEqual([]);
    expect((await listPortalTickets(customer, { text: '100%' })).items).toEqual([]);
    const website = world.service('acme', 'website').id;
    const byService = await listPortalTickets(customer, { serviceId: website });
    expect(byService.items.map((t) => t.number)).toContain(ids.acme.number);
    const vpn = await listPortalTickets(customer, { serviceId: world.service('acme', 'vpn').id });
    expect(vpn.items.map((t) => t.number)).not.toContain(ids.acme.number);
    expect(
      (await listPortalTickets(customer, { status: 'resolved' })).items.map((t) => t.number),
    ).not.toContain(ids.acme.number);
    expect((await listPortalTickets(customer, { status: 'open' })).items.map((t) => t.number)).toContain(
      ids.acme.number,
    );
    // Another organisation's service filters to nothing, not to its tickets.
    const globexService = await listPortalTickets(customer, {
      serviceId: world.service('globex', 'dc-fra').id,
    });
    expect(globexService.items).toEqual([]);
  });

  it("names the caller's organisation and its services", async () => {
    const org = await getPortalOrganisation(await as('customer@globex.test'));
    expect(org).toMatchObject({ name: 'Globex', slug: 'globex' });
    expect(org.services.map((s) => s.name)).toEqual(['SD-WAN', 'Data centre Frankfurt', 'ERP']);
  });

  it('lets a customer comment publicly on its own outage, and nowhere else', async () => {
    const customer = await as('customer@acme.test');
    expect(
      await commentFromPortal(customer, { id: ids.acme.id, body: 'Checkout fails for us too.' }),
    ).toEqual({});
    const view = await getPortalTicket(customer, { number: ids.acme.number });
    expect(view.comments.at(-1)).toMatchObject({
      author: 'Casey (Acme)',
      fromSupport: false,
      body: 'Checkout fails for us too.',
    });
    const event = (await eventsOf(db, ids.acme.id)).at(-1)!;
    expect(event).toMatchObject({ type: 'comment.added', payload: { visibility: 'public' } });

    // Never an internal note, never another organisation's outage or a security incident.
    await expectServiceError(
      commentOnTicket(customer, { id: ids.acme.id, body: 'psst', visibility: 'internal' }),
      'FORBIDDEN',
    );
    await expectServiceError(commentOnTicket(customer, { id: ids.acme.id, body: 'psst' }), 'FORBIDDEN');
    await expectServiceError(commentFromPortal(customer, { id: ids.globex.id, body: 'hi' }), 'NOT_FOUND');
    await expectServiceError(commentFromPortal(customer, { id: ids.incident.id, body: 'hi' }), 'NOT_FOUND');
    // Through tickets.comment the customer learns no version either.
    expect(
      await commentOnTicket(customer, { id: ids.acme.id, body: 'Still failing.', visibility: 'public' }),
    ).toEqual({ version: null });
  });

  it("creates a reported issue as a portal outage in the NOC queue; another organisation's is refused", async () => {
    const customer = await as('customer@acme.test');
    const created = await createTicket(customer, {
      title: 'Invoices page is blank',
      description: 'Since this morning the invoices page shows nothing.',
      organisationId: world.org('acme').id,
      serviceIds: [world.service('acme', 'payments').id],
      impact: 'medium',
      urgency: 'high',
    });
    const [row] = await db.select().from(tickets).where(eq(tickets.id, created.id));
    expect(row).toMatchObject({ source: 'portal', kind: 'outage', status: 'new' });
    const queue = await listTickets(await as('noc@watchfloor.test'), {
      kind: 'outage',
      openOnly: true,
      limit: 100,
    });
    expect(queue.items.find((t) => t.number === created.number)).toMatchObject({ source: 'portal' });
    expect((await getPortalTicket(customer, { number: created.number })).source).toBe('portal');

    await expectServiceError(
      createTicket(customer, {
        ...outageInput(world),
        organisationId: world.org('globex').id,
        serviceIds: [],
      }),
      'FORBIDDEN',
    );
    await expectServiceError(
      createTicket(customer, { ...outageInput(world), serviceIds: [world.service('globex', 'erp').id] }),
      'BAD_REQUEST',
    );
  });
});
