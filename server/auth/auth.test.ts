import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mapOidcRole } from './oidc-roles';
import { hashPassword, verifyPassword } from './password';
import { authSecret } from './secret';

describe('generated auth secret', () => {
  const saved = { dir: process.env.WATCHFLOOR_DATA_DIR, secret: process.env.NEXTAUTH_SECRET };
  afterEach(() => {
    process.env.WATCHFLOOR_DATA_DIR = saved.dir;
    process.env.NEXTAUTH_SECRET = saved.secret;
    if (saved.dir === undefined) delete process.env.WATCHFLOOR_DATA_DIR;
    if (saved.secret === undefined) delete process.env.NEXTAUTH_SECRET;
  });

  it('is created once, strong, private to the owner, and reused across starts', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'wf-secret-')), 'nested', 'data');
    process.env.WATCHFLOOR_DATA_DIR = dir;
    delete process.env.NEXTAUTH_SECRET;
    const first = authSecret();
    expect(first.length).toBeGreaterThanOrEqual(48);
    expect(authSecret()).toBe(first);
    const file = path.join(dir, 'auth-secret');
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('prefers NEXTAUTH_SECRET when set', () => {
    process.env.WATCHFLOOR_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'wf-secret-'));
    process.env.NEXTAUTH_SECRET = 'from-the-environment-0123456789abcdef';
    expect(authSecret()).toBe('from-the-environment-0123456789abcdef');
  });
});

describe('passwords', () => {
  it('verifies the right password only, and never an account without a hash', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$2[aby]\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
  });
});

describe('OIDC role mapping', () => {
  const map = 'wf-admins=admin,noc=noc_engineer,soc=soc_analyst,leads=manager,bogus=superuser,cust=customer';
  it('maps claim values, preferring the most privileged role', () => {
    expect(mapOidcRole(['noc'], map)).toBe('noc_engineer');
    expect(mapOidcRole(['noc', 'wf-admins'], map)).toBe('admin');
    expect(mapOidcRole('soc leads', map)).toBe('manager');
  });
  it('refuses sign-in when nothing maps, and never maps to customer or unknown roles', () => {
    expect(mapOidcRole(['finance'], map)).toBeNull();
    expect(mapOidcRole(['bogus'], map)).toBeNull();
    expect(mapOidcRole(['cust'], map)).toBeNull();
    expect(mapOidcRole(undefined, map)).toBeNull();
    expect(mapOidcRole(['noc'], undefined)).toBeNull();
  });
});
