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
