// Calls tRPC procedures as the browser does: real HTTP Requests (superjson, GET for queries, POST for
// mutations, ?batch=1 for batches) through the route handler's own configuration, on a test database and
// a test session. Not a test file itself.
import type { Session } from 'next-auth';
import superjson from 'superjson';
import { expect } from 'vitest';
import type { Database } from '../db/client';
import { handleTrpcRequest, SSE_CACHE_CONTROL } from '../server/api/http';
import { appRouter } from '../server/api/root';
import type { DemoEmail, DemoWorld } from './world';

export type Who = 'admin' | 'manager' | 'noc' | 'soc' | 'customer' | 'anonymous';

const EMAIL: Record<Exclude<Who, 'anonymous'>, DemoEmail> = {
  admin: 'admin@watchfloor.test',
  manager: 'manager@watchfloor.test',
  noc: 'noc@watchfloor.test',
  soc: 'soc@watchfloor.test',
  customer: 'customer@acme.test',
};

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] };
}

/** Every procedure of the app router by path (`tickets.get`), so new procedures are covered by themselves. */
export function allProcedures(): Record<string, ProcedureDef> {
  return (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (superjson envelopes left as they are). */
  body: unknown;
}

export interface TrpcError {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    requestId?: string | null;
    fieldErrors?: Record<string, string[]> | null;
    stack?: string;
  };
}

/** The error of a single (unbatched) answer, or undefined when it succeeded. */
export function errorOf(answer: HttpAnswer): TrpcError | undefined {
  return (answer.body as { error?: { json: TrpcError } }).error?.json;
}

/**
 * superjson's envelope; for what superjson itself refuses to write (keys like `prototype`), the plain JSON
 * a hostile client would send anyway.
 */
function encode(input: unknown): string {
  try {
    return JSON.stringify(superjson.serialize(input));
  } catch {
    return JSON.stringify({ json: input }, (_key, value) => (typeof value === 'bigint' ? `${value}` : value));
  }
}

export function trpcHttp(db: Database, world: DemoWorld) {
  const sessions = new Map<Who, Session | null>();
  async function sessionOf(who: Who): Promise<Session | null> {
    if (who === 'anonymous') return null;
    if (!sessions.has(who)) {
      const actor = await world.actor(EMAIL[who]);
      const { type: _type, ...user } = actor;
      sessions.set(who, { user: { ...user, name: EMAIL[who] }, expires: '2099-01-01T00:00:00.000Z' });
    }
    return sessions.get(who)!;
  }

  /** Sends one raw Request through the handler as `who`. */
  async function send(who: Who, request: Request): Promise<HttpAnswer> {
    const session = await sessionOf(who);
    const response = await handleTrpcRequest(request, async () => ({ db, session, now: world.clock.now }));
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, text, body };
  }

  /** One procedure call, as httpLink sends it: GET ?input= for queries, a POST body for mutations. */
  async function call(who: Who, path: string, input?: unknown): Promise<HttpAnswer> {
    const type = allProcedures()[path]?._def.type ?? 'query';
    const encoded = input === undefined ? undefined : encode(input);
    const url = `http://localhost/api/trpc/${path}`;
    const request =
      type === 'query'
        ? new Request(encoded === undefined ? url : `${url}?input=${encodeURIComponent(encoded)}`)
        : new Request(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: encoded,
          });
    return send(who, request);
  }

  /** A batch of mutations in one POST, as httpBatchLink sends it. */
  async function batch(who: Who, calls: { path: string; input?: unknown }[]): Promise<HttpAnswer> {
    const inputs = Object.fromEntries(
      calls.map((c, i) => [i, c.input === undefined ? undefined : JSON.parse(encode(c.input))]),
    );
    const paths = calls.map((c) => c.path).join(',');
    return send(
      who,
      new Request(`http://localhost/api/trpc/${paths}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(inputs),
      }),
    );
  }

  return { call, batch, send };
}

/** What only the database (or a driver) writes: SQL, its parameters, its error texts. */
const SQL_TEXT =
  /select |insert |update |delete from|\$\d|syntax|violates|invalid input syntax|out of range for|failed query|params:|relation "|sqlstate/i;
/** A stack frame, in any runtime's format. */
const STACK = /\n\s+at |node:internal|\.(?:ts|js|mjs):\d+/;

function describeCall(path: string, who: Who, input: unknown, answer: HttpAnswer): string {
  const shown = JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 300);
  return `${path} as ${who} with ${shown} → ${answer.status} ${answer.text.slice(0, 600)}`;
}

/** The rules every answer keeps, whatever the input. */
export function expectCleanAnswer(path: string, who: Who, input: unknown, answer: HttpAnswer): void {
  const where = describeCall(path, who, input, answer);
  expect(answer.status, where).toBeLessThan(500);
  // A subscription answers as an event stream (an error too is an event in it), with its own caching rule.
  const streamed = allProcedures()[path]?._def.type === 'subscription';
  expect(answer.headers.get('cache-control'), where).toBe(streamed ? SSE_CACHE_CONTROL : 'no-store');
  if (answer.status === 200) return;
  const error = errorOf(answer);
  expect(error?.data.code, where).not.toBe('INTERNAL_SERVER_ERROR');
  expect(error?.data.stack ?? null, where).toBeNull();
  expect(answer.text, where).not.toMatch(SQL_TEXT);
  expect(answer.text, where).not.toMatch(STACK);
}
