// The status front: an in-memory cache of the public status pages, their Statuspage JSON and feeds,
// answered by the server process before a request reaches Next.
//
// Why it exists: rendering a page through Next costs milliseconds of CPU per request even when the data
// comes from the in-process status cache; a burst of visitors during an outage (the moment the page
// matters) would queue behind each other. The front keeps each anonymous response's bytes for a few
// seconds and answers repeats itself (issue #13: within 0.8 of a bare node:http server).
//
// What keeps it correct:
// - Only anonymous GET/HEAD of the public paths below: a request carrying a session cookie, credentials,
//   a Range, Next's router headers (client navigations fetch a different payload at the same URL) or an
//   unknown query parameter passes through untouched, and so does every other path.
// - Only 200 responses without Set-Cookie are kept, at most MAX_ENTRY_BYTES each and MAX_TOTAL_BYTES in
//   all (least recently used first out).
// - HTML carries a Content-Security-Policy nonce: every answer from the cache gets a fresh one, written
//   into the policy and at each place the nonce occurs in the body, so no two responses share a nonce.
// - Freshness: an entry is served for `ttlMs` (10 s); after that one request refreshes it through Next
//   while the others still get the previous bytes, for at most `staleMs` more. With nothing to serve (a
//   cold start, an invalidation), requests for a page being rendered wait for that one render. Publishing a status update
//   drops a page's entries at once in this process (`invalidate`, reached through a global so the
//   bundled server code can call it); other processes converge within the TTL, inside the 30 s the JSON
//   may be cached by HTTP caches anyway (its own Cache-Control: max-age=30).
// - Compression: responses are taken from Next uncompressed and gzipped here when the client accepts
//   it (once per entry for bytes without a nonce, per response for HTML).

import { randomBytes } from 'node:crypto';
import { gzip, gzipSync } from 'node:zlib';

/** The name under which the running front is reachable from the bundled server code. */
export const STATUS_FRONT_KEY = Symbol.for('watchfloor.status-front');

const MAX_ENTRY_BYTES = 2 * 1024 * 1024;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
const MIN_GZIP_BYTES = 1024;

// A page's slug (as app/status/[slug]/_components/slug.ts accepts it), then the cacheable documents.
const CACHEABLE_PATH =
  /^\/status\/([a-z0-9][a-z0-9-]{1,62})(?:\/history|\/history\.atom|\/history\.rss|\/incidents\/[A-Za-z0-9-]{1,64}|\/api\/v2\/[a-z_/-]{1,64}\.json)?$/;
/** Query parameters a cached path may carry (the history page's pager); any other one passes through. */
const ALLOWED_QUERY = new Set(['page']);
/** next-auth's session cookie, plain or __Secure-, whole or chunked (as lib/security-headers.ts). */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;
/** Headers of a Next client navigation or server action: the answer at the same URL differs. */
const ROUTER_HEADER = /^(?:rsc|next-[a-z-]+)$/;
/** Not replayed from the cache: per connection, per response, or recomputed here. */
const DROPPED_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);
const NONCE_IN_POLICY = /'nonce-([A-Za-z0-9+/=]{16,64})'/;
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|atom\+xml|rss\+xml|xml))/;

/** 128 random bits, base64 (24 characters), as the proxy's own nonces. */
function defaultNonce() {
  return randomBytes(16).toString('base64');
}

/**
 * The cache key of a request, or null when the front must leave it to Next.
 * @param {import('node:http').IncomingMessage} req
 */
