import { randomUUID } from 'node:crypto';
import { and, eq, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Session } from 'next-auth';
import pg from 'pg';
import superjson from 'superjson';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Database, DatabaseHandle } from '../../db/client';
import { slaClocks, users } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { handoffRequest } from '../../test/handoffs';
import { useDemoWorld } from '../../test/suite';
import { incidentInput, outageInput, tryRolledBack } from '../../test/tickets';
import type { DemoEmail, DemoWorld } from '../../test/world';
import { handleTrpcRequest, SSE_CACHE_CONTROL } from '../api/http';
import { acceptHandoff } from '../services/handoffs/accept';
import { requestHandoff } from '../services/handoffs/request';
import { audienceJudge } from '../services/notifications/internal/live-audience';
import { sweepDueClocks } from '../services/sla/sweep-clocks';
import { commentOnTicket } from '../services/tickets/comment';
import { createTicket } from '../services/tickets/create';
import { signOutEverywhere } from '../services/users/sign-out-everywhere';
import type { LiveBatch } from './events';
import { closeLiveHub, liveHubFor } from './process-hub';
import { liveTicketChanges } from './ticket-changes';

// The live path end to end on a real database: services NOTIFY inside their transactions, the process's
// one LISTEN hears them on commit, the hub judges each burst for every subscriber in one query, and the
// subscription (the service, and over HTTP through the route handler's own configuration) delivers.

/** Bounds on waits for the database's own I/O (never sleeps): a missing event fails instead of hanging. */
const WAIT = { timeout: 10_000, interval: 10 };

