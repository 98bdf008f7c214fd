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

  it('shows public security notices, their text and time only, never a customers-only notice or an unpublished incident', async () => {
    const soc = await world.as('soc@watchfloor.test');
    const quiet = await createTicket(soc, incidentInput(world, { title: 'Quiet internal matter' }));
    const portalOnly = await createTicket(soc, incidentInput(world, { title: 'Phishing wave' }));
    await publishNotice(soc, {
      id: portalOnly.id,
      title: 'Phishing mails in your tenant',
      body: 'Only your staff should read this.',
      audience: 'customers',
    });
    const noticed = await createTicket(
      soc,
      incidentInput(world, { title: 'Credential stuffing on the VPN' }),
    );
    await publishNotice(soc, {
      id: noticed.id,
      title: 'Suspicious VPN logins blocked',
      body: 'We blocked a burst of suspicious logins. No data was accessed.',
      audience: 'public',
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
    for (const secret of [
      quiet.number,
      noticed.number,
      'Quiet internal matter',
      'Credential stuffing',
      'Phishing',
    ])
      expect(text).not.toContain(secret);
    expect((await getStatusPage(handle.db, 'globex'))!.notices).toEqual([]);
  });
});
