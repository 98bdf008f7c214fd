import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { NextAuthOptions, Session } from 'next-auth';
import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { users } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { postCredentials, SESSION_COOKIE, sessionFrom } from '../../test/next-auth';
import { useDemoWorld } from '../../test/suite';
import type { DemoEmail, DemoWorld } from '../../test/world';
import { createCaller } from '../api/root';
import { changeUserRole } from '../services/users/change-role';
import { deactivateUser } from '../services/users/deactivate';
import { signOutEverywhere } from '../services/users/sign-out-everywhere';
import { createAuthOptions } from './options';
import { withRetryAfter } from './retry-response';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const PASSWORD = 'watchfloor-demo';

describe.each(testEngines())('sign-in and sessions through next-auth on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  let options: NextAuthOptions;
  let address = 0;
  /** Each sign-in from an address of its own, so that the per-address limit is not what a test measures. */
  const from = () => ({ 'x-forwarded-for': `192.0.2.${++address}` });

  async function signIn(email: DemoEmail): Promise<Record<string, string>> {
    const response = await postCredentials(options, { email, password: PASSWORD }, from());
    expect(response.status).toBe(200);
    const token = response.cookies[SESSION_COOKIE];
    expect(token).toBeTruthy();
    return { [SESSION_COOKIE]: token! };
  }
  const session = (cookies: Record<string, string>) =>
    sessionFrom(options, cookies) as Promise<Session | null>;
  const api = async (cookies: Record<string, string>) =>
    createCaller({ db: handle.db, session: await session(cookies), now: world.clock.now });
  async function code(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    return error instanceof TRPCError ? error.code : String(error);
  }

  useDemoWorld({ open }, (setup) => {
    ({ handle, world } = setup);
    options = createAuthOptions({ database: async () => handle.db, now: world.clock.now, secret: SECRET });
  });

  it('signs in with the session epoch in the token, and re-reads claims on every request', async () => {
    const cookies = await signIn('noc@watchfloor.test');
    const noc = await world.actor('noc@watchfloor.test');
    expect((await session(cookies))?.user).toEqual({
      id: noc.id,
      email: 'noc@watchfloor.test',
      name: expect.any(String),
      role: 'noc_engineer',
      organisationId: noc.organisationId,
    });
    // A change the token cannot know about (no epoch bump): the next read sees the database, not the token.
    await handle.db.update(users).set({ name: 'Nora Renamed' }).where(eq(users.id, noc.id));
    expect((await session(cookies))?.user?.name).toBe('Nora Renamed');
    expect((await (await api(cookies)).tickets.list({})).items.length).toBeGreaterThan(0);
  });

  it('records the time of each successful sign-in, and not of a failed one or of a later request', async () => {
    const lastSignIn = async () =>
      (
        await handle.db
          .select({ at: users.lastSignInAt })
          .from(users)
          .where(eq(users.email, 'soc@watchfloor.test'))
      )[0]!.at;
    expect(await lastSignIn()).toBeNull();
    const refused = await postCredentials(
      options,
      { email: 'soc@watchfloor.test', password: 'wrong-password' },
      from(),
    );
    expect(refused.status).toBe(401);
    expect(await lastSignIn()).toBeNull();
    const signedInAt = world.clock.now();
    const cookies = await signIn('soc@watchfloor.test');
    expect(await lastSignIn()).toEqual(signedInAt);
    world.clock.advance(60_000);
    await session(cookies);
    expect(await lastSignIn()).toEqual(signedInAt);
  });

  it('sign out everywhere revokes every earlier session: pages see no user, tRPC answers UNAUTHORIZED', async () => {
    const first = await signIn('soc@watchfloor.test');
    const second = await signIn('soc@watchfloor.test');
    await signOutEverywhere(await world.as('soc@watchfloor.test'));
    for (const cookies of [first, second]) {
      const revoked = await session(cookies);
      expect(revoked?.user).toBeUndefined();
      expect(await code((await api(cookies)).tickets.list({}))).toBe('UNAUTHORIZED');
    }
    // A new sign-in gets the new epoch and works.
    expect((await session(await signIn('soc@watchfloor.test')))?.user?.email).toBe('soc@watchfloor.test');
  });

  it('the tRPC mutation signs out everywhere, this session included', async () => {
    const cookies = await signIn('customer@acme.test');
    expect(await (await api(cookies)).users.signOutEverywhere()).toEqual({ revoked: true });
    expect(await code((await api(cookies)).tickets.list({}))).toBe('UNAUTHORIZED');
  });

  it('deactivation and role changes revoke the user’s sessions', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const manager = await world.actor('manager@watchfloor.test');
    const managerSession = await signIn('manager@watchfloor.test');
    await changeUserRole(admin, { userId: manager.id, role: 'noc_engineer' });
    expect((await session(managerSession))?.user).toBeUndefined();
    const asNoc = await signIn('manager@watchfloor.test');
    expect((await session(asNoc))?.user?.role).toBe('noc_engineer');
    await deactivateUser(admin, { userId: manager.id });
    expect((await session(asNoc))?.user).toBeUndefined();
    expect(await code((await api(asNoc)).tickets.list({}))).toBe('UNAUTHORIZED');
    // And the deactivated account cannot sign in again.
    const refused = await postCredentials(
      options,
      { email: 'manager@watchfloor.test', password: PASSWORD },
      from(),
    );
    expect(refused.status).toBe(401);
  });

  it('treats a token issued before session epochs existed as signed out', async () => {
    const noc = await world.actor('noc@watchfloor.test');
    const legacy = await encode({
      secret: SECRET,
      token: { uid: noc.id, role: 'noc_engineer', organisationId: noc.organisationId, email: noc.email },
    });
    expect((await session({ [SESSION_COOKIE]: legacy }))?.user).toBeUndefined();
    // The same claims with the current epoch are a valid session: only the epoch made the difference.
    const [row] = await handle.db
      .select({ epoch: users.sessionEpoch })
      .from(users)
      .where(eq(users.id, noc.id));
    const current = await encode({
      secret: SECRET,
      token: { uid: noc.id, role: 'noc_engineer', organisationId: noc.organisationId, epoch: row!.epoch },
    });
    expect((await session({ [SESSION_COOKIE]: current }))?.user?.id).toBe(noc.id);
  });

  it('a throttled credentials sign-in carries its wait to the client, and the auth route answers it with 429', async () => {
    const headers = from();
    const wrong = { email: 'nobody@example.test', password: 'not the password' };
    for (let i = 0; i < 5; i++) expect((await postCredentials(options, wrong, headers)).status).toBe(401);
    const throttled = await postCredentials(options, wrong, headers);
    expect(throttled.status).toBe(401);
    const url = new URL((throttled.body as { url: string }).url);
    expect(url.searchParams.get('error')).toBe('TooManyAttempts:60');
    // What the App Router entry of next-auth returns for this (JSON flow: the redirect as a body).
    const response = await withRetryAfter(Response.json(throttled.body, { status: throttled.status }));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(await response.json()).toEqual(throttled.body);
    // A plain wrong password stays a 401.
    const plain = await postCredentials(options, { email: 'someone@example.test', password: 'x' }, from());
    expect((await withRetryAfter(Response.json(plain.body, { status: plain.status }))).status).toBe(401);
  });
});