export function cacheKeyOf(req) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const url = req.url ?? '';
  const queryAt = url.indexOf('?');
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  const match = CACHEABLE_PATH.exec(pathname);
  if (!match) return null;
  const headers = req.headers;
  if (headers.authorization || headers.range) return null;
  if (headers.cookie && SESSION_COOKIE.test(headers.cookie)) return null;
  for (const name of Object.keys(headers)) if (ROUTER_HEADER.test(name)) return null;
  let query = '';
  if (queryAt !== -1) {
    const params = new URLSearchParams(url.slice(queryAt + 1));
    for (const name of params.keys()) if (!ALLOWED_QUERY.has(name)) return null;
    params.sort();
    query = params.toString();
  }
  // The pages' links are built from the origin the visitor used.
  const origin = [headers.host, headers['x-forwarded-host'], headers['x-forwarded-proto']].join(' ');
  return { key: `${origin}\n${pathname}?${query}`, slug: match[1] };
}

/** Every offset at which `needle` occurs in `body`. */
function offsetsOf(body, needle) {
  const offsets = [];
  if (!needle) return offsets;
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, at + needle.length))
    offsets.push(at);
  return offsets;
}

/** A Vary header that names Accept-Encoding (once). */
function withAcceptEncoding(vary) {
  if (!vary) return 'Accept-Encoding';
  const text = Array.isArray(vary) ? vary.join(', ') : String(vary);
  return /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(text) ? text : `${text}, Accept-Encoding`;
}

/** Whether an If-None-Match header matches an ETag (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(ifNoneMatch, etag) {
  if (!ifNoneMatch || !etag) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = (tag) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => bare(candidate) === bare(etag));
}

/**
 * Tees what Next writes into `res`, so a 200 can be kept. Calls `done` once: with the headers and body,
 * with 'uncacheable' for an answer that must not be kept, or with null when the client went away first.
 */
function capture(res, done) {
  const chunks = [];
  let size = 0;
  let tooBig = false;
  const collect = (chunk, encoding) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function' || tooBig) return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += buffer.length;
    if (size > MAX_ENTRY_BYTES) {
      tooBig = true;
      chunks.length = 0;
      return;
    }
    // Copied: the writer may reuse its buffer once write() returns.
    chunks.push(Buffer.from(buffer));
  };
  const { write, end, writeHead } = res;
  // writeHead(status, headers) bypasses getHeaders(): move its headers into setHeader first.
  res.writeHead = function writeHeadCaptured(status, reason, headers) {
    const given = typeof reason === 'string' ? headers : reason;
    if (given && !res.headersSent) {
      if (Array.isArray(given))
        for (let i = 0; i + 1 < given.length; i += 2) res.setHeader(given[i], given[i + 1]);
      else
        for (const [name, value] of Object.entries(given))
          if (value !== undefined) res.setHeader(name, value);
    }
    return typeof reason === 'string' ? writeHead.call(this, status, reason) : writeHead.call(this, status);
  };
  res.write = function writeCaptured(chunk, encoding, callback) {
    collect(chunk, encoding);
    return write.call(this, chunk, encoding, callback);
  };
  res.end = function endCaptured(chunk, encoding, callback) {
    collect(chunk, encoding);
    return end.call(this, chunk, encoding, callback);
  };
  let settled = false;
  const settle = (value) => {
    if (settled) return;
    settled = true;
    done(value);
  };
  res.once('finish', () => {
    if (tooBig || res.statusCode !== 200 || res.hasHeader('set-cookie')) return settle('uncacheable');
    settle({ headers: res.getHeaders(), body: Buffer.concat(chunks) });
  });
  res.once('close', () => settle(null));
}

/**
 * @param {{ now?: () => number, ttlMs?: number, staleMs?: number, waitLimitMs?: number, newNonce?: () => string, setTimer?: typeof setTimeout, clearTimer?: typeof clearTimeout }} [options]
 */
