import { describe, expect, it } from 'vitest';
import { type CsrfEnv, crossSiteRefusal, isCsrfExempt, ownOrigins } from './csrf';

const request = (
  method: string,
  headers: Record<string, string>,
  url = 'http://localhost:3000/api/trpc/x',
) => ({
  method,
  url,
  headers: new Headers(headers),
});
const none: CsrfEnv = {};

describe('crossSiteRefusal', () => {
  it('lets safe methods through whatever their origin (queries and subscriptions are GETs)', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get'])
      expect(crossSiteRefusal(request(method, { origin: 'https://evil.example' }), none)).toBeNull();
  });

  it("trusts the browser's Fetch Metadata: same-origin and user-typed pass, same-site and cross-site do not", () => {
    expect(crossSiteRefusal(request('POST', { 'sec-fetch-site': 'same-origin' }), none)).toBeNull();
    expect(crossSiteRefusal(request('POST', { 'sec-fetch-site': 'none' }), none)).toBeNull();
    expect(crossSiteRefusal(request('POST', { 'sec-fetch-site': 'cross-site' }), none)).toMatch(/cross-site/);
    // A sibling subdomain, even with an Origin header that is almost ours.
    expect(
      crossSiteRefusal(
        request('POST', { 'sec-fetch-site': 'same-site', origin: 'http://evil.localhost:3000' }),
        none,
      ),
    ).toMatch(/same-site/);
  });

  it('falls back to Origin: our own passes, another or an opaque one is refused', () => {
    expect(crossSiteRefusal(request('POST', { origin: 'http://localhost:3000' }), none)).toBeNull();
    expect(crossSiteRefusal(request('POST', { origin: 'https://evil.example' }), none)).toMatch(
      /cross-origin/,
    );
    expect(crossSiteRefusal(request('POST', { origin: 'http://localhost:3001' }), none)).toMatch(
      /cross-origin/,
    );
    expect(crossSiteRefusal(request('POST', { origin: 'https://localhost:3000' }), none)).toMatch(
      /cross-origin/,
    );
    expect(crossSiteRefusal(request('POST', { origin: 'null' }), none)).toMatch(/opaque/);
    expect(crossSiteRefusal(request('DELETE', { origin: 'not a url' }), none)).toMatch(/cross-origin/);
  });

  it('lets a request with neither header through: not a browser page, so no ambient cookie to borrow', () => {
    expect(crossSiteRefusal(request('POST', {}), none)).toBeNull();
  });

  it('accepts the configured NEXTAUTH_URL origin and the Host the browser addressed', () => {
    const env = { NEXTAUTH_URL: 'https://watch.example.com/some/path' };
    const behindProxy = request(
      'POST',
      { origin: 'https://watch.example.com' },
      'http://10.0.0.5:3000/api/trpc/x',
    );
    expect(crossSiteRefusal(behindProxy, env)).toBeNull();
    expect(crossSiteRefusal(behindProxy, none)).toMatch(/cross-origin/);
    // Next may build request.url from its own hostname; the Host header is what the browser used.
    const byAddress = request('POST', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' });
    expect(crossSiteRefusal(byAddress, none)).toBeNull();
  });

  it('believes X-Forwarded-Host/-Proto only with WATCHFLOOR_TRUST_PROXY', () => {
    const headers = {
      origin: 'https://status.example.org',
      'x-forwarded-host': 'status.example.org, inner.proxy',
      'x-forwarded-proto': 'https',
    };
    expect(crossSiteRefusal(request('POST', headers), { WATCHFLOOR_TRUST_PROXY: '1' })).toBeNull();
    expect(crossSiteRefusal(request('POST', headers), { WATCHFLOOR_TRUST_PROXY: 'yes' })).toBeNull();
    expect(crossSiteRefusal(request('POST', headers), { WATCHFLOOR_TRUST_PROXY: '0' })).toMatch(
      /cross-origin/,
    );
    expect(crossSiteRefusal(request('POST', headers), none)).toMatch(/cross-origin/);
  });
});

describe('ownOrigins', () => {
  it('ignores an unparseable NEXTAUTH_URL instead of throwing', () => {
    expect([...ownOrigins(request('POST', {}), { NEXTAUTH_URL: '::nonsense' })]).toEqual([
      'http://localhost:3000',
    ]);
  });
});

describe('isCsrfExempt', () => {
  it('exempts only routes that read no session cookie', () => {
    for (const path of [
      '/api/auth/callback/credentials',
      '/api/integrations/alertmanager',
      '/api/integrations/heartbeat',
      '/v2/enqueue',
      '/v2/change/enqueue',
      '/status/subscriptions/unsubscribe/one-click',
    ])
      expect(isCsrfExempt(path), path).toBe(true);
    for (const path of ['/api/trpc/tickets.comment', '/api/trpc/a,b', '/api/authx', '/portal', '/v2x'])
      expect(isCsrfExempt(path), path).toBe(false);
  });
});
