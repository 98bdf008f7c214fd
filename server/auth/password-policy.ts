import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-limits';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

/**
 * The one password policy, for every password a person sets (WATCHFLOOR_ADMIN_PASSWORD at seeding, a
 * password change): long enough, not absurdly long, not on the bundled list of the 10,000 most common
 * leaked passwords, not that list's words padded with digits and symbols ("Password2024!"), not the
 * account's email. Length over composition rules, as NIST SP 800-63B advises.
 *
 * The demo seed is exempt: its accounts' password is public by design (README), which is also why the
 * policy refuses it for any real account.
 */

// Passwords published with this product, as good as leaked.
const PRODUCT_PASSWORDS = ['watchfloor-demo', 'watchfloor'];

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  if (!common) {
    const file = path.join(/*turbopackIgnore: true*/ process.cwd(), 'server', 'auth', 'common-passwords.txt');
    common = new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#')),
    );
    for (const p of PRODUCT_PASSWORDS) common.add(p);
  }
  return common;
}

/** What is wrong with a password, in words for the person choosing it; empty when it is acceptable. */
export function passwordProblems(password: string, context: { email?: string } = {}): string[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return [`Use at least ${PASSWORD_MIN_LENGTH} characters`];
  if (length > PASSWORD_MAX_LENGTH) return [`Use at most ${PASSWORD_MAX_LENGTH} characters`];
  const lower = password.normalize('NFKC').trim().toLowerCase();
  // The word inside any padding of digits, punctuation and spaces: "!!Dragon2024" → "dragon".
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const list = commonPasswords();
  if (list.has(lower) || (core && list.has(core)))
    return ['This password is on a list of common, leaked passwords; choose another'];
  const email = context.email?.trim().toLowerCase();
  if (email) {
    const local = email.split('@')[0] ?? '';
    if (lower.includes(email) || lower === local || core === local)
      return ['Do not use your email address as your password'];
  }
  return [];
}
