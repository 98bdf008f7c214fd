import { expect, test } from '@playwright/test';
import { signIn } from './support';

// The public status page as an anonymous visitor sees it, and its machine-readable side: a Statuspage-
// compatible summary.json with a strong ETag (304 on If-None-Match) and public caching, and the feeds.

test('an anonymous visitor sees the banner, the components by group and 90 days of bars with their tooltips', async ({
  page,
}) => {
  const response = await page.goto('/status/acme');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Acme status' })).toBeVisible();
  // Nothing was published in this run: all green, in words as well as colour.
  const banner = page.getByTestId('overall-status');
  await expect(banner).toHaveText('All systems operational');
  await expect(banner).toHaveAttribute('data-status', 'operational');

  const groups = page.getByTestId('component-group');
  await expect(groups.getByRole('heading')).toHaveText(['Customer-facing', 'Internal']);
  const website = page.getByTestId('component').filter({ hasText: 'Website' });
  await expect(website).toContainText('Operational');
  const days = website.getByTestId('uptime-day');
  await expect(days).toHaveCount(90);

  // The last bar is today: focus it with the keyboard and its tooltip says the date, uptime and downtime.
  const today = days.last();
  const date = (await today.getAttribute('data-date'))!;
  expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await today.focus();
  await expect(today).toBeFocused();
  await expect(today).toHaveAccessibleName(new RegExp(`^${date}: 100\\.00 % uptime · no downtime`));
  // The tooltip is drawn from the accessible name, shown on keyboard focus (and hover), hidden otherwise.
  const tooltip = (day: typeof today) =>
    day.evaluate((el) => {
      const after = getComputedStyle(el, '::after');
      return { display: after.display, content: after.content };
    });
  expect(await tooltip(today)).toEqual({
    display: 'block',
    content: expect.stringContaining(`${date}: 100.00 % uptime`),
  });
  expect((await tooltip(days.first())).display).toBe('none');
  await days.first().hover();
  expect((await tooltip(days.first())).display).toBe('block');

  // The feeds are advertised in the head, and the footer links to the history.
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute(
    'href',
    /\/status\/acme\/history\.atom$/,
  );
  await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute(
    'href',
    /\/status\/acme\/history\.rss$/,
  );
  await page.getByRole('link', { name: 'Incident history' }).click();
  await expect(page).toHaveURL(/\/status\/acme\/history$/);
  await expect(page.getByRole('heading', { name: 'Incident history' })).toBeVisible();
});

test('summary.json is Statuspage-shaped, publicly cacheable for 30 s, and answers 304 to its ETag', async ({
  page,
}) => {
  await page.goto('/status/acme');
  const summary = await page.request.get('/status/acme/api/v2/summary.json');
  expect(summary.status()).toBe(200);
  expect(summary.headers()['content-type']).toBe('application/json');
  expect(summary.headers()['cache-control']).toBe('public, max-age=30');
  const etag = summary.headers().etag!;
  expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  const body = await summary.json();
  expect(body.page).toMatchObject({ name: 'Acme', time_zone: 'America/New_York' });
  expect(body.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  const names = body.components.map((c: { name: string }) => c.name);
  expect(names).toEqual(expect.arrayContaining(['Customer-facing', 'Website', 'Payments', 'Internal']));

  const again = await page.request.get('/status/acme/api/v2/summary.json', {
    headers: { 'If-None-Match': etag },
  });
  expect(again.status()).toBe(304);
  expect(again.headers().etag).toBe(etag);

  const unresolved = await page.request.get('/status/acme/api/v2/incidents/unresolved.json');
  expect(unresolved.status()).toBe(200);
  expect((await unresolved.json()).incidents).toEqual([]);
  for (const feed of ['history.atom', 'history.rss']) {
    const response = await page.request.get(`/status/acme/${feed}`);
    expect(response.status(), feed).toBe(200);
    expect(await response.text()).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>/);
  }
  // No page for an operator that did not choose to publish one, nor for an unknown slug.
  for (const path of ['/status/watchfloor', '/status/no-such-page', '/status/watchfloor/api/v2/summary.json'])
    expect((await page.request.get(path)).status(), path).toBe(404);
});

test('signed-in pages are never publicly cacheable', async ({ page }) => {
  await signIn(page, 'customer@acme.test');
  for (const path of ['/portal', '/status/acme']) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['cache-control'], path).toContain('no-store');
    expect(response.headers()['cache-control'], path).not.toContain('public');
  }
});
