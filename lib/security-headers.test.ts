import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  HSTS,
  hasMalformedEncoding,
  hasSessionCookie,
  newNonce,
  securityHeaders,
} from './security-headers';

const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q=';
const HTTP = { NEXTAUTH_URL: 'http://localhost:3000', NODE_ENV: 'production' };
const HTTPS = { NEXTAUTH_URL: 'https://watchfloor.example.com', NODE_ENV: 'production' };

function page(pathname: string, cookieNames: string[] = []) {
  return { pathname, cookieNames };
}

/** The policy as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('content security policy', () => {
  it('lets scripts run only with the nonce, and locks framing, plugins, base and forms', () => {
    const csp = directives(contentSecurityPolicy(NONCE, HTTP));
    expect(csp.get('script-src')).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it("allows inline style attributes but only nonced or own style elements; never 'unsafe-inline' scripts", () => {
    const policy = contentSecurityPolicy(NONCE, HTTP);
    const csp = directives(policy);
    expect(csp.get('style-src')).toEqual(["'self'", `'nonce-${NONCE}'`]);
    expect(csp.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it("has no 'unsafe-eval' in production, and only in development", () => {
    expect(contentSecurityPolicy(NONCE, HTTP)).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy(NONCE, { ...HTTP, NODE_ENV: undefined })).not.toContain('unsafe-eval');
    expect(
      directives(contentSecurityPolicy(NONCE, { ...HTTP, NODE_ENV: 'development' })).get('script-src'),
    ).toContain("'unsafe-eval'");
  });

  it('lets sign-in posts go on to the identity provider when single sign-on is on', () => {
    const csp = directives(
      contentSecurityPolicy(NONCE, { ...HTTP, OIDC_ISSUER: 'https://idp.example.com/realms/x' }),
    );
    expect(csp.get('form-action')).toEqual(["'self'", 'https://idp.example.com']);
    expect(
      directives(contentSecurityPolicy(NONCE, { ...HTTP, OIDC_ISSUER: 'not a url' })).get('form-action'),
    ).toEqual(["'self'"]);
  });

  it('upgrades insecure requests only when served over https', () => {
    expect(directives(contentSecurityPolicy(NONCE, HTTPS)).has('upgrade-insecure-requests')).toBe(true);
    expect(directives(contentSecurityPolicy(NONCE, HTTP)).has('upgrade-insecure-requests')).toBe(false);
  });
});

describe('securityHeaders', () => {
  it('gives the page and the renderer the same policy with the nonce', () => {
    const plan = securityHeaders(page('/status/acme'), HTTP, NONCE);
    expect(plan.response['Content-Security-Policy']).toBe(contentSecurityPolicy(NONCE, HTTP));
    expect(plan.request['Content-Security-Policy']).toBe(plan.response['Content-Security-Policy']);
    expect(plan.request['x-nonce']).toBe(NONCE);
  });

  it('sends HSTS only when NEXTAUTH_URL is https://', () => {
    expect(securityHeaders(page('/signin'), HTTPS, NONCE).response['Strict-Transport-Security']).toBe(HSTS);
    expect(securityHeaders(page('/api/trpc/x'), HTTPS, NONCE).response['Strict-Transport-Security']).toBe(
      HSTS,
    );
    expect(securityHeaders(page('/signin'), HTTP, NONCE).response).not.toHaveProperty(
      'Strict-Transport-Security',
    );
    expect(securityHeaders(page('/signin'), {}, NONCE).response).not.toHaveProperty(
      'Strict-Transport-Security',
    );
    expect(HSTS).toBe('max-age=31536000; includeSubDomains');
  });

  it('marks every console and portal page no-store, and any page of a signed-in browser', () => {
    for (const path of [
      '/',
      '/noc',
      '/soc',
      '/tickets/OUT-1001',
      '/admin/sla',
      '/notifications',
      '/portal',
      '/x',
    ])
      expect(securityHeaders(page(path), HTTP, NONCE).response['Cache-Control'], path).toBe('no-store');
    for (const cookie of [
      'next-auth.session-token',
      '__Secure-next-auth.session-token',
      'next-auth.session-token.0',
    ])
      expect(securityHeaders(page('/status/acme', [cookie]), HTTPS, NONCE).response['Cache-Control']).toBe(
        'no-store',
      );
  });

  it('leaves public pages of an anonymous browser to their own caching', () => {
    expect(securityHeaders(page('/status/acme'), HTTP, NONCE).response).not.toHaveProperty('Cache-Control');
    expect(
      securityHeaders(page('/signin', ['next-auth.csrf-token', 'next-auth.callback-url']), HTTP, NONCE)
        .response,
    ).not.toHaveProperty('Cache-Control');
  });

  it('leaves API routes their own policy and caching (they answer JSON)', () => {
    const plan = securityHeaders(page('/api/trpc/tickets.list', ['next-auth.session-token']), HTTP, NONCE);
    expect(plan).toEqual({ request: {}, response: {} });
    // The Events API v2 endpoints are machine endpoints outside /api (their clients only change the base URL).
    expect(securityHeaders(page('/v2/enqueue'), HTTP, NONCE)).toEqual({ request: {}, response: {} });
    expect(securityHeaders(page('/v2/change/enqueue'), HTTP, NONCE)).toEqual({ request: {}, response: {} });
    expect(securityHeaders(page('/v2x'), HTTP, NONCE).response).toHaveProperty('Content-Security-Policy');
  });
});

describe('session cookie', () => {
  it('is recognised by name only, not by look-alikes', () => {
    expect(hasSessionCookie(['next-auth.session-token'])).toBe(true);
    expect(hasSessionCookie(['next-auth.session-token.12'])).toBe(true);
    expect(hasSessionCookie(['next-auth.csrf-token', '__Host-next-auth.csrf-token'])).toBe(false);
    expect(hasSessionCookie(['xnext-auth.session-token', 'next-auth.session-tokens'])).toBe(false);
    expect(hasSessionCookie([])).toBe(false);
  });
});

describe('malformed percent-encoding', () => {
  it('is found in the reported paths and nowhere in well-formed ones', () => {
    expect(hasMalformedEncoding('/tickets/%E0%A4%A')).toBe(true);
    expect(hasMalformedEncoding('/status/%E0%A4%A')).toBe(true);
    expect(hasMalformedEncoding('/tickets/%zz')).toBe(true);
    expect(hasMalformedEncoding('/tickets/%')).toBe(true);
    expect(hasMalformedEncoding('/tickets/OUT-1001')).toBe(false);
    expect(hasMalformedEncoding('/tickets/%25E0')).toBe(false);
    expect(hasMalformedEncoding('/status/%E0%A4%A4')).toBe(false);
  });

  it('never flags a path that was encoded properly (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (segments) => {
        expect(hasMalformedEncoding(`/${segments.map(encodeURIComponent).join('/')}`)).toBe(false);
      }),
    );
  });
});

describe('nonce', () => {
  it('is 128 random bits in base64, fresh every time', () => {
    const nonces = new Set(Array.from({ length: 200 }, newNonce));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces) expect(atob(nonce)).toHaveLength(16);
  });
});
