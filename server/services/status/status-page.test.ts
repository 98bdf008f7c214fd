import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { incidentInput } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { publishNotice } from '../security/publish-notice';
import { createTicket } from '../tickets/create';
import { getStatusPage } from './get-status-page';

describe.each(testEngines())('public status page on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;

  useDemoWorld({ open }, (setup) => ({ handle, world } = setup));

  it('shows published security notices, their text and time only, and never an unpublished incident', async () => {
    const soc = await world.as('soc@watchfloor.test');
    const quiet = await createTicket(soc, incidentInput(world, { title: 'Quiet internal matter' }));
    const noticed = await createTicket(
      soc,
      incidentInput(world, { title: 'Credential stuffing on the VPN' }),
    );
    await publishNotice(soc, {
      id: noticed.id,
      title: 'Suspicious VPN logins blocked',
      body: 'We blocked a burst of suspicious logins. No data was accessed.',
    });
    const page = (await getStatusPage(handle.db, 'acme'))!;
    expect(page.notices).toEqual([
      {
        title: 'Suspicious VPN logins blocked',
        body: 'We blocked a burst of suspicious logins. No data was accessed.',
        publishedAt: world.clock.now(),
      },
    ]);
    const text = JSON.stringify(page);
    for (const secret of [quiet.number, noticed.number, 'Quiet internal matter', 'Credential stuffing'])
      expect(text).not.toContain(secret);
    expect((await getStatusPage(handle.db, 'globex'))!.notices).toEqual([]);
  });
});
