import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { authSecret } from '../../../auth/secret';

// An endpoint's signing secret must be read back to sign each message, so it cannot be hashed like an
// integration key. It is stored encrypted (AES-256-GCM) under a key derived from the app's secret
// (NEXTAUTH_SECRET or the generated auth-secret file), which never is in the database: a copy of the
// database or a backup signs nothing. Rotating the app secret makes the stored secrets unreadable; their
// endpoints then need a "Rotate secret" (delivery records the error, it never sends unsigned).

let cached: { secret: string; key: Buffer } | null = null;

function boxKey(): Buffer {
  const secret = authSecret();
  if (cached?.secret !== secret) {
    cached = { secret, key: createHmac('sha256', secret).update('watchfloor/webhook-secrets/v1').digest() };
  }
  return cached.key;
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts (what webhook_endpoints.secret_ciphertext holds). */
export function sealSecret(plain: string, endpointId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', boxKey(), iv);
  // Bound to its endpoint: a ciphertext copied onto another row does not open there.
  cipher.setAAD(Buffer.from(endpointId));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export class SecretUnreadableError extends Error {
  constructor() {
    super('The signing secret cannot be read (the app secret changed?): rotate it');
    this.name = 'SecretUnreadableError';
  }
}

export function openSecret(sealed: string, endpointId: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new SecretUnreadableError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', boxKey(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(endpointId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretUnreadableError();
  }
}
