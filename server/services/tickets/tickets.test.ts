import { describe, expect, it } from 'vitest';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import type { demoWorld } from '../../../test/world';
import { ServiceError } from '../kernel/errors';
import { createTicket } from './create';
import { getTicket } from './get';
import { listTickets } from './list';

async function expectServiceError(promise: Promise<unknown>, code: ServiceError['code']) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe(code);
  return error as ServiceError;
}

describe.each(testEngines())('ticket create / get / list on $engine', ({ open }) => {
  let world: Awaited<ReturnType<typeof demoWorld>>;

  useDemoWorld({ open }, (setup) => ({ world } = setup));

  it('creates an outage with a number, the matrix priority, its services and a first audit event', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const created = await createTicket(noc, {
      title: '  Core router flapping  ',
      organisationId: world.org('acme').id,
      serviceIds: [world.service('acme', 'website').id, world.service('watchfloor', 'dns').id],
      impact: 'high',
      urgency: 'medium',
    });
    expect(created.number).toMatch(/^OUT-\d+$/);
    const ticket = await getTicket(noc, { number: created.number });
    expect(ticket).toMatchObject({
      id: created.id,
      title: 'Core router flapping',
      kind: 'outage',
      status: 'new',
      securityLink: 'none',
      priority: 'P2',
      source: 'manual',
      version: 1,
    });
    expect(ticket.services.map((s) => s.name).sort()).toEqual(['DNS', 'Website']);
    expect(await getTicket(noc, { id: created.id })).toEqual(ticket);
  });

  it('numbers outages and security incidents independently and increasingly', async () => {
    const soc = await world.as('soc@watchfloor.test');
    const noc = await world.as('noc@watchfloor.test');
    const base = { organisationId: world.org('globex').id, impact: 'low', urgency: 'low' } as const;
    const a = await createTicket(noc, { ...base, title: 'First' });
    const b = await createTicket(noc, { ...base, title: 'Second' });
    const s = await createTicket(soc, { ...base, kind: 'security', title: 'Phish', severity: 'medium' });
    expect(Number(b.number.slice(4))).toBe(Number(a.number.slice(4)) + 1);
    expect(s.number).toMatch(/^SEC-\d+$/);
    const incident = await getTicket(soc, { id: s.id });
    expect(incident).toMatchObject({
      status: 'triage',
      severity: 'medium',
      tlp: 'AMBER',
      securityLink: null,
    });
  });

  it('rejects bad input with field errors and writes nothing', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const before = await listTickets(noc, { limit: 100 });
    const error = await expectServiceError(
      createTicket(noc, {
        title: 'x',
        organisationId: 'not-a-uuid',
        impact: 'huge' as never,
        urgency: 'low',
      }),
      'BAD_REQUEST',
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(['impact', 'organisationId', 'title']);
    const unknownService = await expectServiceError(
      createTicket(noc, {
        title: 'Valid title',
        organisationId: world.org('acme').id,
        serviceIds: ['00000000-0000-4000-8000-000000000000'],
        impact: 'low',
        urgency: 'low',
      }),
      'BAD_REQUEST',
    );
    expect(unknownService.fieldErrors?.serviceIds).toBeDefined();
    expect((await listTickets(noc, { limit: 100 })).items.length).toBe(before.items.length);
  });

  it('enforces who may create what', async () => {
    const base = {
      title: 'Something broke',
      organisationId: world.org('acme').id,
      impact: 'low',
      urgency: 'low',
    } as const;
    await expectServiceError(createTicket(await world.as('soc@watchfloor.test'), base), 'FORBIDDEN');
    await expectServiceError(
      createTicket(await world.as('noc@watchfloor.test'), { ...base, kind: 'security' }),
      'FORBIDDEN',
    );
    await expectServiceError(createTicket(await world.as('customer@globex.test'), base), 'FORBIDDEN');
    // A customer reports an issue for their own organisation through the portal.
    const reported = await createTicket(await world.as('customer@acme.test'), base);
    const ticket = await getTicket(await world.as('noc@watchfloor.test'), { id: reported.id });
    expect(ticket.source).toBe('portal');
  });

  it('hides what a reader may not see, answering NOT_FOUND', async () => {
    const soc = await world.as('soc@watchfloor.test');
    const incident = await createTicket(soc, {
      kind: 'security',
      title: 'Beaconing from finance laptop',
      organisationId: world.org('globex').id,
      impact: 'medium',
      urgency: 'high',
      severity: 'high',
    });
    const outage = await createTicket(await world.as('noc@watchfloor.test'), {
      title: 'ERP slow',
      description: 'internal notes: vendor ticket 4411',
      organisationId: world.org('globex').id,
      impact: 'low',
      urgency: 'low',
    });
    await expectServiceError(
      getTicket(await world.as('noc@watchfloor.test'), { id: incident.id }),
      'NOT_FOUND',
    );
    await expectServiceError(
      getTicket(await world.as('customer@globex.test'), { id: incident.id }),
      'NOT_FOUND',
    );
    await expectServiceError(getTicket(await world.as('customer@acme.test'), { id: outage.id }), 'NOT_FOUND');
    expect((await getTicket(await world.as('manager@watchfloor.test'), { id: incident.id })).kind).toBe(
      'security',
    );

    const customerView = await getTicket(await world.as('customer@globex.test'), { id: outage.id });
    expect(customerView.title).toBe('ERP slow');
    expect(customerView.description).toBeNull();
    expect(customerView.version).toBeNull();

    const customerList = await listTickets(await world.as('customer@acme.test'), { limit: 100 });
    expect(customerList.items.length).toBeGreaterThan(0);
    expect(customerList.items.every((t) => t.organisation?.slug === 'acme' && t.kind === 'outage')).toBe(
      true,
    );
    const nocList = await listTickets(await world.as('noc@watchfloor.test'), { limit: 100 });
    // The NOC sees security incidents only as stubs of those it handed off (the seed hands one off).
    const nocSecurity = nocList.items.filter((t) => t.kind === 'security');
    expect(nocSecurity.map((t) => [t.projection, t.source, t.description])).toEqual([['stub', null, null]]);
  });

  it('pages with a cursor through every ticket exactly once, newest first', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const all = await listTickets(admin, { limit: 100 });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listTickets(admin, { limit: 2, cursor });
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((t) => t.id));
    const times = all.items.map((t) => t.createdAt!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('filters by kind, status, organisation and open-only', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const security = await listTickets(admin, { kind: 'security' });
    expect(security.items.length).toBeGreaterThan(0);
    expect(security.items.every((t) => t.kind === 'security')).toBe(true);
    const globex = await listTickets(admin, { organisationId: world.org('globex').id });
    expect(globex.items.every((t) => t.organisation?.slug === 'globex')).toBe(true);
    const triage = await listTickets(admin, { status: ['triage'] });
    expect(triage.items.every((t) => t.status === 'triage')).toBe(true);
    await expectServiceError(listTickets(admin, { cursor: 'bm9wZQ' }), 'BAD_REQUEST');
  });
});
