import { createTRPCClient } from '@trpc/client';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { handoffs, slaClocks, slaPolicies, tickets } from '../../db/schema';
import { MAX_BATCH_SIZE } from '../../lib/trpc/limits';
import { apiLink } from '../../lib/trpc/link';
import { testEngines } from '../../test/databases';
import { EVIDENCE_SHA, handoffRequest } from '../../test/handoffs';
import { useDemoWorld } from '../../test/suite';
import { errorOf, expectCleanAnswer, type HttpAnswer, trpcHttp, type Who } from '../../test/trpc-http';
import type { DemoEmail, DemoWorld } from '../../test/world';
import { handleTrpcRequest } from './http';
import { type AppRouter, appRouter } from './root';

// Issue #10, "Never a 500 for input": each reported case, over HTTP through the route handler's own
// configuration, as regression tests next to the fuzz (fuzz.test.ts).

const year = (y: number) => {
  const d = new Date(Date.UTC(2026, 0, 1));
  d.setUTCFullYear(y);
  return d;
};

describe.each(testEngines())('never a 500 for input, on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  let http: ReturnType<typeof trpcHttp>;

  useDemoWorld({ open, sla: true }, (setup) => {
    ({ handle, world } = setup);
    http = trpcHttp(handle.db, world);
  });
  afterEach(() => vi.restoreAllMocks());

  /** Calls, checks the answer keeps every rule of the fuzz, and returns it. */
  async function call(who: Who, path: string, input?: unknown): Promise<HttpAnswer> {
    const answer = await http.call(who, path, input);
    expectCleanAnswer(path, who, input, answer);
    return answer;
  }
  async function fieldErrors(who: Who, path: string, input: unknown) {
    const answer = await call(who, path, input);
    expect(answer.status, answer.text.slice(0, 500)).toBe(400);
    return errorOf(answer)!.data.fieldErrors ?? {};
  }
  const sessionOf = async (email: DemoEmail) => ({
    user: { ...(await world.actor(email)), name: email },
    expires: '2099-01-01T00:00:00.000Z',
  });
  const acmePolicy = async () =>
    (await handle.db.select().from(slaPolicies).where(eq(slaPolicies.name, 'Acme standard')))[0]!;

  describe('unexpected errors', () => {
    // A real failure the input cannot cause: a table gone. Its error message holds SQL and parameters.
    async function withTableGone<T>(run: () => Promise<T>): Promise<T> {
      await handle.db.execute(sql`alter table notifications rename to notifications_gone`);
      try {
        return await run();
      } finally {
        await handle.db.execute(sql`alter table notifications_gone rename to notifications`);
      }
    }

    it('answer a generic message and a request id; the detail is logged under that id only', async () => {
      const logged = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const answer = await withTableGone(() => http.call('noc', 'notifications.list', {}));
      expect(answer.status).toBe(500);
      const error = errorOf(answer)!;
      const requestId = answer.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(error.message).toBe(`Something went wrong; reference ${requestId}`);
      expect(error.data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId, fieldErrors: null });
      expect(answer.text).not.toMatch(/"notifications"|select |\$1|relation|does not exist/i);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      // The server log has what the caller does not: the failed query, under the same reference.
      const line = logged.mock.calls.map((args) => args.map(String).join(' ')).join('\n');
      expect(line).toContain(requestId);
      expect(line).toMatch(/notifications/);
    });

    it('stay generic even outside the route handler (the error formatter itself hides the message)', async () => {
      const logged = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const session = {
        user: { ...(await world.actor('noc@watchfloor.test')), name: 'noc' },
        expires: '2099',
      };
      const response = await withTableGone(() =>
        fetchRequestHandler({
          endpoint: '/api/trpc',
          req: new Request('http://localhost/api/trpc/notifications.list?input=%7B%22json%22%3A%7B%7D%7D'),
          router: appRouter,
          createContext: async () => ({ db: handle.db, session, now: world.clock.now }),
        }),
      );
      const body = (await response.json()) as {
        error: { json: { message: string; data: { requestId: string } } };
      };
      expect(response.status).toBe(500);
      const { requestId } = body.error.json.data;
      expect(body.error.json.message).toBe(`Something went wrong; reference ${requestId}`);
      expect(logged.mock.calls.flat().map(String).join(' ')).toContain(requestId);
    });
  });

  it('a database refusal of input that slipped past validation answers 400, logged as a gap', async () => {
    // A rule only the database knows (as a new CHECK would be before its schema catches up).
    await handle.db.execute(
      sql`alter table tickets add constraint title_not_forbidden check (title <> 'Forbidden by the database') not valid`,
    );
    const warned = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const answer = await call('noc', 'tickets.create', {
        title: 'Forbidden by the database',
        organisationId: world.org('acme').id,
        impact: 'low',
        urgency: 'low',
      });
      expect(answer.status).toBe(400);
      expect(errorOf(answer)!.message).toBe('A value breaks a rule of the data');
      expect(warned.mock.calls.flat().map(String).join(' ')).toContain(answer.headers.get('x-request-id')!);
    } finally {
      await handle.db.execute(sql`alter table tickets drop constraint title_not_forbidden`);
    }
  });

  it('every answer says Cache-Control: no-store and carries its request id', async () => {
    const ok = await call('noc', 'tickets.list', {});
    expect(ok.status).toBe(200);
    const denied = await call('anonymous', 'tickets.list', {});
    expect(denied.status).toBe(401);
    const ids = [ok, denied].map((a) => a.headers.get('x-request-id'));
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(2);
    expect(errorOf(denied)!.data.requestId).toBe(ids[1]);
  });

  it('malformed requests answer 4xx too: bad JSON, prototype-polluting superjson, unknown paths, wrong methods', async () => {
    const post = (path: string, body: string) =>
      new Request(`http://localhost/api/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const requests = [
      post('tickets.create', '{"json": {'),
      post('tickets.create', '{"json":{"title":"x"},"meta":{"values":{"__proto__.polluted":["Date"]}}}'),
      post('tickets.create', '{"json":{"a":{}},"meta":{"values":{"a.constructor.prototype":["set"]}}}'),
      post('tickets.create', '"just a string"'),
      post('tickets.create?batch=1', '[1,2,3]'),
      post('tickets.nope', '{}'),
      new Request('http://localhost/api/trpc/tickets.list?input=%7Bnot-json'),
      new Request('http://localhost/api/trpc/tickets.create?input=%7B%7D'),
      post('tickets.list', '{}'),
    ];
    for (const request of requests) {
      const label = `${request.method} ${request.url}`;
      const answer = await http.send('noc', request);
      expectCleanAnswer(label, 'noc', null, answer);
      expect(answer.status, label).toBeGreaterThanOrEqual(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('ticket numbers beyond int4 name no ticket', () => {
    it('tickets.get: 400, not the SQL of a failed query', async () => {
      for (const number of ['SEC-2147483648', 'OUT-9999999999', 'sec-4294967296']) {
        expect(await fieldErrors('admin', 'tickets.get', { number })).toEqual({
          number: ['No ticket has this number'],
        });
      }
      // The largest number a ticket can have is a plain NOT_FOUND.
      expect((await call('admin', 'tickets.get', { number: 'SEC-2147483647' })).status).toBe(404);
    });

    it('tickets.link and handoffs.accept into an existing incident: 400 too', async () => {
      const [outage] = await handle.db.select().from(tickets).where(eq(tickets.kind, 'outage')).limit(1);
      const errors = await fieldErrors('admin', 'tickets.link', {
        id: outage!.id,
        target: { number: 'SEC-2147483648' },
        type: 'relates_to',
      });
      expect(errors).toEqual({ 'target.number': ['No ticket has this number'] });
      const [pending] = await handle.db.select().from(handoffs).where(eq(handoffs.status, 'requested'));
      const answer = await call('soc', 'handoffs.accept', {
        handoffId: pending!.id,
        into: 'existing',
        incident: { number: 'SEC-9999999999' },
      });
      expect(answer.status).toBe(400);
    });
  });

  describe('dates outside 1970–2199', () => {
    it('sla.metrics years 275000 (and 1969) → 400 on the field', async () => {
      const now = world.clock.now();
      expect(await fieldErrors('admin', 'sla.metrics', { from: now, to: year(275_000) })).toEqual({
        to: ['Choose a date between 1970 and 2199'],
      });
      expect(await fieldErrors('admin', 'sla.metrics', { from: '1969-12-31T00:00:00Z', to: now })).toEqual({
        from: ['Choose a date between 1970 and 2199'],
      });
    });

    it('security.addEvidence collectedAt year 0 or -200000, security.addTask dueAt → 400', async () => {
      const [incident] = await handle.db.select().from(tickets).where(eq(tickets.kind, 'security')).limit(1);
      const evidence = {
        id: incident!.id,
        name: 'memory image',
        sha256: EVIDENCE_SHA,
        sizeBytes: 1024,
        collectedBy: 'Sam SOC',
        location: 'vault://img',
      };
      for (const collectedAt of [year(0), year(-200_000), '0000-01-01T00:00:00.000Z', '+275760-01-01']) {
        const errors = await fieldErrors('soc', 'security.addEvidence', { ...evidence, collectedAt });
        expect(errors, String(collectedAt)).toEqual({ collectedAt: [expect.any(String)] });
      }
      for (const dueAt of [year(275_000), year(-200_000), year(2200)]) {
        expect(
          await fieldErrors('soc', 'security.addTask', { id: incident!.id, title: 'Rotate keys', dueAt }),
        ).toEqual({
          dueAt: ['Choose a date between 1970 and 2199'],
        });
      }
      // The edges of the window are accepted.
      const ok = await call('soc', 'security.addTask', {
        id: incident!.id,
        title: 'Rotate keys',
        dueAt: year(2199),
      });
      expect(ok.status).toBe(200);
    });

    it('handoffs.request symptomStartAt and a crafted tickets.list cursor → 400', async () => {
      const [outage] = await handle.db.select().from(tickets).where(eq(tickets.kind, 'outage')).limit(1);
      const request = handoffRequest(outage!.id, world.clock.now(), { symptomStartAt: year(-200_000) });
      expect(await fieldErrors('noc', 'handoffs.request', request)).toEqual({
        symptomStartAt: ['Choose a date between 1970 and 2199'],
      });
      const cursor = (iso: string, id: string) => Buffer.from(`${iso}|${id}`).toString('base64url');
      for (const bad of [
        cursor('-200000-01-01T00:00:00.000Z', outage!.id),
        cursor(new Date().toISOString(), '------------------------------------'),
      ]) {
        expect(await fieldErrors('noc', 'tickets.list', { cursor: bad })).toEqual({
          cursor: ['Unknown cursor'],
        });
      }
    });
  });

  describe('NUL and control characters in names', () => {
    it('sla.saveCalendar, sla.savePolicy, escalationPolicies.save → 400 on the name', async () => {
      const calendar = {
        name: 'Office\u0000hours',
        timeZone: 'Europe/Berlin',
        weekly: [{ day: 1, start: '09:00', end: '17:00' }],
      };
      expect(Object.keys(await fieldErrors('admin', 'sla.saveCalendar', calendar))).toEqual(['name']);
      expect(
        Object.keys(
          await fieldErrors('admin', 'sla.saveCalendar', {
            ...calendar,
            name: 'Office',
            holidayPreset: { country: 'DE', state: 'BY\u0000' },
          }),
        ),
      ).toEqual(['holidayPreset.state']);
      const policy = await acmePolicy();
      const errors = await fieldErrors('admin', 'sla.savePolicy', {
        name: 'Standard\u0000',
        calendarId: policy.calendarId,
        targets: policy.targets,
      });
      expect(Object.keys(errors)).toEqual(['name']);
      const escalation = {
        name: 'Chase\u0000',
        levels: [
          {
            trigger: { kind: 'unacknowledged', minutes: 5 },
            targets: [{ kind: 'team', id: 'noc' }],
            actions: ['notify'],
          },
        ],
        repeat: 0,
      };
      expect(Object.keys(await fieldErrors('admin', 'escalationPolicies.save', escalation))).toEqual([
        'name',
      ]);
    });

    it('single lines refuse line breaks and escapes; long text keeps its lines and tabs', async () => {
      const base = { organisationId: world.org('acme').id, impact: 'low', urgency: 'low' };
      for (const title of ['Edge\nrouter down', 'Edge router \u001b[31mdown', 'Bell\u0007 rings']) {
        expect(Object.keys(await fieldErrors('noc', 'tickets.create', { ...base, title }))).toEqual([
          'title',
        ]);
      }
      expect(
        Object.keys(
          await fieldErrors('noc', 'tickets.create', {
            ...base,
            title: 'Edge router down',
            description: 'a\u0000b',
          }),
        ),
      ).toEqual(['description']);
      const created = await call('noc', 'tickets.create', {
        ...base,
        title: 'Edge router down',
        description: 'Seen at:\n\t- 09:00\r\n\t- 09:05',
      });
      expect(created.status).toBe(200);
    });
  });

  describe('nested input errors keep their path (issue #11)', () => {
    it('sla.saveCalendar and escalationPolicies.save: the row and field, as the form names them', async () => {
      // Refused by the router's own input parse (a ZodError), not only by the service.
      expect(
        await fieldErrors('admin', 'sla.saveCalendar', {
          name: 'Rows',
          timeZone: 'Europe/Berlin',
          weekly: [
            { day: 1, start: '09:00', end: '17:00' },
            { day: 1, start: '09:00', end: '25:00' },
          ],
        }),
      ).toEqual({
        'weekly.1.end': ['Use HH:MM', 'Working hours #2: end "25:00" is not a time between 00:00 and 24:00.'],
      });
      expect(
        await fieldErrors('admin', 'sla.saveCalendar', {
          name: 'Rows',
          timeZone: 'Europe/Berlin',
          weekly: [
            { day: 1, start: '09:00', end: '17:00' },
            { day: 1, start: '12:00', end: '18:00' },
          ],
        }),
      ).toEqual({ 'weekly.1.start': ['Working hours overlap: Monday 09:00–17:00 and Monday 12:00–18:00.'] });
      const level = {
        trigger: { kind: 'unacknowledged', minutes: 5 },
        targets: [{ kind: 'team', id: 'noc' }],
        actions: ['notify'],
      };
      expect(
        await fieldErrors('admin', 'escalationPolicies.save', {
          name: 'Rows',
          repeat: 0,
          levels: [
            level,
            {
              ...level,
              targets: [
                { kind: 'team', id: 'noc' },
                { kind: 'role', id: 'owner' },
              ],
            },
          ],
        }),
      ).toEqual({
        'levels.1.targets.1.id': [
          'Unknown role "owner" (expected admin, manager, noc_engineer, soc_analyst, customer).',
        ],
      });
    });
  });

  describe('SLA target calendars are references', () => {
    it('sla.savePolicy refuses a calendar id that is not a uuid, or names no calendar', async () => {
      const policy = await acmePolicy();
      const edit = (calendarId: string) => ({
        id: policy.id,
        name: policy.name,
        calendarId: policy.calendarId,
        targets: {
          ...(policy.targets as object),
          resolution: { byPriority: { P4: { ms: 3_600_000, calendarId } } },
        },
      });
      expect(await fieldErrors('admin', 'sla.savePolicy', edit('not-a-uuid'))).toEqual({
        'targets.resolution.byPriority.P4.calendarId': [
          'resolution.byPriority.P4: calendarId must be the id of a business calendar when given.',
        ],
      });
      const missing = '0b8d7c6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e';
      expect(await fieldErrors('admin', 'sla.savePolicy', edit(missing))).toEqual({
        'targets.resolution.byPriority.P4.calendarId': [`No business calendar has the id ${missing}`],
      });
      expect(
        await fieldErrors('admin', 'sla.savePolicy', {
          ...edit(policy.calendarId),
          calendarId: 'not-a-uuid',
        }),
      ).toEqual({
        calendarId: ['Choose a business calendar'],
      });
      // Nothing of it was stored.
      expect((await acmePolicy()).targets).toEqual(policy.targets);
    });

    it('a policy stored before saves checked them still lets everyone open tickets (the policy calendar counts)', async () => {
      const policy = await acmePolicy();
      const broken = {
        ...(policy.targets as object),
        resolution: { byPriority: { P4: { ms: 3_600_000, calendarId: 'not-a-uuid' } } },
        response: { byPriority: { P4: { ms: 600_000, calendarId: '0b8d7c6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e' } } },
        handoff_acceptance: { default: { ms: 900_000, calendarId: 'not-a-uuid' } },
      };
      await handle.db.update(slaPolicies).set({ targets: broken }).where(eq(slaPolicies.id, policy.id));
      try {
        // The customer's own report (P4) and the NOC's.
        for (const who of ['customer', 'noc'] as const) {
          const answer = await call(who, 'tickets.create', {
            title: 'Portal slow',
            organisationId: world.org('acme').id,
            impact: 'low',
            urgency: 'low',
          });
          expect(answer.status, answer.text.slice(0, 300)).toBe(200);
          const { id } = (answer.body as { result: { data: { json: { id: string } } } }).result.data.json;
          const clocks = await handle.db.select().from(slaClocks).where(eq(slaClocks.ticketId, id));
          expect(clocks.map((c) => [c.metric, c.calendarId]).sort()).toEqual([
            ['resolution', policy.calendarId],
            ['response', policy.calendarId],
          ]);
          // An OLA clock on a subject (the handoff's acceptance) too.
          if (who === 'noc') {
            const handoff = await call('noc', 'handoffs.request', handoffRequest(id, world.clock.now()));
            expect(handoff.status, handoff.text.slice(0, 300)).toBe(200);
            const [ola] = await handle.db
              .select()
              .from(slaClocks)
              .where(and(eq(slaClocks.ticketId, id), eq(slaClocks.metric, 'handoff_acceptance')));
            expect(ola?.calendarId).toBe(policy.calendarId);
          }
        }
      } finally {
        await handle.db
          .update(slaPolicies)
          .set({ targets: policy.targets })
          .where(eq(slaPolicies.id, policy.id));
      }
    });
  });

  describe(`batches of at most ${MAX_BATCH_SIZE} calls`, () => {
    const create = (title: string) => ({
      path: 'tickets.create',
      input: { title, organisationId: world.org('acme').id, impact: 'low', urgency: 'low' },
    });
    const count = async (title: string) =>
      (await handle.db.select().from(tickets).where(eq(tickets.title, title))).length;

    it('a larger batch is refused with 400 before any of its calls runs', async () => {
      const calls = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => create('Batched beyond the cap'));
      const answer = await http.batch('noc', calls);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.text).toMatch(/Batch call exceeds maximum size/);
      expect(await count('Batched beyond the cap')).toBe(0);
      // A GET batch of queries too.
      const paths = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => 'tickets.list').join(',');
      const get = await http.send(
        'noc',
        new Request(`http://localhost/api/trpc/${paths}?batch=1&input=%7B%7D`),
      );
      expect(get.status).toBe(400);
    });

    it('the browser client splits its batches at the cap, so 45 queries at once all answer', async () => {
      const session = await sessionOf('noc@watchfloor.test');
      const requests: string[] = [];
      const client = createTRPCClient<AppRouter>({
        links: [
          apiLink({
            url: 'http://localhost/api/trpc',
            fetch: async (url, init) => {
              requests.push(String(url));
              return handleTrpcRequest(new Request(url, init), async () => ({
                db: handle.db,
                session,
                now: world.clock.now,
              }));
            },
          }),
        ],
      });
      const pages = await Promise.all(
        Array.from({ length: 45 }, () => client.tickets.list.query({ limit: 1 })),
      );
      expect(pages).toHaveLength(45);
      expect(requests).toHaveLength(3);
    });

    it('a batch at the cap runs', async () => {
      const answer = await http.batch(
        'noc',
        Array.from({ length: MAX_BATCH_SIZE }, () => create('Batched at the cap')),
      );
      expect(answer.status).toBe(200);
      expect(await count('Batched at the cap')).toBe(MAX_BATCH_SIZE);
    });
  });
});
