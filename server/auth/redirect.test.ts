import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { authOptions } from './options';

const BASE = 'http://localhost:3214';

describe("next-auth's redirect callback", () => {
  beforeAll(() => {
    process.env.NEXTAUTH_SECRET ??= 'redirect-test-secret-0123456789abcdef0123456789';
  });

  async function redirect(url: string) {
    const callback = authOptions().callbacks?.redirect;
    if (!callback) throw new Error('no redirect callback');
    return callback({ url, baseUrl: BASE });
  }

  it('sends another host, a scheme or a backslash trick home instead', async () => {
    expect(await redirect('/\\127.0.0.1:3999/pwned')).toBe(`${BASE}/`);
    expect(await redirect('/\t/evil.test')).toBe(`${BASE}/`);
    expect(await redirect('https://evil.test/x')).toBe(`${BASE}/`);
    expect(await redirect('javascript:alert(1)')).toBe(`${BASE}/`);
  });

  it('keeps a path on our origin, relative or absolute', async () => {
    expect(await redirect('/signin')).toBe(`${BASE}/signin`);
    expect(await redirect(`${BASE}/tickets/OUT-1001?x=1#t`)).toBe(`${BASE}/tickets/OUT-1001?x=1#t`);
    expect(await redirect('/.//evil.test')).toBe(`${BASE}/evil.test`);
  });

  it('always answers an absolute URL on our origin whose path cannot read as a host (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc
            .array(fc.constantFrom('/', '\\', '\t', '.', '..', 'evil.test', '127.0.0.1:3999', 'javascript:'))
            .map((p) => p.join('')),
        ),
        async (url) => {
          const target = new URL(await redirect(url));
          expect(target.origin).toBe(BASE);
          expect(target.pathname.startsWith('//')).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
