import type { Integration } from '../../../../db/schema';

// The integrations the ingestion endpoints authenticated lately, by key digest, for KEY_CACHE_TTL_MS: a
// source that posts many times a second costs one key lookup per interval instead of one per request
// (issue #14's benchmark). What keeps it safe:
// - Only found, unrevoked integrations are kept (an unknown key is looked up every time, so a key just
//   created works at once); entries are keyed by the SHA-256 digest, never by the key itself.
// - Revoking forgets the integration in this process once the revocation has committed
//   (`forgetIntegration`), so here the next delivery answers 401 at once; another app process still
//   holding it stops accepting the key within KEY_CACHE_TTL_MS.
// - Settings (routing rules, default service, rate, resolve behaviour) changed elsewhere apply within the
//   same interval.
// One cache per process, reached through a global: Next bundles the tRPC route (which revokes) and the
// ingestion routes (which read) separately, so a module-level map could exist twice.

export const KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  integration: Integration;
  expiresAtMs: number;
}

const globalKey = Symbol.for('watchfloor.integration-key-cache');
type GlobalWithCache = typeof globalThis & { [globalKey]?: Map<string, Entry> };

function entries(): Map<string, Entry> {
  const g = globalThis as GlobalWithCache;
  g[globalKey] ??= new Map();
  return g[globalKey];
}

/** The integration cached under this digest, unless its entry has expired. */
export function cachedIntegration(digest: string, nowMs: number): Integration | null {
  const cache = entries();
  const entry = cache.get(digest);
  if (!entry) return null;
  if (entry.expiresAtMs <= nowMs || entry.integration.revokedAt) {
    cache.delete(digest);
    return null;
  }
  return entry.integration;
}

export function cacheIntegration(digest: string, integration: Integration, nowMs: number): void {
  if (integration.revokedAt) return;
  const cache = entries();
  // Many keys at once (far more than sources post): start over rather than grow without bound.
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(digest, { integration, expiresAtMs: nowMs + KEY_CACHE_TTL_MS });
}

/** Drops an integration's entries (it was revoked in this process). */
export function forgetIntegration(integrationId: string): void {
  const cache = entries();
  for (const [digest, entry] of cache) if (entry.integration.id === integrationId) cache.delete(digest);
}
