import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cacheKeyOf, createStatusFront, etagMatches, type StatusFront } from './status-front.mjs';

// The front in front of a stand-in for Next on a real loopback server: what reaches "Next", and what the
// client gets back, byte for byte.

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let clock = 1_000_000;
let upstreamCalls: { url: string; headers: IncomingMessage['headers'] }[] = [];
let upstream: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
let front: StatusFront;
let server: Server;
let port = 0;
let renders = 0;

/** A page as Next renders it: the request's nonce in the policy and on every script. */
function renderPage(_req: IncomingMessage, res: ServerResponse, text = 'All systems operational') {
  renders++;
  const nonce = Buffer.from(`nonce-number-${String(renders).padStart(3, '0')}`).toString('base64');
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
  );
  res.setHeader('Cache-Control', 'private, no-cache, no-store, max-age=0, must-revalidate');
  res.setHeader('Vary', 'RSC, Accept-Encoding');
  // Streamed in pieces, as React does.
  res.write(`<!DOCTYPE html><html><head><script nonce="${nonce}">theme()</script></head><body>`);
  res.write(`<h1>${text}</h1>${'<p>filler</p>'.repeat(200)}`);
  res.end(`<script nonce="${nonce}">self.__next_f.push([1])</script></body></html>`);
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function noncesIn(answer: Answer): { policy: string | undefined; body: string[] } {
  const policy = /'nonce-([^']+)'/.exec(String(answer.headers['content-security-policy']))?.[1];
  const body = [...answer.body.toString('utf8').matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]!);
  return { policy, body };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    front.handle(req, res, () => {
      upstreamCalls.push({ url: req.url ?? '', headers: { ...req.headers } });
      return upstream(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function reset(options: Parameters<typeof createStatusFront>[0] = {}) {
  clock = 1_000_000;
  upstreamCalls = [];
  renders = 0;
  upstream = renderPage;
  front = createStatusFront({ now: () => clock, ...options });
}

afterEach(() => reset());
reset();

describe('status front: what it keeps', () => {
  it('answers a repeat of an anonymous status page from memory, with a fresh nonce in policy and body', async () => {
    const first = await get('/status/acme');
    const second = await get('/status/acme');
    const third = await get('/status/acme');
    expect(upstreamCalls).toHaveLength(1);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    const nonces = [first, second, third].map(noncesIn);
    for (const n of nonces) {
      expect(n.body).toHaveLength(2);
      expect(n.body.every((b) => b === n.policy)).toBe(true);
    }
    expect(new Set(nonces.map((n) => n.policy)).size).toBe(3);
    // Everything but the nonce is the same bytes.
    const strip = (a: Answer, nonce: string) => a.body.toString('utf8').replaceAll(nonce, 'N');
    expect(strip(second, nonces[1]!.policy!)).toBe(strip(first, nonces[0]!.policy!));
    expect(second.headers['content-length']).toBe(String(first.body.length));
    expect(second.headers['cache-control']).toBe('private, no-cache, no-store, max-age=0, must-revalidate');
    expect(front.stats.hits).toBe(2);
  });

  it('keeps the JSON documents and feeds, and answers If-None-Match with 304 without asking Next', async () => {
    upstream = (_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        ETag: '"abc"',
        'Cache-Control': 'public, max-age=30',
      });
      res.end('{"page":{}}');
    };
    const path = '/status/acme/api/v2/summary.json';
    expect((await get(path)).body.toString()).toBe('{"page":{}}');
    const hit = await get(path);
    expect(hit.headers.etag).toBe('"abc"');
    expect(hit.headers['cache-control']).toBe('public, max-age=30');
    const notModified = await get(path, { 'If-None-Match': 'W/"abc"' });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect(upstreamCalls).toHaveLength(1);
    await get('/status/acme/history.atom');
    await get('/status/acme/history.atom');
    expect(upstreamCalls).toHaveLength(2);
  });

  it('gzips for clients that accept it, and takes the page from Next uncompressed', async () => {
    await get('/status/acme', { 'Accept-Encoding': 'gzip, br' });
    expect(upstreamCalls[0]!.headers['accept-encoding']).toBeUndefined();
    const zipped = await get('/status/acme', { 'Accept-Encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    // Next names Accept-Encoding already: not a second time.
    expect(zipped.headers.vary).toBe('RSC, Accept-Encoding');
    const html = gunzipSync(zipped.body).toString('utf8');
    const policy = /'nonce-([^']+)'/.exec(String(zipped.headers['content-security-policy']))?.[1];
    expect(html).toContain(`nonce="${policy}"`);
    expect(html).toContain('All systems operational');
    expect(upstreamCalls).toHaveLength(1);
  });

  it('answers HEAD from a kept entry with its headers and no body', async () => {
    const page = await get('/status/acme');
    const head = await get('/status/acme', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(page.body.length));
    expect(upstreamCalls).toHaveLength(1);
  });

  it('keys on the origin and the pager, so links and pages never mix', async () => {
    await get('/status/acme', { Host: 'status.acme.example' });
    await get('/status/acme', { Host: 'other.example' });
    await get('/status/acme/history?page=2');
    await get('/status/acme/history?page=3');
    await get('/status/acme/history?page=2');
    expect(upstreamCalls.map((c) => c.url)).toEqual([
      '/status/acme',
      '/status/acme',
      '/status/acme/history?page=2',
      '/status/acme/history?page=3',
    ]);
  });
});

describe('status front: what it leaves to Next', () => {
  it.each([
    ['a signed-in visitor', '/status/acme', { Cookie: 'theme=dark; next-auth.session-token=abc' }],
    ['a chunked secure session', '/status/acme', { Cookie: '__Secure-next-auth.session-token.0=abc' }],
    ['credentials', '/status/acme', { Authorization: 'Bearer x' }],
    ['a client navigation', '/status/acme', { RSC: '1' }],
    ['a router prefetch', '/status/acme', { 'Next-Router-Prefetch': '1' }],
    ['a range', '/status/acme', { Range: 'bytes=0-10' }],
    ['an unknown query parameter', '/status/acme?utm=x', {}],
    ['the subscribe page', '/status/acme/subscribe', {}],
    ['a subscription link', '/status/subscriptions/confirm?token=t', {}],
    ['a console page', '/tickets', {}],
    ['an API route', '/api/health', {}],
    ['a slug that cannot be one', '/status/A', {}],
  ])('passes %s through every time', async (_label, path, headers) => {
    await get(path, headers);
    await get(path, headers);
    expect(upstreamCalls).toHaveLength(2);
    expect(front.size()).toBe(0);
  });

  it('keeps no error, no answer that sets a cookie, and no POST', async () => {
    upstream = (_req, res) => {
      res.statusCode = 404;
      res.end('not found');
    };
    await get('/status/nowhere');
    await get('/status/nowhere');
    upstream = (req, res) => {
      res.setHeader('Set-Cookie', 'a=b');
      renderPage(req, res);
    };
    await get('/status/acme');
    await get('/status/acme');
    await get('/status/acme', {}, 'POST');
    expect(upstreamCalls).toHaveLength(5);
    expect(front.size()).toBe(0);
  });

  it('asks Next for a HEAD it has not kept, and keeps nothing from it', async () => {
    await get('/status/acme', {}, 'HEAD');
    expect(upstreamCalls).toHaveLength(1);
    expect(front.size()).toBe(0);
  });
});

describe('status front: freshness', () => {
  it('after the TTL one request refreshes the page while the others still get the previous bytes', async () => {
    reset({ ttlMs: 10_000, staleMs: 10_000 });
    await get('/status/acme');
    clock += 10_000;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    upstream = async (req, res) => {
      await gate;
      renderPage(req, res, 'Major outage');
    };
    const refreshing = get('/status/acme');
    // The refresh is in flight: this one is answered with the old page at once.
    await expect.poll(() => upstreamCalls.length).toBe(2);
    const meanwhile = await get('/status/acme');
    expect(meanwhile.body.toString()).toContain('All systems operational');
    release();
    expect((await refreshing).body.toString()).toContain('Major outage');
    expect((await get('/status/acme')).body.toString()).toContain('Major outage');
    expect(upstreamCalls).toHaveLength(2);
  });

  it('serves nothing older than TTL + stale window', async () => {
    reset({ ttlMs: 10_000, staleMs: 10_000 });
    await get('/status/acme');
    clock += 20_000;
    await get('/status/acme');
    expect(upstreamCalls).toHaveLength(2);
  });

  it('drops a page at once when it is invalidated, and only that page', async () => {
    await get('/status/acme');
    await get('/status/globex');
    front.invalidate('acme');
    await get('/status/acme');
    await get('/status/globex');
    expect(upstreamCalls.map((c) => c.url)).toEqual(['/status/acme', '/status/globex', '/status/acme']);
    front.invalidate();
    expect(front.size()).toBe(0);
  });

  it('does not keep a render that an invalidation overtook', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    upstream = async (req, res) => {
      await gate;
      renderPage(req, res, 'Before the update');
    };
    const rendering = get('/status/acme');
    await expect.poll(() => upstreamCalls.length).toBe(1);
    front.invalidate('acme');
    release();
    await rendering;
    expect(front.size()).toBe(0);
  });

  it('stops serving a page that turned into an error on refresh', async () => {
    await get('/status/acme');
    clock += 10_000;
    upstream = (_req, res) => {
      res.statusCode = 404;
      res.end('gone');
    };
    expect((await get('/status/acme')).status).toBe(404);
    expect((await get('/status/acme')).status).toBe(404);
    expect(front.size()).toBe(0);
  });
});

