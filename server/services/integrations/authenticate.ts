import { eq } from 'drizzle-orm';
import type { Reader } from '../../../db/client';
import { type Integration, integrations } from '../../../db/schema';
import { KEY_LENGTH } from '../../../workflows/integrations/constants';
import type { Actor } from '../kernel/context';
import { cachedIntegration, cacheIntegration } from './internal/key-cache';
import { hashIntegrationKey, sameDigest } from './internal/keys';

/**
 * The integration a key belongs to, or null for an unknown or revoked key (both answer 401, alike). The key
 * is found by its SHA-256 (an index lookup: a hash of a 256-bit random key needs no slow KDF), and the
 * stored digest is compared in constant time before it counts.
 */
export async function authenticateIntegrationKey(db: Reader, key: string): Promise<Integration | null> {
  if (key.length !== KEY_LENGTH || !/^[A-Za-z0-9_-]+$/.test(key)) return null;
  const digest = hashIntegrationKey(key);
  const [row] = await db.select().from(integrations).where(eq(integrations.keyHash, digest));
  if (!row || !sameDigest(row.keyHash, digest) || row.revokedAt) return null;
  return row;
}

/**
 * authenticateIntegrationKey for the ingestion endpoints, through the per-process cache of recently
 * authenticated keys (internal/key-cache.ts: a revocation here applies at once, one in another process
 * within KEY_CACHE_TTL_MS). `nowMs` is the caller's clock.
 */
export async function authenticateIntegrationKeyCached(
  db: Reader,
  key: string,
  nowMs: number,
): Promise<Integration | null> {
  if (key.length !== KEY_LENGTH || !/^[A-Za-z0-9_-]+$/.test(key)) return null;
  const digest = hashIntegrationKey(key);
  const cached = cachedIntegration(digest, nowMs);
  if (cached) return cached;
  const row = await authenticateIntegrationKey(db, key);
  if (row) cacheIntegration(digest, row, nowMs);
  return row;
}

/** Who acts for an integration on tickets and in the audit log. */
export function integrationActor(integration: Pick<Integration, 'id' | 'name' | 'organisationId'>): Actor {
  return {
    type: 'integration',
    id: integration.id,
    label: `integration: ${integration.name}`,
    organisationId: integration.organisationId,
  };
}
