import { count, eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { auditLog, organisations, users } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import type { DemoEmail, DemoWorld } from '../../../test/world';
import { createCaller } from '../../api/root';
import { ServiceError } from '../kernel/errors';
import { seedIfEmpty } from '../seed/seed';
import { changeOwnPassword } from './change-password';
import { changeUserRole } from './change-role';
import { deactivateUser } from './deactivate';
import { provisionOidcUser } from './provision-oidc';
import { signInWithPassword } from './sign-in';
import { signOutEverywhere } from './sign-out-everywhere';

async function failure(promise: Promise<unknown>): Promise<{ code: string; fields?: string[] }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof ServiceError)
    return { code: error.code, fields: Object.keys(error.fieldErrors ?? {}) };
  if (error && typeof error === 'object' && 'code' in error) return { code: String(error.code) };
  throw new Error(`expected a failure, got ${String(error)}`);
}

describe.each(testEngines())('user administration on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  const epochOf = async (email: DemoEmail | string) => {
    const [row] = await handle.db
      .select({ epoch: users.sessionEpoch })
      .from(users)
      .where(eq(users.email, email));
    return row!.epoch;
  };
  const auditsOf = (subject: string) =>
    handle.db.select().from(auditLog).where(eq(auditLog.subject, subject)).orderBy(auditLog.id);

  useDemoWorld({ open }, (setup) => ({ handle, world } = setup));

  it('sign out everywhere bumps only the caller’s epoch, audited', async () => {
    const before = { soc: await epochOf('soc@watchfloor.test'), noc: await epochOf('noc@watchfloor.test') };
    await signOutEverywhere(await world.as('soc@watchfloor.test'));
    expect(await epochOf('soc@watchfloor.test')).toBe(before.soc + 1);
    expect(await epochOf('noc@watchfloor.test')).toBe(before.noc);
    const soc = await world.actor('soc@watchfloor.test');
    expect((await auditsOf(`user:${soc.id}`)).map((a) => [a.type, a.actorId])).toEqual([
      ['user.signed_out_everywhere', soc.id],
    ]);
    expect(await failure(signOutEverywhere(world.system))).toEqual({ code: 'FORBIDDEN', fields: [] });
  });

  it('only admins change roles and deactivate; customers stay customers and staff stay staff', async () => {
    const noc = await world.actor('noc@watchfloor.test');
    const customer = await world.actor('customer@acme.test');
    const manager = await world.as('manager@watchfloor.test');
    const admin = await world.as('admin@watchfloor.test');
    expect(await failure(changeUserRole(manager, { userId: noc.id, role: 'admin' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await failure(deactivateUser(manager, { userId: noc.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(changeUserRole(admin, { userId: customer.id, role: 'noc_engineer' }))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['role'],
    });
    expect(await failure(changeUserRole(admin, { userId: noc.id, role: 'customer' }))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['role'],
    });
    expect(
      await failure(changeUserRole(admin, { userId: '00000000-0000-4000-8000-000000000000', role: 'admin' })),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(changeUserRole(admin, { userId: 'nope', role: 'admin' }))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['userId'],
    });
    // Through tRPC as well: a manager's call is refused before the service runs.
    const { type: _type, ...user } = await world.actor('manager@watchfloor.test');
    const session: Session = { user: { ...user, name: 'M' }, expires: '2099-01-01T00:00:00.000Z' };
    const api = createCaller({ db: handle.db, session, now: world.clock.now });
    expect(await failure(api.users.deactivate({ userId: noc.id }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a role change bumps the epoch and is audited; the same role changes nothing', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const noc = await world.actor('noc@watchfloor.test');
    const before = await epochOf(noc.email);
    expect(await changeUserRole(admin, { userId: noc.id, role: 'noc_engineer' })).toEqual({ changed: false });
    expect(await epochOf(noc.email)).toBe(before);
    expect(await changeUserRole(admin, { userId: noc.id, role: 'soc_analyst' })).toEqual({ changed: true });
    expect(await epochOf(noc.email)).toBe(before + 1);
    await changeUserRole(admin, { userId: noc.id, role: 'noc_engineer' });
    const audits = await auditsOf(`user:${noc.id}`);
    expect(audits.map((a) => [a.type, a.payload.from, a.payload.to])).toEqual([
      ['user.role_changed', 'noc_engineer', 'soc_analyst'],
      ['user.role_changed', 'soc_analyst', 'noc_engineer'],
    ]);
  });

  it('never removes the last active admin, and an admin cannot deactivate themself', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const adminId = (await world.actor('admin@watchfloor.test')).id;
    expect(await failure(changeUserRole(admin, { userId: adminId, role: 'manager' }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    expect(await failure(deactivateUser(admin, { userId: adminId }))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['userId'],
    });
    expect((await world.actor('admin@watchfloor.test')).role).toBe('admin');
  });

  it('deactivation ends sign-in and sessions, audited, once', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const globex = await world.actor('customer@globex.test');
    const before = await epochOf(globex.email);
    expect(await deactivateUser(admin, { userId: globex.id })).toEqual({ changed: true });
    expect(await deactivateUser(admin, { userId: globex.id })).toEqual({ changed: false });
    expect(await epochOf(globex.email)).toBe(before + 1);
    const signIn = await signInWithPassword(
      { db: handle.db, now: world.clock.now },
      { email: globex.email, password: 'watchfloor-demo', address: '192.0.2.200' },
    );
    expect(signIn.kind).toBe('invalid');
    expect((await auditsOf(`user:${globex.id}`)).map((a) => a.type)).toEqual(['user.deactivated']);
  });

  it('changes one’s own password under the policy and the throttle, ending every session', async () => {
    const soc = await world.as('soc@watchfloor.test');
    const change = (currentPassword: string, newPassword: string) =>
      changeOwnPassword(soc, { currentPassword, newPassword });
    expect(await failure(change('watchfloor-demo', 'short'))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['newPassword'],
    });
    expect(await failure(change('watchfloor-demo', 'Password2024!'))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['newPassword'],
    });
    expect(await failure(change('watchfloor-demo', 'soc@watchfloor.test'))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['newPassword'],
    });
    expect(await failure(change('not my password', 'a brand new passphrase'))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['currentPassword'],
    });
    const before = await epochOf('soc@watchfloor.test');
    expect(await change('watchfloor-demo', 'a brand new passphrase')).toEqual({ changed: true });
    expect(await epochOf('soc@watchfloor.test')).toBe(before + 1);
    const signIn = (password: string) =>
      signInWithPassword(
        { db: handle.db, now: world.clock.now },
        { email: 'soc@watchfloor.test', password, address: '192.0.2.201' },
      );
    expect((await signIn('watchfloor-demo')).kind).toBe('invalid');
    expect((await signIn('a brand new passphrase')).kind).toBe('ok');
    const id = (await world.actor('soc@watchfloor.test')).id;
    expect((await auditsOf(`user:${id}`)).map((a) => a.type)).toContain('user.password_changed');
    // Guessing the current password through this verb is throttled like a sign-in.
    for (let i = 0; i < 5; i++)
      expect((await failure(change(`guess ${i}`, 'another new passphrase'))).code).toBe('BAD_REQUEST');
    expect((await failure(change('a brand new passphrase', 'another new passphrase'))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });

  it('an identity provider’s role change bumps the epoch and is audited; customers never become staff', async () => {
    const ctx = { db: handle.db, now: world.clock.now };
    const before = await epochOf('noc@watchfloor.test');
    await provisionOidcUser(ctx, { email: 'noc@watchfloor.test', name: 'Nora', role: 'noc_engineer' });
    expect(await epochOf('noc@watchfloor.test')).toBe(before);
    await provisionOidcUser(ctx, { email: 'noc@watchfloor.test', name: 'Nora', role: 'soc_analyst' });
    expect(await epochOf('noc@watchfloor.test')).toBe(before + 1);
    const noc = await world.actor('noc@watchfloor.test');
    expect((await auditsOf(`user:${noc.id}`)).at(-1)).toMatchObject({
      type: 'user.role_changed',
      actorType: 'system',
      payload: { from: 'noc_engineer', to: 'soc_analyst', source: 'oidc' },
    });
    expect(
      await provisionOidcUser(ctx, { email: 'customer@acme.test', name: 'C', role: 'admin' }),
    ).toBeNull();
    expect((await world.actor('customer@acme.test')).role).toBe('customer');
  });
});

describe.each(testEngines())('seeding the first admin on $engine', ({ open }) => {
  it('refuses a WATCHFLOOR_ADMIN_PASSWORD the policy refuses, seeding nothing, and accepts a good one', async () => {
    const handle = await open();
    try {
      const now = () => new Date('2026-11-02T09:00:00.000Z');
      for (const password of ['admin123', 'Password123456', 'root@example.com', 'watchfloor-demo']) {
        await expect(
          seedIfEmpty(handle.db, { demo: false, admin: { email: 'root@example.com', password }, now }),
        ).rejects.toThrow(/^WATCHFLOOR_ADMIN_PASSWORD is refused by the password policy: /);
      }
      const [orgs] = await handle.db.select({ n: count() }).from(organisations);
      expect(orgs!.n).toBe(0);
      const admin = { email: 'root@example.com', password: 'a long admin passphrase' };
      expect(await seedIfEmpty(handle.db, { demo: false, admin, now })).toBe(true);
    } finally {
      await handle.close();
    }
  });
});