async function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each(testEngines())('live ticket changes on $engine', ({ engine, open }) => {
  let handle: DatabaseHandle;
  let db: Database;
  let world: DemoWorld;

  useDemoWorld({ open, sla: true }, (setup) => ({ handle, db, world } = setup));
  // Before the database closes (hooks after run in reverse): the hub's LISTEN goes first.
  afterAll(() => closeLiveHub(db));

  /** `who` subscribed through the service, with everything heard kept in order. */
  async function subscribe(who: DemoEmail, lastEventId?: string) {
    const controller = new AbortController();
    const stream = liveTicketChanges(await world.as(who), { lastEventId }, controller.signal);
    const heard: LiveBatch[] = [];
    let failure: unknown;
    let ended = false;
    const reading = (async () => {
      try {
        for await (const batch of stream) heard.push(batch);
      } catch (error) {
        failure = error;
      } finally {
        ended = true;
      }
    })();
    const hub = liveHubFor(db);
    const before = hub.size;
    await vi.waitFor(() => expect(hub.size).toBeGreaterThan(before), WAIT);
    return {
      heard,
      /** Every ticket number heard so far. */
      numbers: () =>
        heard.flatMap((b) => (b.event.type === 'changed' ? b.event.tickets.map((t) => t.number) : [])),
      /** Waits until a ticket with this number was heard of. */
      async hears(number: string) {
        await vi.waitFor(() => expect(this.numbers()).toContain(number), WAIT);
      },
      async ended() {
        await within(reading, 'the stream ending');
        expect(ended).toBe(true);
        return failure;
      },
      async hangUp() {
        controller.abort();
        await within(reading, 'the stream ending on hang-up');
      },
    };
  }

  it('the audience of a burst, per role: full readers only, active accounts only, one query', async () => {
    const outage = await createTicket(await world.as('noc@watchfloor.test'), outageInput(world));
    const incident = await createTicket(await world.as('soc@watchfloor.test'), incidentInput(world));
    const emails: DemoEmail[] = [
      'admin@watchfloor.test',
      'manager@watchfloor.test',
      'noc@watchfloor.test',
      'soc@watchfloor.test',
      'customer@acme.test',
      'customer@globex.test',
    ];
    const ids = await Promise.all(emails.map(async (email) => (await world.actor(email)).id));
    const globex = ids[5]!;
    await db.update(users).set({ active: false }).where(eq(users.id, globex));
    try {
      const audience = await audienceJudge(db)([outage.id, incident.id, randomUUID()], ids);
      const sees = Object.fromEntries(
        emails.map((email, i) => [email, [...(audience.viewers.get(ids[i]!)?.visible ?? [])].sort()]),
      );
      const both = [outage.id, incident.id].sort();
      expect(sees).toEqual({
        'admin@watchfloor.test': both,
        'manager@watchfloor.test': both,
        'noc@watchfloor.test': [outage.id],
        'soc@watchfloor.test': both,
        // A customer's own outage shows its public projection only: no internal change is theirs to hear of.
        'customer@acme.test': [],
        'customer@globex.test': [],
      });
      expect(audience.viewers.has(globex)).toBe(false); // deactivated: its stream ends
      expect([...audience.tickets.keys()].sort()).toEqual(both); // the unknown id is simply absent
    } finally {
      await db.update(users).set({ active: true }).where(eq(users.id, globex));
    }
  });

  it('a committed change reaches a subscriber; a rolled-back one does not', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const existing = await createTicket(noc, outageInput(world, { title: 'Core switch fan failure' }));
    const listener = await subscribe('noc@watchfloor.test');

    // Rolled back: its NOTIFY goes with it (on a ticket the NOC may read, so a leak would be delivered).
    const rolledBack = await tryRolledBack(db, async (tx) =>
      commentOnTicket({ ...noc, db: tx }, { id: existing.id, body: 'Never happened' }),
    );
    expect(rolledBack.ok).toBe(true);
    // Committed, after it: NOTIFYs arrive in commit order, so by the time this is heard, that would have been.
    const marker = await createTicket(noc, outageInput(world, { title: 'Marker' }));
    await listener.hears(marker.number);
    expect(listener.numbers()).not.toContain(existing.number);

    await commentOnTicket(noc, { id: existing.id, body: 'Fan replaced' });
    await listener.hears(existing.number);
    const heard = listener.heard.at(-1)!;
    expect(heard.event).toEqual({
      type: 'changed',
      tickets: [{ id: existing.id, number: existing.number, kind: 'outage' }],
    });
    await listener.hangUp();
  });

  it('a NOC engineer is not told of a restricted security incident; a SOC analyst is', async () => {
    const noc = await subscribe('noc@watchfloor.test');
    const soc = await subscribe('soc@watchfloor.test');
    const title = 'Exfiltration over DNS from the finance VLAN';
    const incident = await createTicket(
      await world.as('soc@watchfloor.test'),
      incidentInput(world, { title }),
    );
    const marker = await createTicket(await world.as('noc@watchfloor.test'), outageInput(world));

    await soc.hears(incident.number);
    await soc.hears(marker.number);
    await noc.hears(marker.number);
    // Neither its number nor its id (nor its title) reached the NOC in any event.
    const nocWire = JSON.stringify(noc.heard);
    for (const secret of [incident.number, incident.id, title]) expect(nocWire).not.toContain(secret);
    await noc.hangUp();
    await soc.hangUp();
  });

  it('the NOC follows its outage through the handoff, but not the incident it sees only a stub of', async () => {
    const nocCtx = await world.as('noc@watchfloor.test');
    const socCtx = await world.as('soc@watchfloor.test');
    const outage = await createTicket(nocCtx, outageInput(world, { title: 'Edge flaps, SSH bursts' }));
    const { handoffId } = await requestHandoff(nocCtx, handoffRequest(outage.id, world.clock.now()));
    const noc = await subscribe('noc@watchfloor.test');
    // The SOC accepts: the outage itself changes (its page stops saying "Handoff requested").
    const { incidentId } = await acceptHandoff(socCtx, { handoffId, into: 'new' });
    await noc.hears(outage.number);
    // The incident changes; the NOC's stub hides when, so no event says it.
    await commentOnTicket(socCtx, { id: incidentId, body: 'Pulling netflow for the window' });
    const marker = await createTicket(nocCtx, outageInput(world));
    await noc.hears(marker.number);
    expect(JSON.stringify(noc.heard)).not.toContain(incidentId);
    await noc.hangUp();
  });

  it('an SLA sweep that only moves a due time still tells live views', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const outage = await createTicket(noc, outageInput(world, { title: 'Calendar edited under it' }));
    // What saveCalendar does to running clocks: due for a look now; the sweep recomputes, firing nothing.
    await db
      .update(slaClocks)
      .set({ nextCheckAt: world.clock.now() })
      .where(and(eq(slaClocks.ticketId, outage.id), eq(slaClocks.state, 'running')));
    const listener = await subscribe('noc@watchfloor.test');
    const swept = await sweepDueClocks(db, world.clock.now());
    expect(swept).toMatchObject({ fired: 0 });
    expect(swept.tickets).toBeGreaterThan(0);
    await listener.hears(outage.number);
    await listener.hangUp();
  });

  it('over HTTP: an unbuffered event stream with resumable ids, forgotten when the browser goes away', async () => {
    const hub = liveHubFor(db);
    const idle = hub.size;
    const stream = await openStream(db, world, 'noc@watchfloor.test');
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    expect(stream.response.headers.get('cache-control')).toBe(SSE_CACHE_CONTROL);
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
    expect((await stream.next()).event).toBe('connected');
    await vi.waitFor(() => expect(hub.size).toBe(idle + 1), WAIT);

    const outage = await createTicket(await world.as('noc@watchfloor.test'), outageInput(world));
    const message = await stream.next();
    expect(message.id).toMatch(/^[0-9a-f]+\.\d+$/);
    expect(superjson.deserialize(JSON.parse(message.data!))).toEqual({
      type: 'changed',
      tickets: [{ id: outage.id, number: outage.number, kind: 'outage' }],
    });

    // The browser goes away: its subscription goes with it.
    await stream.hangUp();
    await vi.waitFor(() => expect(hub.size).toBe(idle), WAIT);

    // It comes back with Last-Event-ID and gets what it missed meanwhile.
    const missed = await createTicket(await world.as('noc@watchfloor.test'), outageInput(world));
    const back = await openStream(db, world, 'noc@watchfloor.test', { 'last-event-id': message.id! });
    expect((await back.next()).event).toBe('connected');
    const replayed = await back.next();
    expect(superjson.deserialize(JSON.parse(replayed.data!))).toMatchObject({
      tickets: [{ number: missed.number }],
    });
    await back.hangUp();
  });

  it('over HTTP: a customer is refused, and so is a caller without a session', async () => {
    for (const [who, code] of [
      ['customer@acme.test', 'FORBIDDEN'],
      [null, 'UNAUTHORIZED'],
    ] as const) {
      const stream = await openStream(db, world, who);
      expect((await stream.next()).event).toBe('connected');
      const refusal = await stream.next();
      expect(refusal.event).toBe('serialized-error');
      expect(JSON.parse(refusal.data!).json.data.code).toBe(code);
      await stream.hangUp();
    }
  });

  it('a session signed out everywhere stops hearing at the next check', async () => {
    const listener = await subscribe('manager@watchfloor.test');
    await signOutEverywhere(await world.as('manager@watchfloor.test'));
    await liveHubFor(db).checkSessions();
    expect(await listener.ended()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  // PostgreSQL only: the hub LISTENs on a connection of its own, which the server may drop at any time.
  // (Defined for PostgreSQL only rather than skipped elsewhere: PGlite has no connection to lose.)
  if (engine === 'postgres')
    it('survives losing its LISTEN connection: streams end as unavailable, then resume with a reload', async () => {
      const admin = new pg.Client({ connectionString: handle.pool!.options.connectionString });
      await admin.connect();
      const listeners = async () =>
        (
          await admin.query<{ pid: number }>(
            `select pid from pg_stat_activity
              where datname = current_database() and application_name = 'watchfloor-live'`,
          )
        ).rows.map((r) => r.pid);
      try {
        const noc = await world.as('noc@watchfloor.test');
        const first = await subscribe('noc@watchfloor.test');
        const seen = await createTicket(noc, outageInput(world));
        await first.hears(seen.number);
        const [before] = await listeners();
        expect(before).toBeDefined();
        await admin.query('select pg_terminate_backend($1)', [before]);
        expect(await first.ended()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
        // Listening again on a fresh connection (one: never one per subscriber).
        await vi.waitFor(async () => {
          expect(liveHubFor(db).listening).toBe(true);
          const now = await listeners();
          expect(now).toHaveLength(1);
          expect(now[0]).not.toBe(before);
        }, WAIT);
        // The browser resumes from its last event: changes may have gone unheard, so it reloads.
        const again = await subscribe('noc@watchfloor.test', first.heard.at(-1)!.id);
        await vi.waitFor(() => expect(again.heard[0]?.event).toEqual({ type: 'resync' }), WAIT);
        const after = await createTicket(noc, outageInput(world));
        await again.hears(after.number);
        await again.hangUp();
      } finally {
        await admin.end();
      }
    });

  it('every subscription shares the one audience query per burst', async () => {
    const judged: string[] = [];
    const spy = vi.spyOn(db, 'execute');
    const listeners = await Promise.all(
      (['noc@watchfloor.test', 'soc@watchfloor.test', 'admin@watchfloor.test'] as const).map((who) =>
        subscribe(who),
      ),
    );
    spy.mockClear();
    const outage = await createTicket(await world.as('noc@watchfloor.test'), outageInput(world));
    for (const listener of listeners) await listener.hears(outage.number);
    const dialect = new PgDialect();
    for (const [query] of spy.mock.calls) {
      const text = dialect.sqlToQuery(query as SQL).sql;
      if (text.includes('session_epoch')) judged.push(text);
    }
    spy.mockRestore();
    expect(judged).toHaveLength(1);
    for (const listener of listeners) await listener.hangUp();
  });
});

/** A GET of the subscription as the browser's EventSource sends it, read event by event. */
async function openStream(
  db: Database,
  world: DemoWorld,
  who: DemoEmail | null,
  headers: Record<string, string> = {},
) {
  let session: Session | null = null;
  if (who) {
    const { type: _type, ...user } = await world.actor(who);
    session = { user: { ...user, name: who }, expires: '2099-01-01T00:00:00.000Z' };
  }
  const response = await handleTrpcRequest(
    new Request('http://localhost/api/trpc/live.ticketChanges', { headers }),
    async () => ({ db, session, now: world.clock.now }),
  );
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    response,
    /** The next event that is not a ping: its fields (`event`, `data`, `id`). */
    async next(): Promise<Record<string, string | undefined>> {
      while (true) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end).trim();
          buffer = buffer.slice(end + 2);
          if (!block) continue;
          const fields = Object.fromEntries(
            block
              .split('\n')
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          );
          if (fields.event !== 'ping') return fields;
          continue;
        }
        const { value, done } = await within(reader.read(), 'the next server-sent event');
        if (done) throw new Error('the event stream ended');
        buffer += value;
      }
    },
    hangUp: () => reader.cancel(),
  };
}
