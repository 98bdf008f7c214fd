import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { auditLog, services } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { expectServiceError } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { getStatusPage } from '../status/get-status-page';
import { listOrganisationsWithServices } from './list-customers';
import { restoreService } from './restore-service';
import { retireService } from './retire-service';

describe.each(testEngines())('restoring a retired service on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  useDemoWorld({ open }, (setup) => ({ handle, world } = setup));

  it('puts it back on the status page and in the pickers, audited; restoring twice changes nothing', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const vpn = world.service('acme', 'vpn');
    expect(await restoreService(admin, { serviceId: vpn.id })).toEqual({ changed: false });
    await retireService(admin, { serviceId: vpn.id });
    world.clock.advance(60_000);
    expect(await restoreService(admin, { serviceId: vpn.id })).toEqual({ changed: true });
    expect(await restoreService(admin, { serviceId: vpn.id })).toEqual({ changed: false });

    const [row] = await handle.db.select().from(services).where(eq(services.id, vpn.id));
    expect(row!.retiredAt).toBeNull();
    const audits = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `service:${vpn.id}`))
      .orderBy(auditLog.id);
    expect(audits.map((a) => a.type)).toEqual(['service.retired', 'service.restored']);
    const page = await getStatusPage(handle.db, 'acme', world.clock.now());
    expect(page!.groups.flatMap((g) => g.components.map((s) => s.id))).toContain(vpn.id);
    const pickers = await listOrganisationsWithServices(admin);
    expect(pickers.find((o) => o.slug === 'acme')!.services.map((s) => s.id)).toContain(vpn.id);
  });

  it('is for admins only: managers, NOC, customers and the system are refused, and an unknown id is not found', async () => {
    const vpn = world.service('acme', 'vpn');
    await retireService(await world.as('admin@watchfloor.test'), { serviceId: vpn.id });
    for (const email of ['manager@watchfloor.test', 'noc@watchfloor.test', 'customer@acme.test'] as const)
      await expectServiceError(restoreService(await world.as(email), { serviceId: vpn.id }), 'FORBIDDEN');
    await expectServiceError(restoreService(world.system, { serviceId: vpn.id }), 'FORBIDDEN');
    await expectServiceError(
      restoreService(await world.as('admin@watchfloor.test'), {
        serviceId: '00000000-0000-4000-8000-000000000000',
      }),
      'NOT_FOUND',
    );
    const [row] = await handle.db.select().from(services).where(eq(services.id, vpn.id));
    expect(row!.retiredAt).not.toBeNull();
  });
});
