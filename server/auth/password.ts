import bcrypt from 'bcryptjs';

// bcrypt cost 12 ≈ 250 ms here: slow for an attacker with a stolen table, fine for an interactive sign-in.
const COST = Number(process.env.WATCHFLOOR_BCRYPT_COST ?? 12);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

// Compared against when the email is unknown, so that response time does not reveal which emails exist.
const DUMMY_HASH = '$2b$12$5BJ6zfA1iXbBui91os7NveSqrxN.tn1fRriYN7v4oatwzpQnAkPT2';

export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  return bcrypt.compare(password, hash ?? DUMMY_HASH).then((ok) => ok && hash !== null);
}
