import { eq } from 'drizzle-orm';
import type { Reader } from '../../../db/client';
import { type Integration, integrations } from '../../../db/schema';
import { KEY_LENGTH } from '../../../workflows/integrations/constants';
import type { Actor } from '../kernel/context';
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

/** Who acts for an integration on tickets and in the audit log. */
export function integrationActor(integration: Pick<Integration, 'id' | 'name' | 'organisationId'>): Actor {
  return {
    type: 'integration',
    id: integration.id,
    label: `integration: ${integration.name}`,
    organisationId: integration.organisationId,
  };
}
