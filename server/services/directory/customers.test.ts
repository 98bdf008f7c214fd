import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { auditLog, creditTiers, organisations, services, slaPolicies } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { expectServiceError, outageInput } from '../../../test/tickets';
import type { DemoEmail, DemoWorld } from '../../../test/world';
import { getStatusPage } from '../status/get-status-page';
import { createTicket } from '../tickets/create';
import { listCustomerAccounts } from './list-customer-accounts';
import { listOrganisationsWithServices } from './list-customers';
import { retireService } from './retire-service';
import { saveCustomer } from './save-customer';
import { saveService } from './save-service';

const customer = (extra: Record<string, unknown> = {}) => ({
  name: 'Initech',
  slug: 'initech',
  timeZone: 'America/Chicago',
  slaPolicyId: null,
  availabilityCommitment: 99.95,
  statusPagePublic: true,
  ...extra,
});

describe.each(testEngines())('customer and service administration on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  useDemoWorld({ open }, (setup) => ({ handle, world } = setup));

  const auditsOf = (subject: string) =>
    handle.db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(auditLog.id);
  const fieldsOf = async (promise: Promise<unknown>, code: 'BAD_REQUEST' | 'CONFLICT' = 'BAD_REQUEST') =>
    Object.keys((await expectServiceError(promise, code)).fieldErrors ?? {});

  it('admins and managers list customers and services; NOC, SOC, customers and the system may not', async () => {
    for (const email of ['admin@watchfloor.test', 'manager@watchfloor.test'] as const) {
      const listed = await listCustomerAccounts(await world.as(email));
      expect(listed.find((o) => o.slug === 'acme')!.services.map((s) => s.slug)).toContain('website');
    }
    for (const email of ['noc@watchfloor.test', 'soc@watchfloor.test', 'customer@acme.test'] as const) {
      const refused = await expectServiceError(listCustomerAccounts(await world.as(email)), 'FORBIDDEN');
      expect(refused.message).toBe('Only admins and managers see customer accounts');
    }
    await expectServiceError(listCustomerAccounts(world.system), 'FORBIDDEN');
  });

  it('only admins change customers and services (managers only read)', async () => {
    const acme = world.org('acme');
    const website = world.service('acme', 'website').id;
    const emails: DemoEmail[] = [
      'manager@watchfloor.test',
      'noc@watchfloor.test',
      'soc@watchfloor.test',
      'customer@acme.test',
    ];
    for (const email of emails) {
      const ctx = await world.as(email);
      const refused = await expectServiceError(
        saveCustomer(ctx, customer({ slug: `x-${email.length}` })),
        'FORBIDDEN',
      );
      expect(refused.message).toBe('Only admins manage customers and services');
      await expectServiceError(
        saveCustomer(ctx, customer({ id: acme.id, slug: acme.slug, name: 'Renamed' })),
        'FORBIDDEN',
      );
      await expectServiceError(
        saveService(ctx, { organisationId: acme.id, name: 'X', slug: 'x', availabilityCommitment: 99 }),
        'FORBIDDEN',
      );
      await expectServiceError(
        saveService(ctx, {
          id: website,
          organisationId: acme.id,
          name: 'X',
          slug: 'website',
          availabilityCommitment: 99,
        }),
        'FORBIDDEN',
      );
      await expectServiceError(retireService(ctx, { serviceId: website }), 'FORBIDDEN');
    }
    await expectServiceError(retireService(world.system, { serviceId: website }), 'FORBIDDEN');
    // Nothing was written.
    const [row] = await handle.db.select().from(organisations).where(eq(organisations.id, acme.id));
    expect(row!.name).toBe(acme.name);
    const [service] = await handle.db.select().from(services).where(eq(services.id, website));
    expect(service).toMatchObject({ slug: 'website', retiredAt: null });
    expect(await auditsOf(`organisation:${acme.id}`)).toEqual([]);
  });

  it('creates a customer with a policy and a service, audited; the list shows both', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const [policy] = await handle.db.select().from(slaPolicies).where(eq(slaPolicies.name, 'Acme standard'));
    // Any letter case of a zone is accepted, and stored as the zone spells itself.
    const { id } = await saveCustomer(
      admin,
      customer({ slaPolicyId: policy!.id, timeZone: 'america/chicago' }),
    );
    const { id: serviceId } = await saveService(admin, {
      organisationId: id,
      name: 'Printers',
      slug: 'printers',
      groupName: '  ',
      availabilityCommitment: 99.5,
    });
    const listed = (await listCustomerAccounts(admin)).find((o) => o.id === id);
    expect(listed).toMatchObject({
      kind: 'customer',
      slug: 'initech',
      timeZone: 'America/Chicago',
      slaPolicy: { id: policy!.id, name: 'Acme standard' },
      userCount: 0,
      services: [{ id: serviceId, slug: 'printers', groupName: null, retiredAt: null }],
    });
    expect((await auditsOf(`organisation:${id}`)).map((a) => a.type)).toEqual(['organisation.created']);
    expect((await auditsOf(`service:${serviceId}`)).map((a) => a.type)).toEqual(['service.created']);
    // The operator comes first, with its shared infrastructure.
    expect((await listCustomerAccounts(admin))[0]).toMatchObject({ kind: 'operator', slug: 'watchfloor' });
  });

  it('edits audit what changed, and an unchanged save records nothing', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const { id } = await saveCustomer(admin, customer({ slug: 'hooli', name: 'Hooli' }));
    await saveCustomer(admin, customer({ id, slug: 'hooli', name: 'Hooli', timeZone: 'Europe/Paris' }));
    await saveCustomer(admin, customer({ id, slug: 'hooli', name: 'Hooli', timeZone: 'Europe/Paris' }));
    const audits = await auditsOf(`organisation:${id}`);
    expect(audits.map((a) => a.type)).toEqual(['organisation.created', 'organisation.updated']);
    expect(audits[1]!.payload).toEqual({
      slug: 'hooli',
      changes: { timeZone: { from: 'America/Chicago', to: 'Europe/Paris' } },
    });
    const [row] = await handle.db.select().from(organisations).where(eq(organisations.id, id));
    expect(row!.timeZone).toBe('Europe/Paris');
  });

  it('sets impact weights and a credit-tier table, audited; an edit without them keeps them', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const tiersOf = async (organisationId: string) =>
      (await listCustomerAccounts(admin)).find((o) => o.id === organisationId)!.creditTiers;
    // Created without: DESIGN §2.6's default weights and no credits.
    const { id } = await saveCustomer(admin, customer({ slug: 'umbrella', name: 'Umbrella' }));
    expect((await listCustomerAccounts(admin)).find((o) => o.id === id)).toMatchObject({
      weightMajor: 1,
      weightPartial: 0.3,
      weightDegraded: 0,
      creditTiers: [],
    });
    // Entered in any order, stored and listed from the highest threshold down.
    const contract = {
      weightMajor: 1,
      weightPartial: 0.5,
      weightDegraded: 0.125,
      creditTiers: [
        { belowPercent: 95, creditPercent: 100 },
        { belowPercent: 99.95, creditPercent: 5 },
        { belowPercent: 99, creditPercent: 25.5 },
      ],
    };
    await saveCustomer(admin, customer({ id, slug: 'umbrella', name: 'Umbrella', ...contract }));
    const sorted = [
      { belowPercent: 99.95, creditPercent: 5 },
      { belowPercent: 99, creditPercent: 25.5 },
      { belowPercent: 95, creditPercent: 100 },
    ];
    expect(await tiersOf(id)).toEqual(sorted);
    const [row] = await handle.db.select().from(organisations).where(eq(organisations.id, id));
    expect(row).toMatchObject({ weightMajor: 1, weightPartial: 0.5, weightDegraded: 0.125 });
    // The same table again, and a save that names neither: nothing changes, nothing is recorded.
    await saveCustomer(admin, customer({ id, slug: 'umbrella', name: 'Umbrella', ...contract }));
    await saveCustomer(admin, customer({ id, slug: 'umbrella', name: 'Umbrella' }));
    expect(await tiersOf(id)).toEqual(sorted);
    // Emptying the table removes every tier.
    await saveCustomer(admin, customer({ id, slug: 'umbrella', name: 'Umbrella', creditTiers: [] }));
    expect(await handle.db.select().from(creditTiers).where(eq(creditTiers.organisationId, id))).toEqual([]);
    const audits = await auditsOf(`organisation:${id}`);
    expect(audits.map((a) => a.type)).toEqual([
      'organisation.created',
      'organisation.updated',
      'organisation.updated',
    ]);
    expect(audits[1]!.payload).toEqual({
      slug: 'umbrella',
      changes: {
        weightPartial: { from: 0.3, to: 0.5 },
        weightDegraded: { from: 0, to: 0.125 },
        creditTiers: { from: [], to: sorted },
      },
    });
    expect(audits[2]!.payload).toEqual({
      slug: 'umbrella',
      changes: { creditTiers: { from: sorted, to: [] } },
    });
    // A new customer with its contract: audited with it.
    const { id: other } = await saveCustomer(
      admin,
      customer({ slug: 'cyberdyne', name: 'Cyberdyne', ...contract }),
    );
    expect(await tiersOf(other)).toEqual(sorted);
    expect((await auditsOf(`organisation:${other}`))[0]!.payload).toMatchObject({
      weightPartial: 0.5,
      creditTiers: sorted,
    });
  });

  it('refuses weights outside 0–1, tiers out of range, and a threshold twice, on their fields', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const acme = world.org('acme');
    const edit = (extra: Record<string, unknown>) =>
      saveCustomer(
        admin,
        customer({ id: acme.id, name: acme.name, slug: 'acme', timeZone: acme.timeZone, ...extra }),
      );
    expect(await fieldsOf(edit({ weightMajor: 1.5 }))).toEqual(['weightMajor']);
    expect(await fieldsOf(edit({ weightPartial: -0.1 }))).toEqual(['weightPartial']);
    expect(await fieldsOf(edit({ weightDegraded: 0.0001 }))).toEqual(['weightDegraded']);
    expect(await fieldsOf(edit({ weightMajor: Number.NaN }))).toEqual(['weightMajor']);
    const tier = (belowPercent: number, creditPercent: number) => ({ belowPercent, creditPercent });
    expect(await fieldsOf(edit({ creditTiers: [tier(99.9, 10), tier(0, 10)] }))).toEqual([
      'creditTiers.1.belowPercent',
    ]);
    expect(await fieldsOf(edit({ creditTiers: [tier(100.5, 10)] }))).toEqual(['creditTiers.0.belowPercent']);
    expect(await fieldsOf(edit({ creditTiers: [tier(99, 0)] }))).toEqual(['creditTiers.0.creditPercent']);
    expect(await fieldsOf(edit({ creditTiers: [tier(99, 101)] }))).toEqual(['creditTiers.0.creditPercent']);
    expect(await fieldsOf(edit({ creditTiers: [tier(99, 10.125)] }))).toEqual([
      'creditTiers.0.creditPercent',
    ]);
    expect(await fieldsOf(edit({ creditTiers: [tier(99.9, 10), tier(99, 25), tier(99.9, 50)] }))).toEqual([
      'creditTiers.2.belowPercent',
    ]);
    expect(
      await fieldsOf(edit({ creditTiers: Array.from({ length: 11 }, (_, i) => tier(90 + i, 10)) })),
    ).toEqual(['creditTiers']);
    // Nothing of it was written: Acme keeps the demo table.
    expect((await listCustomerAccounts(admin)).find((o) => o.id === acme.id)!.creditTiers).toEqual([
      tier(99.9, 10),
      tier(99, 25),
      tier(95, 100),
    ]);
  });

  it('puts validation errors on their fields; a taken slug is a CONFLICT on the slug', async () => {
    const admin = await world.as('admin@watchfloor.test');
    expect(await fieldsOf(saveCustomer(admin, customer({ timeZone: 'Mars/Olympus' })))).toEqual(['timeZone']);
    expect(await fieldsOf(saveCustomer(admin, customer({ slug: 'Not A Slug' })))).toEqual(['slug']);
    // /status/subscriptions/… holds the subscription links: no page may live there.
    expect(await fieldsOf(saveCustomer(admin, customer({ slug: 'subscriptions' })))).toEqual(['slug']);
    expect(await fieldsOf(saveCustomer(admin, customer({ name: '' })))).toEqual(['name']);
    expect(await fieldsOf(saveCustomer(admin, customer({ availabilityCommitment: 101 })))).toEqual([
      'availabilityCommitment',
    ]);
    expect(
      await fieldsOf(saveCustomer(admin, customer({ slaPolicyId: '5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f' }))),
    ).toEqual(['slaPolicyId']);
    expect(await fieldsOf(saveCustomer(admin, customer({ slug: 'acme' })), 'CONFLICT')).toEqual(['slug']);
    // Renaming Globex onto Acme's slug conflicts too; keeping its own does not.
    const globex = world.org('globex');
    const globexInput = customer({
      id: globex.id,
      name: globex.name,
      slug: 'acme',
      timeZone: globex.timeZone,
    });
    expect(await fieldsOf(saveCustomer(admin, globexInput), 'CONFLICT')).toEqual(['slug']);
    await saveCustomer(admin, { ...globexInput, slug: 'globex', slaPolicyId: globex.slaPolicyId });

    // Services: the slug is unique within the organisation only.
    const acme = world.org('acme').id;
    const service = {
      organisationId: acme,
      name: 'Website 2',
      slug: 'website',
      availabilityCommitment: 99.9,
    };
    expect(await fieldsOf(saveService(admin, service), 'CONFLICT')).toEqual(['slug']);
    expect(await fieldsOf(saveService(admin, { ...service, slug: '-x' }))).toEqual(['slug']);
    expect(await fieldsOf(saveService(admin, { ...service, slug: 'w2', availabilityCommitment: 0 }))).toEqual(
      ['availabilityCommitment'],
    );
    const { id } = await saveService(admin, { ...service, organisationId: globex.id });
    expect(id).toBeTruthy();
    // A service stays in its organisation.
    await expectServiceError(saveService(admin, { ...service, id, slug: 'website-b' }), 'NOT_FOUND');
  });

  it('retiring a service takes it off the status page and the pickers, and new tickets cannot name it', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const vpn = world.service('acme', 'vpn');
    const ticketBefore = await createTicket(
      await world.as('noc@watchfloor.test'),
      outageInput(world, { serviceIds: [vpn.id] }),
    );
    expect(ticketBefore.id).toBeTruthy();
    expect(await retireService(admin, { serviceId: vpn.id })).toEqual({ changed: true });
    expect(await retireService(admin, { serviceId: vpn.id })).toEqual({ changed: false });
    expect((await auditsOf(`service:${vpn.id}`)).map((a) => a.type)).toEqual(['service.retired']);
    const [row] = await handle.db.select().from(services).where(eq(services.id, vpn.id));
    expect(row!.retiredAt).toEqual(world.clock.now());

    const page = await getStatusPage(handle.db, 'acme', world.clock.now());
    const shown = page!.groups.flatMap((g) => g.components.map((s) => s.id));
    expect(shown).not.toContain(vpn.id);
    expect(shown).toContain(world.service('acme', 'website').id);
    const pickers = await listOrganisationsWithServices(admin);
    expect(pickers.find((o) => o.slug === 'acme')!.services.map((s) => s.id)).not.toContain(vpn.id);
    const refused = await expectServiceError(
      createTicket(await world.as('noc@watchfloor.test'), outageInput(world, { serviceIds: [vpn.id] })),
      'BAD_REQUEST',
    );
    expect(Object.keys(refused.fieldErrors ?? {})).toEqual(['serviceIds']);
    // The admin list still shows it, marked.
    const acme = (await listCustomerAccounts(admin)).find((o) => o.slug === 'acme')!;
    expect(acme.services.find((s) => s.id === vpn.id)!.retiredAt).toEqual(world.clock.now());
  });
});
