import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { services, statusUpdateComponents, statusUpdates } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { eventsOf, expectServiceError, ticketIn, tryRolledBack } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { verifyAuditChains } from '../audit/verify';
import type { ServiceContext } from '../kernel/context';
import { listStatusUpdates } from './list-updates';
import { publishStatusUpdate } from './publish-update';
import type { PublishUpdateInput } from './schemas';

const MINUTE = 60_000;

describe.each(testEngines())('public status updates on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let noc: ServiceContext;
  let manager: ServiceContext;
  let admin: ServiceContext;
  let soc: ServiceContext;
  let customer: ServiceContext;
  let otherCustomer: ServiceContext;

  useDemoWorld({ open }, async (setup) => {
    ({ db, world } = setup);
    noc = await world.as('noc@watchfloor.test');
    manager = await world.as('manager@watchfloor.test');
    admin = await world.as('admin@watchfloor.test');
    soc = await world.as('soc@watchfloor.test');
    customer = await world.as('customer@acme.test');
    otherCustomer = await world.as('customer@globex.test');
  });

  const website = () => world.service('acme', 'website').id;
  const api = () => world.service('acme', 'api').id;
  /** An Acme outage of the website and the public API. */
  const outage = async () =>
    (await ticketIn(world, 'outage', 'investigating', { serviceIds: [website(), api()] })).id;
  const update = (ticketId: string, overrides: Partial<PublishUpdateInput> = {}): PublishUpdateInput => ({
    ticketId,
    title: 'Acme website unreachable',
    status: 'investigating',
    body: 'We are investigating reports that the website does not load.',
    components: [
      { serviceId: website(), status: 'major_outage' },
      { serviceId: api(), status: 'partial_outage' },
    ],
    ...overrides,
  });
  const rowsOf = (ticketId: string) =>
    db.select().from(statusUpdates).where(eq(statusUpdates.ticketId, ticketId));
  const componentsOf = (updateId: string) =>
    db
      .select({ serviceId: statusUpdateComponents.serviceId, status: statusUpdateComponents.status })
      .from(statusUpdateComponents)
      .where(eq(statusUpdateComponents.updateId, updateId))
      .orderBy(asc(statusUpdateComponents.status));

  describe('authorization', () => {
    it('lets NOC engineers, managers and admins publish; SOC analysts (comment only) and customers not', async () => {
      const id = await outage();
      await expectServiceError(publishStatusUpdate(soc, update(id)), 'FORBIDDEN', 'NOC engineers');
      await expectServiceError(publishStatusUpdate(customer, update(id)), 'FORBIDDEN');
      // Another organisation's customer may not even know the outage exists.
      await expectServiceError(publishStatusUpdate(otherCustomer, update(id)), 'NOT_FOUND');
      expect(await rowsOf(id)).toHaveLength(0);
      for (const ctx of [noc, manager, admin]) await publishStatusUpdate(ctx, update(id));
      expect(await rowsOf(id)).toHaveLength(3);
    });

    it('never publishes on a security incident: hidden from the NOC, refused to the SOC and admins', async () => {
      const incident = (await ticketIn(world, 'security', 'investigating')).id;
      await expectServiceError(publishStatusUpdate(noc, update(incident)), 'NOT_FOUND');
      await expectServiceError(publishStatusUpdate(admin, update(incident)), 'FORBIDDEN', 'notice');
      await expectServiceError(publishStatusUpdate(soc, update(incident)), 'FORBIDDEN', 'notice');
      expect(await rowsOf(incident)).toHaveLength(0);
      await expectServiceError(listStatusUpdates(customer, { ticketId: incident }), 'NOT_FOUND');
    });

    it('refuses another organisation’s service, a retired one, and a service listed twice', async () => {
      const id = await outage();
      const globex = world.service('globex', 'erp').id;
      const foreign = await expectServiceError(
        publishStatusUpdate(noc, update(id, { components: [{ serviceId: globex, status: 'major_outage' }] })),
        'BAD_REQUEST',
      );
      expect(foreign.fieldErrors).toEqual({ 'components.0.serviceId': ['Not a service of this customer'] });
      const twice = await expectServiceError(
        publishStatusUpdate(
          noc,
          update(id, {
            components: [
              { serviceId: website(), status: 'major_outage' },
              { serviceId: website(), status: 'degraded_performance' },
            ],
          }),
        ),
        'BAD_REQUEST',
      );
      expect(twice.fieldErrors).toEqual({ 'components.1': ['This service is listed twice'] });
      const vpn = world.service('acme', 'vpn').id;
      const retired = await tryRolledBack(db, async (tx) => {
        await tx.update(services).set({ retiredAt: world.clock.now() }).where(eq(services.id, vpn));
        return publishStatusUpdate(
          { ...noc, db: tx },
          update(id, { components: [{ serviceId: vpn, status: 'major_outage' }] }),
        );
      });
      expect(retired.ok).toBe(false);
      if (!retired.ok)
        expect(retired.error.fieldErrors?.['components.0.serviceId']?.[0]).toContain('retired');
      expect(await rowsOf(id)).toHaveLength(0);
    });
  });

  describe('validation', () => {
    it('lets a resolved update set only operational components (or none)', async () => {
      const id = await outage();
      const error = await expectServiceError(
        publishStatusUpdate(
          noc,
          update(id, {
            status: 'resolved',
            components: [
              { serviceId: website(), status: 'operational' },
              { serviceId: api(), status: 'degraded_performance' },
            ],
          }),
        ),
        'BAD_REQUEST',
      );
      expect(error.fieldErrors).toEqual({
        'components.1.status': ['Once resolved, every service listed must be operational'],
      });
      await publishStatusUpdate(noc, update(id, { status: 'resolved', components: [] }));
      await publishStatusUpdate(
        noc,
        update(id, { status: 'resolved', components: [{ serviceId: api(), status: 'operational' }] }),
      );
      expect(await rowsOf(id)).toHaveLength(2);
    });

    it('needs a title of 1–200 characters and a body of at most 5,000', async () => {
      const id = await outage();
      const empty = await expectServiceError(
        publishStatusUpdate(noc, update(id, { title: '  ', body: '' })),
        'BAD_REQUEST',
      );
      expect(Object.keys(empty.fieldErrors ?? {}).sort()).toEqual(['body', 'title']);
      await expectServiceError(
        publishStatusUpdate(noc, update(id, { title: 'x'.repeat(201) })),
        'BAD_REQUEST',
      );
      await expectServiceError(
        publishStatusUpdate(noc, update(id, { body: 'x'.repeat(5_001) })),
        'BAD_REQUEST',
      );
      expect(await rowsOf(id)).toHaveLength(0);
    });
  });

  describe('writes', () => {
    it('writes the update, its components and the audit event together, on the outage’s chain', async () => {
      const id = await outage();
      const before = (await eventsOf(db, id)).length;
      const published = await publishStatusUpdate(noc, update(id));
      expect(published.publishedAt).toEqual(world.clock.now());
      const [row] = await rowsOf(id);
      expect(row).toMatchObject({
        id: published.updateId,
        organisationId: world.org('acme').id,
        title: 'Acme website unreachable',
        status: 'investigating',
        publishedAt: world.clock.now(),
      });
      expect(await componentsOf(published.updateId)).toEqual([
        { serviceId: website(), status: 'major_outage' },
        { serviceId: api(), status: 'partial_outage' },
      ]);
      const events = await eventsOf(db, id);
      expect(events).toHaveLength(before + 1);
      expect(events.at(-1)).toMatchObject({
        type: 'status.update_published',
        actorLabel: 'noc@watchfloor.test',
        payload: {
          updateId: published.updateId,
          status: 'investigating',
          title: 'Acme website unreachable',
          body: 'We are investigating reports that the website does not load.',
          components: [
            { serviceId: website(), status: 'major_outage' },
            { serviceId: api(), status: 'partial_outage' },
          ],
        },
      });
      expect((await verifyAuditChains(db, { ticketId: id })).firstBreak).toBeNull();
    });

    it('rolls the row back with the event when the transaction fails', async () => {
      const id = await outage();
      const before = (await eventsOf(db, id)).length;
      // A failure after the service's writes (as the engine's own final UPDATE could fail): nothing stays.
      const outcome = await tryRolledBack(db, async (tx) => {
        await publishStatusUpdate({ ...noc, db: tx }, update(id));
        expect(await tx.select().from(statusUpdates).where(eq(statusUpdates.ticketId, id))).toHaveLength(1);
        return 'published';
      });
      expect(outcome).toEqual({ ok: true, value: 'published' });
      expect(await rowsOf(id)).toHaveLength(0);
      expect(await eventsOf(db, id)).toHaveLength(before);

      // A refusal inside the command (the database rejects the component row) leaves nothing either.
      const acmeWebsite = website();
      const bad = await tryRolledBack(db, async (tx) => {
        await tx.execute(
          `create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused' using errcode = '23514'; end $$`,
        );
        await tx.execute(
          'create trigger refuse before insert on status_update_components for each row execute function refuse()',
        );
        const attempt = publishStatusUpdate(
          { ...noc, db: tx },
          update(id, { components: [{ serviceId: acmeWebsite, status: 'major_outage' }] }),
        );
        await expect(attempt).rejects.toThrow();
        // Inside the same outer transaction: the command's savepoint took its row and its event back.
        const rows = await tx.select().from(statusUpdates).where(eq(statusUpdates.ticketId, id));
        return { rows: rows.length, events: (await eventsOf(tx as unknown as Database, id)).length };
      });
      expect(bad).toEqual({ ok: true, value: { rows: 0, events: before } });
      expect(await eventsOf(db, id)).toHaveLength(before);
    });
  });

  describe('list', () => {
    it('answers staff and the outage’s customer, newest first with component names; others NOT_FOUND', async () => {
      const id = await outage();
      const first = await publishStatusUpdate(noc, update(id));
      world.clock.advance(20 * MINUTE);
      const second = await publishStatusUpdate(
        manager,
        update(id, {
          status: 'identified',
          body: 'A route-map change withdrew our prefixes; rolling back.',
          components: [{ serviceId: api(), status: 'degraded_performance' }],
        }),
      );
      const byNoc = await listStatusUpdates(noc, { ticketId: id });
      expect(byNoc.updates.map((u) => u.id)).toEqual([second.updateId, first.updateId]);
      expect(byNoc.updates[0]).toMatchObject({
        status: 'identified',
        publishedBy: expect.any(String),
        components: [{ serviceId: api(), name: 'Public API', status: 'degraded_performance' }],
      });
      expect(byNoc.updates[1]?.components.map((c) => c.name)).toEqual(['Website', 'Public API']);
      expect(byNoc.services.map((s) => s.name)).toEqual(['Website', 'Public API']);
      // An outage may name the operator's shared services too: they are on no customer's page.
      const shared = world.service('watchfloor', 'core-network').id;
      const withShared = (await ticketIn(world, 'outage', 'new', { serviceIds: [website(), shared] })).id;
      expect((await listStatusUpdates(noc, { ticketId: withShared })).services.map((s) => s.name)).toEqual([
        'Website',
      ]);
      expect(byNoc).toMatchObject({ mayPublish: true, organisationName: 'Acme' });
      expect((await listStatusUpdates(soc, { ticketId: id })).mayPublish).toBe(false);

      const byCustomer = await listStatusUpdates(customer, { ticketId: id });
      expect(byCustomer.updates).toHaveLength(2);
      expect(byCustomer.updates.every((u) => u.publishedBy === null)).toBe(true);
      expect(byCustomer.mayPublish).toBe(false);
      await expectServiceError(listStatusUpdates(otherCustomer, { ticketId: id }), 'NOT_FOUND');
    });
  });
});
