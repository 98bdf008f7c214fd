import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { KEY_BYTES, KEY_PREFIX_LENGTH } from '../../../../workflows/integrations/constants';

/** A new integration key: 32 random bytes, base64url. Shown once; only its hash is stored. */
export function newIntegrationKey(): { key: string; hash: string; prefix: string } {
  const key = randomBytes(KEY_BYTES).toString('base64url');
  return { key, hash: hashIntegrationKey(key), prefix: key.slice(0, KEY_PREFIX_LENGTH) };
}

export function hashIntegrationKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time equality of two hex digests (the lookup found a row; this is the proof). */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
