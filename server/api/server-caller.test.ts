import { TRPCError } from '@trpc/server';
import type { NextAuthOptions, Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { testEngines } from '../../test/databases';
import { postCredentials, SESSION_COOKIE, sessionFrom } from '../../test/next-auth';
import { eventsOf, incidentInput, ticketRow } from '../../test/tickets';
import { trpcHttp } from '../../test/trpc-http';
import { type DemoEmail, type DemoWorld, demoWorld } from '../../test/world';
import { formatTicketNumber } from '../../workflows/tickets/constants';
import { createAuthOptions } from '../auth/options';
import { createTicket } from '../services/tickets/create';
import { signOutEverywhere } from '../services/users/sign-out-everywhere';
import { type PerRequest, serverAccess } from './server-caller';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const PASSWORD = 'watchfloor-demo';

/** What React's cache() does within one server render: the first call runs, later ones share its result. */
const oncePerRequest: PerRequest = <T>(fn: () => T) => {
  let result: { value: T } | undefined;
  return () => {
    result ??= { value: fn() };
    return result.value;
  };
};

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}
const codeOf = async (promise: Promise<unknown>) => {
  const error = await errorOf(promise);
  return error instanceof TRPCError ? error.code : String(error);
};

describe.each(testEngines())('the server caller on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  let options: NextAuthOptions;
  let address = 0;
  let incident: { id: string; number: string };

  async function signIn(email: DemoEmail): Promise<Record<string, string>> {
    const response = await postCredentials(
      options,
      { email, password: PASSWORD },
      { 'x-forwarded-for': `198.51.100.${++address}` },
    );
    expect(response.status).toBe(200);
    return { [SESSION_COOKIE]: response.cookies[SESSION_COOKIE]! };
  }

  /** One request of a signed-in browser: the real next-auth session read, counted. */
  function request(cookies: Record<string, string>) {
    const counts = { sessions: 0, databases: 0 };
    const access = serverAccess(
      {
        session: () => {
          counts.sessions++;
          return sessionFrom(options, cookies) as Promise<Session | null>;
        },
        database: async () => {
          counts.databases++;
          return handle.db;
        },
        now: world.clock.now,
      },
      oncePerRequest,
    );
    return { access, counts };
  }

  /** What the console layout, the ticket page and its SOC workspace ask for, in their order. */
  async function renderTicketPage(access: ReturnType<typeof serverAccess>, number: string) {
    await access.requireSession(); // (console)/layout.tsx
    await access.requireSession(); // tickets/[number]/page.tsx
    const api = await access.serverCaller();
    const ticket = await api.tickets.get({ number });
    const [timeline, allowed] = await Promise.all([
      api.tickets.timeline({ id: ticket.id }),
      api.tickets.allowedActions({ id: ticket.id }),
    ]);
    const workspace = await (await access.serverCaller()).security.workspace({ id: ticket.id }); // its component
    return { ticket, timeline, allowed, workspace };
  }

  const viewsOf = async (id: string) =>
    (await eventsOf(handle.db, id)).filter((e) => e.type === 'ticket.viewed');

  beforeAll(async () => {
    handle = await open();
    world = await demoWorld(handle.db);
    options = createAuthOptions({ database: async () => handle.db, now: world.clock.now, secret: SECRET });
    const { id } = await createTicket(await world.as('soc@watchfloor.test'), incidentInput(world));
    const row = await ticketRow(handle.db, id);
    incident = { id, number: formatTicketNumber(row.kind, row.number) };
  });
  afterAll(() => handle.close());

  it('builds one context per request: the layout, the page and its components share one session read', async () => {
    const cookies = await signIn('soc@watchfloor.test');
    const first = request(cookies);
    const page = await renderTicketPage(first.access, incident.number);
    expect(page.ticket.id).toBe(incident.id);
    expect(first.counts).toEqual({ sessions: 1, databases: 1 });
    // The next request reads the session afresh.
    const second = request(cookies);
    await renderTicketPage(second.access, incident.number);
    expect(second.counts).toEqual({ sessions: 1, databases: 1 });
  });

  it('a page view of a security incident writes exactly one ticket.viewed event', async () => {
    const cookies = await signIn('manager@watchfloor.test');
    const before = (await viewsOf(incident.id)).length;
    const page = await renderTicketPage(request(cookies).access, incident.number);
    const views = (await viewsOf(incident.id)).slice(before);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      actorLabel: 'manager@watchfloor.test',
      payload: { what: 'ticket', projection: 'full' },
    });
    // The workspace's access log, read in the same view, shows that one record.
    expect(page.workspace.accessLog.groups[0]).toMatchObject({ reader: 'Morgan Manager', what: ['ticket'] });
    expect(page.timeline.some((e) => e.type === 'ticket.viewed')).toBe(false);
    expect(page.allowed.version).toBe(page.ticket.version);
    // Each view is recorded: a second one writes a second record.
    await renderTicketPage(request(cookies).access, incident.number);
    expect((await viewsOf(incident.id)).length).toBe(before + 2);
  });

  it('keeps need-to-know within a view: every read of a hidden incident is NOT_FOUND, none recorded', async () => {
    const events = await eventsOf(handle.db, incident.id);
    for (const email of ['noc@watchfloor.test', 'customer@acme.test'] as const) {
      const { access } = request(await signIn(email));
      const api = await access.serverCaller();
      expect(await codeOf(api.tickets.get({ number: incident.number }))).toBe('NOT_FOUND');
      expect(await codeOf(api.tickets.timeline({ id: incident.id }))).toBe('NOT_FOUND');
      expect(await codeOf(api.tickets.allowedActions({ id: incident.id }))).toBe('NOT_FOUND');
      expect(await codeOf(api.security.workspace({ id: incident.id }))).toBe('NOT_FOUND');
    }
    expect(await eventsOf(handle.db, incident.id)).toEqual(events);
  });

  it('signs a revoked session out on the next request', async () => {
    const cookies = await signIn('soc@watchfloor.test');
    expect((await request(cookies).access.requireSession()).user.email).toBe('soc@watchfloor.test');
    await signOutEverywhere(await world.as('soc@watchfloor.test'));
    const { access } = request(cookies);
    const redirected = (await errorOf(access.requireSession())) as { digest?: string } | null;
    expect(redirected?.digest).toMatch(/^NEXT_REDIRECT;.*\/signin/);
    expect(await codeOf((await access.serverCaller()).tickets.list({}))).toBe('UNAUTHORIZED');
  });

  it('over HTTP each call checks visibility and records its own read', async () => {
    const http = trpcHttp(handle.db, world);
    const before = (await viewsOf(incident.id)).length;
    expect((await http.call('soc', 'tickets.get', { id: incident.id })).status).toBe(200);
    expect((await http.call('soc', 'tickets.timeline', { id: incident.id })).status).toBe(200);
    expect((await http.call('noc', 'tickets.timeline', { id: incident.id })).status).toBe(404);
    expect((await viewsOf(incident.id)).length).toBe(before + 2);
  });
});
