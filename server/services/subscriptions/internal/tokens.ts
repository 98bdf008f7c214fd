import { createHash, createHmac } from 'node:crypto';
import { authSecret } from '../../../auth/secret';

/**
 * A subscriber's link tokens are derived, not stored: HMAC-SHA256 under a key derived from the app's
 * secret, over the purpose and the subscriber's random id. The database holds only their SHA-256
 * (lookups go by hash), so a copy of it confirms or cancels nothing; the sender derives them again to
 * put the links into each message (the outbox keeps no token either). Rotating NEXTAUTH_SECRET (or the
 * generated auth-secret file) invalidates every link sent before.
 */
export type TokenPurpose = 'confirm' | 'manage';

let cached: { secret: string; key: Buffer } | null = null;

function linkKey(): Buffer {
  const secret = authSecret();
  if (cached?.secret !== secret) {
    // A key of its own, so a link token never doubles as anything signed with the session secret.
    cached = {
      secret,
      key: createHmac('sha256', secret).update('watchfloor/status-subscriber-links/v1').digest(),
    };
  }
  return cached.key;
}

export function subscriberToken(purpose: TokenPurpose, subscriberId: string): string {
  return createHmac('sha256', linkKey()).update(`${purpose}:${subscriberId}`).digest('base64url');
}

/** What the database stores and looks a token up by (lower-case hex, as its check wants). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * A webhook subscriber's Standard Webhooks signing secret (`whsec_…`), derived like the link tokens (under a
 * key of its own), never stored: the sender derives it again for every message. The subscriber is told it
 * once, in the answer to its subscription.
 */
export function subscriberSigningSecret(subscriberId: string): string {
  const key = createHmac('sha256', linkKey()).update('webhook-signing-secret').digest();
  const secret = createHmac('sha256', key).update(subscriberId).digest().subarray(0, 24);
  return `whsec_${secret.toString('base64')}`;
}
