import { randomBytes } from 'node:crypto';
import { hashPool } from './hash-pool';

// bcrypt cost 12 ≈ 250 ms here: slow for an attacker with a stolen table, fine for an interactive sign-in.
const COST = Number(process.env.WATCHFLOOR_BCRYPT_COST ?? 12);

/** Hashes on a worker thread (hash-pool.ts); throws HasherBusyError when its queue is full. */
export function hashPassword(password: string): Promise<string> {
  return hashPool().run({ op: 'hash', password, cost: COST });
}

// Compared against when the email is unknown, so that response time does not reveal which emails exist.
// Made once per process at the configured cost, so that it takes as long as a real user's comparison.
let dummyHash: Promise<string> | undefined;

function dummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(18).toString('base64')).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const ok = await hashPool().run({ op: 'compare', password, hash: hash ?? (await dummy()) });
  return ok && hash !== null;
}