describe('status front: one render per burst', () => {
  /** An upstream that renders only when released. */
  function gated(text = 'Rendered once') {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    upstream = async (req, res) => {
      await gate;
      renderPage(req, res, text);
    };
    return () => release();
  }

  it('makes visitors of a page nobody has rendered yet wait for the one render under way', async () => {
    const release = gated();
    const first = get('/status/acme');
    await expect.poll(() => upstreamCalls.length).toBe(1);
    const others = Array.from({ length: 5 }, () => get('/status/acme', { 'Accept-Encoding': 'gzip' }));
    await expect.poll(() => front.stats.coalesced).toBe(5);
    release();
    const answers = await Promise.all([first, ...others]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(gunzipSync(answers[3]!.body).toString()).toContain('Rendered once');
    expect(upstreamCalls).toHaveLength(1);
  });

  it('sends the waiters on to Next when the render cannot be kept', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    upstream = async (_req, res) => {
      await gate;
      res.statusCode = 503;
      res.end('busy');
    };
    const first = get('/status/acme');
    await expect.poll(() => upstreamCalls.length).toBe(1);
    const waiting = [get('/status/acme'), get('/status/acme')];
    await expect.poll(() => front.stats.coalesced).toBe(2);
    release();
    expect((await Promise.all([first, ...waiting])).map((a) => a.status)).toEqual([503, 503, 503]);
    expect(upstreamCalls).toHaveLength(3);
  });

  it('does not hand a render that an invalidation overtook to a visitor who came after it', async () => {
    const release = gated('Before the update');
    const first = get('/status/acme');
    await expect.poll(() => upstreamCalls.length).toBe(1);
    front.invalidate('acme');
    const after = get('/status/acme');
    await expect.poll(() => upstreamCalls.length).toBe(2);
    release();
    await Promise.all([first, after]);
    expect(front.stats.coalesced).toBe(0);
  });

  it('lets waiters ask Next themselves once a render has taken too long', async () => {
    const timers: (() => void)[] = [];
    reset({ setTimer: (callback) => timers.push(callback), clearTimer: () => {} });
    const release = gated();
    const first = get('/status/acme');
    await expect.poll(() => upstreamCalls.length).toBe(1);
    const waiting = get('/status/acme');
    await expect.poll(() => front.stats.coalesced).toBe(1);
    expect(timers).toHaveLength(1);
    timers[0]!();
    await expect.poll(() => upstreamCalls.length).toBe(2);
    // Whoever comes next does not wait for the slow render either.
    const later = get('/status/acme');
    await expect.poll(() => upstreamCalls.length).toBe(3);
    release();
    expect((await Promise.all([first, waiting, later])).map((a) => a.status)).toEqual([200, 200, 200]);
  });
});

describe('status front: pieces', () => {
  it('matches ETags weakly, in lists and with *', () => {
    expect(etagMatches('"a", W/"b"', '"b"')).toBe(true);
    expect(etagMatches('*', '"b"')).toBe(true);
    expect(etagMatches('"c"', '"b"')).toBe(false);
    expect(etagMatches(undefined, '"b"')).toBe(false);
  });

  it('keys each history page apart and knows the slug of every cacheable path', () => {
    const req = (url: string) =>
      ({ method: 'GET', url, headers: { host: 'h' } }) as unknown as IncomingMessage;
    const keys = ['/status/acme/history', '/status/acme/history?page=2', '/status/acme/history?page=3'].map(
      (url) => cacheKeyOf(req(url))?.key,
    );
    expect(new Set(keys).size).toBe(3);
    expect(cacheKeyOf(req('/status/acme/api/v2/incidents/unresolved.json'))?.slug).toBe('acme');
    expect(cacheKeyOf(req('/status/acme/incidents/0b6f5a1e-1111-4222-8333-944455556666'))?.slug).toBe('acme');
    expect(cacheKeyOf(req('/status/acme/../admin'))).toBeNull();
  });
});
