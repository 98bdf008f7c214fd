import { expect, test } from '@playwright/test';
import { signIn } from './support';

// CSRF (lib/csrf.ts, applied in proxy.ts): a page of another site cannot make a signed-in person's browser
// change anything through tRPC, while the app's own pages (same origin) go on working. (A cross-site
// text/plain fetch is covered in proxy.test.ts: here Chromium never sent one from the other site's page
// to localhost, presumably its Private Network Access rule, so there was no answer to check.)

const ATTACKER = 'http://evil.test';

test('a cross-site form post to a tRPC mutation is refused with 403', async ({ page, baseURL }) => {
  await signIn(page, 'noc@watchfloor.test');
  // The attacker's page, served by the test: a text/plain form (a "simple" request, no CORS preflight),
  // its body shaped as tRPC JSON, submitted by script as soon as it loads.
  await page.route(`${ATTACKER}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><form method="post" enctype="text/plain"
        action="${baseURL}/api/trpc/tickets.comment"><input name='{"json":{"ticketId":"x","body":"' value='"}}'></form>
        <script>document.forms[0].submit()</script>`,
    }),
  );
  const answer = page.waitForResponse((r) => r.url().includes('/api/trpc/tickets.comment'));
  await page.goto(`${ATTACKER}/`);
  const response = await answer;
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain('FORBIDDEN');
});

test("the app's own pages still call mutations: same-origin POSTs reach tRPC", async ({ page }) => {
  await signIn(page, 'noc@watchfloor.test');
  await page.goto('/noc');
  // The browser adds Origin and Sec-Fetch-Site: same-origin; tRPC then judges the input (400, not 403).
  const status = await page.evaluate(async () => {
    const r = await fetch('/api/trpc/tickets.comment', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { ticketId: 'not-a-uuid', body: '' } }),
    });
    return r.status;
  });
  expect(status).toBe(400);
});

test('a forged Origin on a cookie-carrying POST is refused; the same POST without one is judged by tRPC', async ({
  page,
  baseURL,
}) => {
  await signIn(page, 'noc@watchfloor.test');
  const body = JSON.stringify({ json: { ticketId: 'not-a-uuid', body: '' } });
  const url = `${baseURL}/api/trpc/tickets.comment`;
  const forged = await page.request.post(url, {
    headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    data: body,
  });
  expect(forged.status()).toBe(403);
  const plain = await page.request.post(url, { headers: { 'content-type': 'application/json' }, data: body });
  expect(plain.status()).toBe(400);
});
