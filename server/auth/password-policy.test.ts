import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH, passwordProblems } from './password-policy';

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblems('correct horse battery staple', { email: 'ana@example.com' })).toEqual([]);
    expect(passwordProblems('zwölf Zeichen')).toEqual([]);
  });

  it('refuses short and absurdly long passwords', () => {
    expect(passwordProblems('Tr0ub4dor&3')).toEqual(['Use at least 12 characters']);
    expect(passwordProblems('x'.repeat(PASSWORD_MAX_LENGTH + 1))).toEqual(['Use at most 1024 characters']);
  });

  it('refuses common leaked passwords, also padded with digits and symbols, and the public demo password', () => {
    for (const p of [
      'qwerty123456',
      '1q2w3e4r5t6y',
      'Password2024!',
      '!!!Dragon12345',
      'iloveyou1234',
      'watchfloor-demo',
      'Watchfloor2026!',
    ])
      expect(passwordProblems(p), p).toEqual([
        'This password is on a list of common, leaked passwords; choose another',
      ]);
  });

  it("refuses the account's email or its local part", () => {
    const context = { email: 'Ana.Lopez@example.com' };
    expect(passwordProblems('ana.lopez@example.com', context)).toEqual([
      'Do not use your email address as your password',
    ]);
    expect(passwordProblems('ana.lopez@example.com!!', context)).toHaveLength(1);
    expect(passwordProblems('ana.lopez1234', { email: 'ana.lopez1234@example.com' })).toHaveLength(1);
  });
});
