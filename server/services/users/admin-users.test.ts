import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { auditLog, users } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { expectServiceError } from '../../../test/tickets';
import type { DemoEmail, DemoWorld } from '../../../test/world';
import { changeUserRole } from './change-role';
import { createUser } from './create';
import { deactivateUser } from './deactivate';
import { getUser } from './get';
import { currentSessionClaims } from './internal/session';
import { listUsers } from './list';
import { reactivateUser } from './reactivate';
import { signInWithPassword } from './sign-in';

const PASSWORD = 'a long initial passphrase';

describe.each(testEngines())('admin pages’ user verbs on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  useDemoWorld({ open }, (setup) => ({ handle, world } = setup));

  const operatorId = () => world.org('watchfloor').id;
  const newStaff = (email: string, extra: Record<string, unknown> = {}) => ({
    name: 'Nico New',
    email,
    role: 'noc_engineer' as const,
    organisationId: operatorId(),
    password: PASSWORD,
    ...extra,
  });
  const auditsOf = (subject: string) =>
    handle.db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(auditLog.id);
  const signIn = (email: string, password: string) =>
    signInWithPassword(
      { db: handle.db, now: world.clock.now },
      { email, password, address: `198.51.100.${Math.floor(Math.random() * 250)}` },
    );

  it('admins and managers list and read users; NOC, SOC, customers and the system may not', async () => {
    const noc = (await world.actor('noc@watchfloor.test')).id;
    for (const email of ['admin@watchfloor.test', 'manager@watchfloor.test'] as const) {
      const ctx = await world.as(email);
      expect((await listUsers(ctx)).map((u) => u.email)).toContain('noc@watchfloor.test');
      expect(await getUser(ctx, { userId: noc })).toMatchObject({ email: 'noc@watchfloor.test' });
    }
    for (const email of ['noc@watchfloor.test', 'soc@watchfloor.test', 'customer@acme.test'] as const) {
      const ctx = await world.as(email);
      const refused = await expectServiceError(listUsers(ctx), 'FORBIDDEN');
      expect(refused.message).toBe('Only admins and managers see user accounts');
      await expectServiceError(getUser(ctx, { userId: noc }), 'FORBIDDEN');
    }
    await expectServiceError(listUsers(world.system), 'FORBIDDEN');
    await expectServiceError(getUser(world.system, { userId: noc }), 'FORBIDDEN');
  });

  it('only admins create, change the role of, deactivate and reactivate users (managers only read)', async () => {
    const noc = (await world.actor('noc@watchfloor.test')).id;
    const emails: DemoEmail[] = [
      'manager@watchfloor.test',
      'noc@watchfloor.test',
      'soc@watchfloor.test',
      'customer@acme.test',
    ];
    for (const email of emails) {
      const ctx = await world.as(email);
      const refused = await expectServiceError(createUser(ctx, newStaff(`x-${email}`)), 'FORBIDDEN');
      expect(refused.message).toBe('Only admins manage users');
      await expectServiceError(changeUserRole(ctx, { userId: noc, role: 'soc_analyst' }), 'FORBIDDEN');
      await expectServiceError(deactivateUser(ctx, { userId: noc }), 'FORBIDDEN');
      await expectServiceError(reactivateUser(ctx, { userId: noc }), 'FORBIDDEN');
    }
    await expectServiceError(deactivateUser(world.system, { userId: noc }), 'FORBIDDEN');
    // Nothing was written: the NOC engineer is as before, with no history.
    const admin = await world.as('admin@watchfloor.test');
    expect(await getUser(admin, { userId: noc })).toMatchObject({
      role: 'noc_engineer',
      active: true,
      history: [],
    });
    expect((await listUsers(admin)).some((u) => u.email.startsWith('x-'))).toBe(false);
  });

  it('creates a staff account that signs in with its initial password, audited without the password', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const { id } = await createUser(admin, newStaff('  Nico.New@Example.TEST '));
    const [row] = await handle.db.select().from(users).where(eq(users.id, id));
    expect(row).toMatchObject({ email: 'nico.new@example.test', role: 'noc_engineer', active: true });
    expect(row!.passwordHash).toMatch(/^\$2/);
    expect((await signIn('nico.new@example.test', PASSWORD)).kind).toBe('ok');
    const audits = await auditsOf(`user:${id}`);
    expect(audits.map((a) => [a.type, a.actorLabel])).toEqual([['user.created', 'admin@watchfloor.test']]);
    expect(audits[0]!.payload).toMatchObject({ email: 'nico.new@example.test', role: 'noc_engineer' });
    expect(JSON.stringify(audits[0]!.payload)).not.toContain(PASSWORD);
    // The list and the detail page never carry the hash.
    const listed = (await listUsers(admin, { role: 'noc_engineer' })).find((u) => u.id === id);
    expect(listed).toMatchObject({
      name: 'Nico New',
      singleSignOn: false,
      organisation: { kind: 'operator' },
    });
    expect(JSON.stringify(await getUser(admin, { userId: id }))).not.toMatch(/\$2[aby]\$/);
  });

  it('puts each validation error on its field: policy, organisation, role, email', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const fields = async (input: Record<string, unknown>, code: 'BAD_REQUEST' | 'CONFLICT' = 'BAD_REQUEST') =>
      Object.keys(
        (await expectServiceError(createUser(admin, newStaff('v@example.test', input) as never), code))
          .fieldErrors ?? {},
      );
    expect(await fields({ password: 'short' })).toEqual(['password']);
    expect(await fields({ password: 'Password2024!' })).toEqual(['password']);
    expect(await fields({ password: 'v@example.test-v@example.test' })).toEqual(['password']);
    expect(await fields({ name: '  ' })).toEqual(['name']);
    expect(await fields({ email: 'not an email' })).toEqual(['email']);
    expect(await fields({ role: 'root' })).toEqual(['role']);
    // Customers in a customer organisation, staff in the operator.
    expect(await fields({ role: 'customer' })).toEqual(['organisationId']);
    expect(await fields({ organisationId: world.org('acme').id })).toEqual(['organisationId']);
    expect(await fields({ organisationId: '5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f' })).toEqual([
      'organisationId',
    ]);
    expect(await fields({ email: 'NOC@watchfloor.test' }, 'CONFLICT')).toEqual(['email']);
    // A customer of Acme is fine.
    const { id } = await createUser(
      admin,
      newStaff('buyer@acme.test', { role: 'customer', organisationId: world.org('acme').id }),
    );
    expect((await getUser(admin, { userId: id })).organisation.kind).toBe('customer');
  });

  it('filters by role and by active state', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const { id } = await createUser(admin, newStaff('filter@example.test', { role: 'soc_analyst' }));
    await deactivateUser(admin, { userId: id });
    const inactive = await listUsers(admin, { active: false });
    expect(inactive.map((u) => u.id)).toContain(id);
    expect(inactive.every((u) => !u.active)).toBe(true);
    const activeSoc = await listUsers(admin, { role: 'soc_analyst', active: true });
    expect(activeSoc.map((u) => u.email)).toContain('soc@watchfloor.test');
    expect(activeSoc.map((u) => u.id)).not.toContain(id);
    expect(activeSoc.every((u) => u.role === 'soc_analyst' && u.active)).toBe(true);
    expect((await listUsers(admin)).length).toBeGreaterThan(activeSoc.length);
  });

  it('deactivation ends the sessions (epoch) and reactivation lets the person sign in again, both audited', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const { id } = await createUser(admin, newStaff('cycle@example.test'));
    const signedIn = await signIn('cycle@example.test', PASSWORD);
    if (signedIn.kind !== 'ok') throw new Error('expected a sign-in');
    const [{ epoch }] = (await handle.db
      .select({ epoch: users.sessionEpoch })
      .from(users)
      .where(eq(users.id, id))) as [{ epoch: number }];
    expect(await currentSessionClaims(handle.db, { uid: id, epoch })).not.toBeNull();
    expect(await deactivateUser(admin, { userId: id })).toEqual({ changed: true });
    expect(await currentSessionClaims(handle.db, { uid: id, epoch })).toBeNull();
    expect((await signIn('cycle@example.test', PASSWORD)).kind).toBe('invalid');

    expect(await reactivateUser(admin, { userId: id })).toEqual({ changed: true });
    expect(await reactivateUser(admin, { userId: id })).toEqual({ changed: false });
    // The old session stays ended; a new sign-in works.
    expect(await currentSessionClaims(handle.db, { uid: id, epoch })).toBeNull();
    expect((await signIn('cycle@example.test', PASSWORD)).kind).toBe('ok');
    expect((await getUser(admin, { userId: id })).history.map((h) => h.type)).toEqual([
      'user.reactivated',
      'user.deactivated',
      'user.created',
    ]);
    await expectServiceError(
      reactivateUser(admin, { userId: '5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f' }),
      'NOT_FOUND',
    );
  });

  it('a second admin may demote the first, but the last admin can neither be demoted nor deactivated', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const adminId = (await world.actor('admin@watchfloor.test')).id;
    const { id: second } = await createUser(admin, newStaff('second-admin@example.test', { role: 'admin' }));
    const secondCtx = { ...admin, actor: { ...admin.actor, id: second, email: 'second-admin@example.test' } };
    // Two admins: the first steps down, through the second.
    expect(await changeUserRole(secondCtx, { userId: adminId, role: 'manager' })).toEqual({ changed: true });
    // Now the second is the last one: no demotion of themself, nor deactivation by anyone.
    const last = await expectServiceError(
      changeUserRole(secondCtx, { userId: second, role: 'manager' }),
      'PRECONDITION_FAILED',
    );
    expect(last.message).toMatch(/last active admin/);
    await expectServiceError(deactivateUser(secondCtx, { userId: second }), 'BAD_REQUEST');
    expect((await getUser(secondCtx, { userId: second })).role).toBe('admin');
    // Restore the demo admin for the other tests.
    await changeUserRole(secondCtx, { userId: adminId, role: 'admin' });
    await deactivateUser(admin, { userId: second });
  });
});
