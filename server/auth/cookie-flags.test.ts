import type { NextAuthOptions } from 'next-auth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { testEngines } from '../../test/databases';
import { type AuthResponse, callAuth } from '../../test/next-auth';
import { useDemoWorld } from '../../test/suite';
import type { DemoWorld } from '../../test/world';
import { createAuthOptions } from './options';

// Issue #15, "secure cookie flags in production": with an https NEXTAUTH_URL every cookie next-auth sets
// (session, CSRF token, callback URL) is prefixed (__Secure-, or __Host- for the CSRF token: no Domain,
// Path=/), HttpOnly, Secure and SameSite=Lax. Driven through next-auth's real handler, a real sign-in.

const SECRET = 'cookie-flags-test-secret-0123456789abcdef';

interface SetCookie {
  name: string;
  attributes: Map<string, string>;
}

function setCookies(response: AuthResponse): SetCookie[] {
  const raw = response.headers['set-cookie'] ?? [];
  return (Array.isArray(raw) ? raw : [raw]).map((line) => {
    const [pair = '', ...rest] = line.split(';').map((part) => part.trim());
    const attributes = new Map(
      rest.map((attribute) => {
        const eq = attribute.indexOf('=');
        return eq < 0
          ? [attribute.toLowerCase(), '']
          : [attribute.slice(0, eq).toLowerCase(), attribute.slice(eq + 1)];
      }),
    );
    return { name: pair.slice(0, pair.indexOf('=')), attributes };
  });
}

describe.each(testEngines())('next-auth cookie flags on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  let options: NextAuthOptions;
  useDemoWorld({ open }, (setup) => {
    ({ handle, world } = setup);
    options = createAuthOptions({ database: async () => handle.db, now: world.clock.now, secret: SECRET });
  });
  afterEach(() => vi.unstubAllEnvs());

  async function signInCookies(headers: Record<string, string>): Promise<SetCookie[]> {
    const csrf = await callAuth(options, { action: ['csrf'], headers });
    const token = (csrf.body as { csrfToken: string }).csrfToken;
    const signIn = await callAuth(options, {
      action: ['callback', 'credentials'],
      method: 'POST',
      body: {
        email: 'noc@watchfloor.test',
        password: 'watchfloor-demo',
        csrfToken: token,
        callbackUrl: '/',
        json: 'true',
      },
      cookies: csrf.cookies,
      headers,
    });
    expect(signIn.status).toBe(200);
    return [...setCookies(csrf), ...setCookies(signIn)];
  }

  it('over https: __Secure-/__Host- names, HttpOnly, Secure, SameSite=Lax, Path=/', async () => {
    vi.stubEnv('NEXTAUTH_URL', 'https://watch.example.com');
    const cookies = await signInCookies({
      host: 'watch.example.com',
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '198.51.100.7',
    });
    const names = cookies.map((c) => c.name);
    expect(names).toContain('__Secure-next-auth.session-token');
    expect(names).toContain('__Host-next-auth.csrf-token');
    expect(names).toContain('__Secure-next-auth.callback-url');
    for (const cookie of cookies) {
      expect(cookie.name, cookie.name).toMatch(/^__(Secure|Host)-next-auth\./);
      expect(cookie.attributes.has('httponly'), `${cookie.name} HttpOnly`).toBe(true);
      expect(cookie.attributes.has('secure'), `${cookie.name} Secure`).toBe(true);
      expect(cookie.attributes.get('samesite')?.toLowerCase(), `${cookie.name} SameSite`).toBe('lax');
      expect(cookie.attributes.get('path'), `${cookie.name} Path`).toBe('/');
      // __Host- cookies must not name a Domain (the browser rejects them otherwise); none of ours does.
      expect(cookie.attributes.has('domain'), `${cookie.name} Domain`).toBe(false);
    }
  });

  it('over plain http (development): unprefixed, still HttpOnly and SameSite=Lax, not Secure', async () => {
    vi.stubEnv('NEXTAUTH_URL', 'http://localhost:3000');
    const cookies = await signInCookies({ host: 'localhost:3000', 'x-forwarded-for': '198.51.100.8' });
    const session = cookies.find((c) => c.name === 'next-auth.session-token');
    expect(session).toBeDefined();
    for (const cookie of cookies) {
      expect(cookie.name).toMatch(/^next-auth\./);
      expect(cookie.attributes.has('httponly'), `${cookie.name} HttpOnly`).toBe(true);
      expect(cookie.attributes.get('samesite')?.toLowerCase()).toBe('lax');
      expect(cookie.attributes.has('secure'), `${cookie.name} Secure`).toBe(false);
    }
  });
});