export function createStatusFront(options = {}) {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 10_000;
  const staleMs = options.staleMs ?? 10_000;
  const newNonce = options.newNonce ?? defaultNonce;
  const waitLimitMs = options.waitLimitMs ?? 10_000;
  const setTimer = options.setTimer ?? setTimeout;
  const clearTimer = options.clearTimer ?? clearTimeout;
  /** @type {Map<string, any>} insertion order = least recently used first */
  const entries = new Map();
  let totalBytes = 0;
  // Invalidation epochs: a response rendered before an invalidation of its page is not kept after it.
  let epoch = 0;
  let everyPageEpoch = 0;
  const pageEpochs = new Map();
  const stats = { hits: 0, stale: 0, coalesced: 0, misses: 0, bypassed: 0, stored: 0 };
  /** Renders under way, by key: who started when, and the requests waiting for them. */
  const inflight = new Map();

  function invalidatedSince(slug, startedIn) {
    return Math.max(everyPageEpoch, pageEpochs.get(slug) ?? 0) > startedIn;
  }

  function remove(key) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    totalBytes -= entry.body.length;
  }

  function store(key, slug, captured, storedAt) {
    const headers = {};
    // One line per header (no Set-Cookie is ever kept, so a list can be joined).
    for (const [name, value] of Object.entries(captured.headers))
      if (!DROPPED_HEADERS.has(name) && value !== undefined)
        headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    const body = captured.body;
    const policy =
      typeof headers['content-security-policy'] === 'string' ? headers['content-security-policy'] : '';
    const policyNonce = NONCE_IN_POLICY.exec(policy)?.[1] ?? null;
    const nonceOffsets = policyNonce ? offsetsOf(body, policyNonce) : [];
    // A body that never uses its nonce (the JSON, the feeds) runs no script: its policy is kept as it is.
    const nonce = nonceOffsets.length ? policyNonce : null;
    const compressible =
      COMPRESSIBLE.test(String(headers['content-type'] ?? '')) && body.length >= MIN_GZIP_BYTES;
    if (compressible) headers.vary = withAcceptEncoding(headers.vary);
    // Header lists built once per entry; a response only adds its length, encoding and (HTML) policy.
    const fixed = [];
    for (const [name, value] of Object.entries(headers))
      if (!(nonce && name === 'content-security-policy')) fixed.push(name, value);
    const notModified = ['etag', headers.etag];
    for (const name of ['cache-control', 'vary', 'expires'])
      if (headers[name] !== undefined) notModified.push(name, headers[name]);
    const entry = {
      slug,
      storedAt,
      etag: headers.etag === undefined ? null : String(headers.etag),
      policy,
      body,
      nonce,
      nonceOffsets,
      compressible,
      fixed,
      notModified,
      identityHead: nonce ? null : [...fixed, 'content-length', String(body.length)],
      gzipped: null,
      gzipHead: null,
    };
    remove(key);
    entries.set(key, entry);
    totalBytes += entry.body.length;
    stats.stored++;
    for (const oldest of entries.keys()) {
      if (totalBytes <= MAX_TOTAL_BYTES) break;
      remove(oldest);
    }
    return entry;
  }

  /** The entry's body for one response with a fresh nonce, and the policy naming it. */
  function withFreshNonce(entry) {
    const fresh = newNonce();
    const policy = entry.policy.replaceAll(`'nonce-${entry.nonce}'`, `'nonce-${fresh}'`);
    if (fresh.length !== entry.nonce.length)
      return {
        policy,
        body: Buffer.from(entry.body.toString('utf8').replaceAll(entry.nonce, fresh), 'utf8'),
      };
    const body = Buffer.from(entry.body);
    for (const at of entry.nonceOffsets) body.write(fresh, at, 'latin1');
    return { policy, body };
  }

  function send(req, res, entry) {
    if (entry.etag && etagMatches(req.headers['if-none-match'], entry.etag)) {
      res.writeHead(304, entry.notModified);
      res.end();
      return;
    }
    const head = req.method === 'HEAD';
    const acceptsGzip = entry.compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (!entry.nonce) {
      if (!acceptsGzip) {
        res.writeHead(200, entry.identityHead);
        return head ? res.end() : res.end(entry.body);
      }
      if (!entry.gzipped) {
        entry.gzipped = gzipSync(entry.body);
        entry.gzipHead = [
          ...entry.fixed,
          'content-encoding',
          'gzip',
          'content-length',
          String(entry.gzipped.length),
        ];
      }
      res.writeHead(200, entry.gzipHead);
      return head ? res.end() : res.end(entry.gzipped);
    }
    const { policy, body } = withFreshNonce(entry);
    const finish = (bytes, encoded) => {
      const out = [...entry.fixed, 'content-security-policy', policy, 'content-length', String(bytes.length)];
      if (encoded) out.push('content-encoding', 'gzip');
      res.writeHead(200, out);
      return head ? res.end() : res.end(bytes);
    };
    if (!acceptsGzip) return finish(body, false);
    // Per response (the nonce differs), off the main thread.
    gzip(body, { level: 1 }, (error, zipped) => (error ? finish(body, false) : finish(zipped, true)));
  }

  /**
   * Answers `req` from the cache, or hands it to `next` (Next's request handler), keeping the answer
   * when it may be reused.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {() => unknown} next
   */
  function handle(req, res, next) {
    const cacheable = cacheKeyOf(req);
    if (!cacheable) {
      stats.bypassed++;
      return next();
    }
    const { key, slug } = cacheable;
    const at = now();
    const entry = entries.get(key);
    const age = entry ? at - entry.storedAt : Number.POSITIVE_INFINITY;
    if (entry && age >= 0 && age < ttlMs) {
      stats.hits++;
      entries.delete(key);
      entries.set(key, entry);
      return send(req, res, entry);
    }
    const usable = entry && age >= 0 && age < ttlMs + staleMs;
    // A render of this key under way, that no invalidation has overtaken since it started.
    const flight = inflight.get(key);
    const current = flight !== undefined && !invalidatedSince(slug, flight.startedIn);
    if (usable && (current || req.method === 'HEAD')) {
      stats.stale++;
      return send(req, res, entry);
    }
    if (current) {
      // Nothing to serve yet: wait for that render rather than start one more (a burst after a publish
      // or a cold start costs one render, not one per visitor).
      stats.coalesced++;
      flight.waiters.push({ req, res, next });
      return;
    }
    stats.misses++;
    // HEAD answers carry no body to keep.
    if (req.method === 'HEAD') return next();
    const started = { startedIn: epoch, waiters: [] };
    inflight.set(key, started);
    const release = (stored) => {
      clearTimer(timer);
      for (const waiter of started.waiters.splice(0))
        if (!waiter.res.destroyed) stored ? send(waiter.req, waiter.res, stored) : waiter.next();
    };
    // A render that never ends must not hold its waiters: after waitLimitMs they ask Next themselves, and
    // so does whoever comes next (the slow render no longer counts as under way).
    const timer = setTimer(() => {
      if (inflight.get(key) === started) inflight.delete(key);
      release(null);
    }, waitLimitMs);
    timer?.unref?.();
    // Taken uncompressed, so one copy serves every client (and the nonce can be found in it).
    delete req.headers['accept-encoding'];
    capture(res, (captured) => {
      if (inflight.get(key) === started) inflight.delete(key);
      const invalidated = invalidatedSince(slug, started.startedIn);
      if (captured && captured !== 'uncacheable' && !invalidated)
        return release(store(key, slug, captured, at));
      // The page answers differently now (gone private, an error): stop serving the old bytes.
      if (captured === 'uncacheable' && !invalidated && entry && entries.get(key) === entry) remove(key);
      release(null);
    });
    return next();
  }

  /** Drops the cached responses of one page's slug, or of every page. */
  function invalidate(slug) {
    epoch++;
    if (slug === undefined) everyPageEpoch = epoch;
    else pageEpochs.set(slug, epoch);
    for (const [key, entry] of entries) if (slug === undefined || entry.slug === slug) remove(key);
  }

  return { handle, invalidate, stats, size: () => entries.size, bytes: () => totalBytes };
}
