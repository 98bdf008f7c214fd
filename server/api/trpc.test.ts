import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { users } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { useDemoWorld } from '../../test/suite';
import { RESOLVE } from '../../test/tickets';
import type { demoWorld } from '../../test/world';
import { appRouter } from './root';
import { createCallerFactory } from './trpc';

const createCaller = createCallerFactory(appRouter);

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe.each(testEngines())('tRPC procedures on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof demoWorld>>;
  const sessionOf = async (email: Parameters<typeof world.actor>[0]): Promise<Session> => {
    const actor = await world.actor(email);
    if (actor.type !== 'user') throw new Error('user expected');
    const { type: _type, ...user } = actor;
    return { user: { ...user, name: email }, expires: '2099-01-01T00:00:00.000Z' };
  };
  const callerFor = async (email: Parameters<typeof world.actor>[0] | null) =>
    createCaller({ db: handle.db, session: email ? await sessionOf(email) : null, now: world.clock.now });

  useDemoWorld({ open }, (setup) => ({ handle, world } = setup));

  it('refuses anonymous callers with UNAUTHORIZED', async () => {
    const anonymous = await callerFor(null);
    expect((await trpcError(anonymous.tickets.list({}))).code).toBe('UNAUTHORIZED');
  });

  it('answers HTTP 400 with flattened field errors and no stack trace for invalid input', async () => {
    const session = await sessionOf('noc@watchfloor.test');
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request('http://localhost/api/trpc/tickets.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          json: { title: '', organisationId: 'nope', impact: 'high', urgency: 'high' },
        }),
      }),
      router: appRouter,
      createContext: async () => ({ db: handle.db, session, now: world.clock.now }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { json: { data: { code: string; fieldErrors: Record<string, string[]>; stack?: string } } };
    };
    expect(body.error.json.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(body.error.json.data.fieldErrors).sort()).toEqual(['organisationId', 'title']);
    expect(body.error.json.data.stack ?? null).toBeNull();
  });

  it('maps service errors to their codes: NOT_FOUND, FORBIDDEN, PRECONDITION_FAILED, CONFLICT', async () => {
    const noc = await callerFor('noc@watchfloor.test');
    const soc = await callerFor('soc@watchfloor.test');
    const security = await soc.tickets.list({ kind: 'security' });
    // One the NOC never handed off (those it did, it sees as stubs).
    const incidentId = security.items.find((t) => t.source !== 'handoff')!.id;
    expect((await trpcError(noc.tickets.get({ id: incidentId }))).code).toBe('NOT_FOUND');

    const created = await noc.tickets.create({
      title: 'Router memory leak',
      organisationId: world.org('acme').id,
      impact: 'low',
      urgency: 'low',
    });
    expect((await trpcError(soc.tickets.transition({ id: created.id, event: { type: 'ACK' } }))).code).toBe(
      'FORBIDDEN',
    );
    const refused = await trpcError(noc.tickets.transition({ id: created.id, event: RESOLVE }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toBe('cannot RESOLVE while new');
    await noc.tickets.transition({ id: created.id, event: { type: 'ACK' }, version: 1 });
    const stale = await trpcError(
      noc.tickets.transition({ id: created.id, event: { type: 'INVESTIGATE' }, version: 1 }),
    );
    expect(stale.code).toBe('CONFLICT');
  });

  it('re-reads the user for writes: a deactivated account cannot act on its old session', async () => {
    const manager = await callerFor('manager@watchfloor.test');
    const managerId = (await world.actor('manager@watchfloor.test')) as { id: string };
    await handle.db.update(users).set({ active: false }).where(eq(users.id, managerId.id));
    const error = await trpcError(
      manager.tickets.create({
        title: 'Anything',
        organisationId: world.org('acme').id,
        impact: 'low',
        urgency: 'low',
      }),
    );
    expect(error.code).toBe('UNAUTHORIZED');
    await handle.db.update(users).set({ active: true }).where(eq(users.id, managerId.id));
  });

  it('re-reads the role for writes: a demoted engineer is refused at once', async () => {
    const noc = await callerFor('noc@watchfloor.test');
    const nocId = ((await world.actor('noc@watchfloor.test')) as { id: string }).id;
    await handle.db.update(users).set({ role: 'customer' }).where(eq(users.id, nocId));
    const error = await trpcError(
      noc.tickets.create({
        title: 'Anything',
        organisationId: world.org('acme').id,
        impact: 'low',
        urgency: 'low',
      }),
    );
    // The fresh role (customer of the operator organisation) may not open tickets for Acme.
    expect(error.code).toBe('FORBIDDEN');
    await handle.db.update(users).set({ role: 'noc_engineer' }).where(eq(users.id, nocId));
  });
});
