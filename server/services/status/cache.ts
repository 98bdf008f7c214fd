import { createHash } from 'node:crypto';
import type { Database } from '../../../db/client';
import { type StatuspageDocument, statuspageDocuments } from '../../../workflows/status/statuspage';
import { loadPublicStatus, type PublicLinks, type PublicStatus } from './internal/public-status';

// A short in-process cache of each public page's status, so a burst of visitors (or pollers of the JSON)
// costs one read per page every few seconds instead of one per request. Publishing drops it at once in
// this process (invalidateStatusSnapshot); other processes see the change within the TTL, well inside the
// 30 s that HTTP caches may keep the JSON (Cache-Control: max-age=30).

/** How long a page's status is served from memory. */
export const STATUS_CACHE_TTL_MS = 10_000;
/** Bound on cached pages and origins, so unknown slugs or forged origins cannot grow it without limit. */
const MAX_ENTRIES = 500;

export interface EncodedDocument {
  body: string;
  /** A strong ETag: the SHA-256 of the body. */
  etag: string;
}

export interface CachedStatus extends PublicStatus {
  /** When it was read (the `now` it was computed for). */
  readAt: number;
  /** A Statuspage document, serialised once per cached status. */
  document(name: StatuspageDocument): EncodedDocument;
}

interface Entry {
  slug: string;
  readAt: number;
  value: Promise<CachedStatus | null>;
}

// Next bundles route handlers and pages separately: one cache per process, whichever bundle asks.
const globalKey = Symbol.for('watchfloor.status-cache');
type GlobalWithCache = typeof globalThis & { [globalKey]?: Map<string, Entry> };

function entries(): Map<string, Entry> {
  const g = globalThis as GlobalWithCache;
  g[globalKey] ??= new Map();
  return g[globalKey];
}

export function strongEtag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

function withDocuments(status: PublicStatus, readAt: number): CachedStatus {
  const encoded = new Map<StatuspageDocument, EncodedDocument>();
  return {
    ...status,
    readAt,
    document(name) {
      let doc = encoded.get(name);
      if (!doc) {
        const body = JSON.stringify(statuspageDocuments[name](status.snapshot));
        doc = { body, etag: strongEtag(body) };
        encoded.set(name, doc);
      }
      return doc;
    },
  };
}

/**
 * A public page's status (null: unknown or not public), from memory when it was read less than the TTL
 * before `now`. Concurrent callers share one read. A failed read is not kept.
 */
export function cachedPublicStatus(
  db: Database,
  slug: string,
  now: Date,
  links: PublicLinks,
): Promise<CachedStatus | null> {
  const cache = entries();
  const key = `${slug}\n${links.baseUrl}`;
  const at = now.getTime();
  const hit = cache.get(key);
  if (hit && hit.readAt <= at && at - hit.readAt < STATUS_CACHE_TTL_MS) return hit.value;
  const value = loadPublicStatus(db, slug, now, links).then((s) => (s ? withDocuments(s, at) : null));
  const entry: Entry = { slug, readAt: at, value };
  cache.delete(key);
  cache.set(key, entry);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}

// The production server's front (scripts/front/status-front.mjs) keeps the rendered pages themselves.
const frontKey = Symbol.for('watchfloor.status-front');
type GlobalWithFront = typeof globalThis & { [frontKey]?: { invalidate(slug?: string): void } };

/**
 * Drops the cached status of one page (all origins), or of every page, here and in the front that keeps
 * its rendered pages: call it after publishing.
 */
export function invalidateStatusSnapshot(slug?: string): void {
  (globalThis as GlobalWithFront)[frontKey]?.invalidate(slug);
  const cache = entries();
  if (slug === undefined) {
    cache.clear();
    return;
  }
  for (const [key, entry] of cache) if (entry.slug === slug) cache.delete(key);
}
