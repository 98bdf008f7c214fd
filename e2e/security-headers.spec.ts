import { type Browser, expect, type Page, type Response, test } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './support';

/** Every CSP report and uncaught error the page produces: a policy that breaks a page shows up here. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().includes('/nope'))
      problems.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}

/** The response's nonce, checked against the policy, and every script the server sent carries it. */
async function expectNoncedPage(response: Response | null) {
  expect(response).not.toBeNull();
  const policy = (await response?.allHeaders())?.['content-security-policy'] ?? '';
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  expect(nonce, `a nonce in the policy of ${response?.url()}`).toBeTruthy();
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toContain('unsafe-eval');
  const html = (await response?.text()) ?? '';
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  return nonce as string;
}

async function signedIn(browser: Browser, email: string) {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  const problems = watch(page);
  await signIn(page, email);
  return { context, page, problems };
}

test('every page carries a fresh nonce CSP, its scripts carry the nonce, and it works without a violation', async ({
  browser,
}) => {
  const anonymous = await browser.newContext({ colorScheme: 'dark' });
  const page = await anonymous.newPage();
  const problems = watch(page);

  const first = await expectNoncedPage(await page.goto('/signin'));
  // The nonced theme script ran (dark mode), and the client form is live: validation is client-side.
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Enter your email address')).toBeVisible();
  expect(await expectNoncedPage(await page.goto('/signin'))).not.toBe(first);

  // The status page comes from the server's front (scripts/serve.mjs) after its first render: still a
  // fresh nonce every time, on the policy and on every script, and the page runs without a violation.
  const statusNonces = new Set<string>();
  for (let load = 0; load < 3; load++) {
    statusNonces.add(await expectNoncedPage(await page.goto('/status/acme')));
    await expect(page.getByRole('heading', { name: 'Acme status' })).toBeVisible();
  }
  expect(statusNonces.size).toBe(3);
  await page.getByTestId('uptime-day').last().hover();
  const missing = await page.goto('/nope');
  expect(missing?.status()).toBe(404);
  await expectNoncedPage(missing);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await anonymous.close();

  const staff: [string, string[]][] = [
    ['noc@watchfloor.test', ['/noc', '/tickets/OUT-1001', '/tickets/new', '/notifications']],
    ['soc@watchfloor.test', ['/soc']],
    ['admin@watchfloor.test', ['/admin/sla']],
    ['customer@acme.test', ['/portal']],
  ];
  for (const [email, paths] of staff) {
    const session = await signedIn(browser, email);
    for (const path of paths) {
      await expectNoncedPage(await session.page.goto(path));
      await expect(session.page.locator('html')).toHaveClass(/dark/);
      await expect(session.page.getByRole('heading').first()).toBeVisible();
    }
    problems.push(...session.problems);
    await session.context.close();
  }

  // Client-side navigation (Next's dynamically loaded chunks, allowed by 'strict-dynamic') works too.
  const noc = await signedIn(browser, 'noc@watchfloor.test');
  await noc.page.getByRole('link', { name: 'New outage' }).first().click();
  await expect(noc.page.getByRole('heading', { name: 'New outage' })).toBeVisible();
  await noc.page.getByRole('button', { name: 'Create outage' }).click();
  await expect(noc.page.getByText('Choose a customer')).toBeVisible();
  problems.push(...noc.problems);
  await noc.context.close();

  expect(problems).toEqual([]);
});

test('the policy is enforced: markup injected into a real page cannot run script', async ({ page }) => {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) reports.push(message.text());
  });
  // As a stored XSS would: the server's real response and headers, with attacker markup in the body.
  await page.route('**/status/acme', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(
      '<body',
      '<script>window.injected = "inline"</script><img src="/x.png" onerror="window.injected = \'handler\'"><body',
    );
    await route.fulfill({ response, body });
  });
  await page.goto('/status/acme');
  await expect(page.getByRole('heading', { name: 'Acme status' })).toBeVisible();
  expect(await page.evaluate(() => (window as { injected?: string }).injected)).toBeUndefined();
  await expect.poll(() => reports.length).toBeGreaterThanOrEqual(2);
});

test('a signed-in page is never stored; HSTS is not sent over plain http', async ({ page }) => {
  await signIn(page, 'noc@watchfloor.test');
  for (const path of ['/noc', '/tickets/OUT-1001', '/status/acme']) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['cache-control'], path).toContain('no-store');
    expect(response.headers()['strict-transport-security'], path).toBeUndefined();
  }
});

test('favicon, icons, web manifest and robots.txt are served as they are', async ({ page, request }) => {
  const favicon = await request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toBe('image/x-icon');

  const manifestResponse = await request.get('/manifest.webmanifest');
  expect(manifestResponse.status()).toBe(200);
  const manifest = JSON.parse(await manifestResponse.text());
  expect(manifest).toMatchObject({ name: 'Watchfloor', display: 'standalone', start_url: '/' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  const sizes = manifest.icons.map((icon: { sizes: string }) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons as { src: string; type: string }[]) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()['content-type'], icon.src).toBe(icon.type);
  }

  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  const rules = (await robots.text()).split('\n');
  expect(rules).toContain('Allow: /status/');
  for (const path of ['/tickets', '/noc', '/soc', '/admin', '/notifications', '/portal', '/signin', '/api'])
    expect(rules).toContain(`Disallow: ${path}`);

  // The root layout links them; loading a page asks for nothing that is missing.
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto('/status/acme');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', '/favicon.ico');
  const icon = await page.evaluate(async () => (await fetch('/favicon.ico')).status);
  expect(icon).toBe(200);
  expect(missing).toEqual([]);
});

test('malformed percent-encoding in a path answers 400 or 404, never 500', async ({ page, request }) => {
  for (const path of ['/tickets/%E0%A4%A', '/status/%E0%A4%A', '/api/trpc/%E0%A4%A', '/%zz']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect(await response.text(), path).toContain('not valid percent-encoding');
  }
  await signIn(page, 'noc@watchfloor.test');
  // Well-formed, but decoding it twice would not be: the page must not decode params again.
  for (const path of ['/tickets/%25E0%25A4%25A', '/tickets/%E0%A4%A4', '/status/%25zz']) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
  }
});

test('a callbackUrl to another host is not followed after sign-in', async ({ page, baseURL }) => {
  for (const callback of ['%2F%5C127.0.0.1%3A3999%2Fpwned', '%2F%09%2F127.0.0.1%3A3999%2Fpwned']) {
    await page.context().clearCookies();
    await page.goto(`/signin?callbackUrl=${callback}`);
    await page.getByLabel('Email').fill('noc@watchfloor.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/noc$/);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL as string).origin);
  }
  // A same-origin callback is still honoured.
  await page.context().clearCookies();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent('/notifications')}`);
  await page.getByLabel('Email').fill('noc@watchfloor.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/notifications$/);
});
