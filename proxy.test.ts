import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { proxy } from './proxy';

// The proxy is glue over pure, separately tested rules (lib/security-headers.ts, lib/request-id.ts); this
// checks that the request id goes both ways: to the route (on the request) and back (on the response).
describe('proxy', () => {
  const forwarded = (response: Response) => response.headers.get('x-middleware-request-x-request-id');

  it('keeps a sane X-Request-Id, hands it to the route and echoes it', () => {
    const response = proxy(
      new NextRequest('http://localhost/api/health', { headers: { 'x-request-id': 'lb-7f3a.42' } }),
    );
    expect(response.headers.get('x-request-id')).toBe('lb-7f3a.42');
    expect(forwarded(response)).toBe('lb-7f3a.42');
  });

  it('replaces an unsafe one with a fresh UUID, on pages and on refusals too', () => {
    const page = proxy(new NextRequest('http://localhost/noc', { headers: { 'x-request-id': 'a b\tc' } }));
    const id = page.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(forwarded(page)).toBe(id);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const refused = proxy(new NextRequest('http://localhost/%E0%A4%A'));
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

// CSRF (lib/csrf.ts decides; the proxy must apply it to cookie routes and leave the exempt ones alone).
describe('proxy: cross-site state changes', () => {
  const post = (path: string, headers: Record<string, string>) =>
    proxy(new NextRequest(`http://localhost:3000${path}`, { method: 'POST', headers, body: '{}' }));
  const passedOn = (response: Response) => response.headers.get('x-middleware-next') === '1';

  it('refuses a cross-site tRPC mutation with 403, as a form post or a text/plain fetch would send it', async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      { origin: 'null', 'content-type': 'text/plain' },
    ]) {
      const response = post('/api/trpc/tickets.comment', headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(passedOn(response)).toBe(false);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
  });

  it('passes a same-origin mutation and a cross-site GET on to the route', () => {
    expect(passedOn(post('/api/trpc/tickets.comment', { 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(passedOn(post('/api/trpc/tickets.comment', { origin: 'http://localhost:3000' }))).toBe(true);
    const get = proxy(
      new NextRequest('http://localhost:3000/api/trpc/tickets.list', {
        headers: { origin: 'https://evil.example' },
      }),
    );
    expect(passedOn(get)).toBe(true);
  });

  it('leaves the bearer-key ingestion routes, next-auth and one-click unsubscribe to their own credentials', () => {
    const foreign = { origin: 'https://mail.example', 'sec-fetch-site': 'cross-site' };
    for (const path of [
      '/api/integrations/alertmanager',
      '/v2/enqueue',
      '/api/auth/callback/oidc',
      '/status/subscriptions/unsubscribe/one-click',
    ])
      expect(passedOn(post(path, foreign)), path).toBe(true);
  });
});
