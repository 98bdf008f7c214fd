import { describe, expect, it } from 'vitest';
import { testEngines } from '../../test/databases';
import { useDemoWorld } from '../../test/suite';
import { errorOf, trpcHttp } from '../../test/trpc-http';
import type { DemoWorld } from '../../test/world';

describe.each(testEngines())('integrations router on $engine', ({ open }) => {
  let world: DemoWorld;
  let http: ReturnType<typeof trpcHttp>;
  useDemoWorld({ open }, (setup) => {
    world = setup.world;
    http = trpcHttp(setup.db, world);
  });

  it('creates for admins (the key in that answer only), lists for managers, refuses the rest', async () => {
    const input = {
      organisationId: world.org('acme').id,
      kind: 'events_v2',
      name: 'Acme IDS',
      defaultServiceId: world.service('acme', 'api').id,
    };
    const created = await http.call('admin', 'integrations.create', input);
    expect(created.status).toBe(200);
    const { key, id } = (
      JSON.parse(created.text) as { result: { data: { json: { key: string; id: string } } } }
    ).result.data.json;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await http.call('manager', 'integrations.list');
    expect(listed.status).toBe(200);
    expect(listed.text).toContain(id);
    expect(listed.text).not.toContain(key);
    expect(errorOf(await http.call('manager', 'integrations.create', input))?.data.code).toBe('FORBIDDEN');
    expect(errorOf(await http.call('manager', 'integrations.revoke', { id }))?.data.code).toBe('FORBIDDEN');
    expect(errorOf(await http.call('noc', 'integrations.list'))?.data.code).toBe('FORBIDDEN');
    expect(errorOf(await http.call('customer', 'integrations.list'))?.data.code).toBe('FORBIDDEN');
    expect((await http.call('admin', 'integrations.revoke', { id })).status).toBe(200);
  });
});
