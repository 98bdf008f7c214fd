import { expect, test } from '@playwright/test';
import { signIn } from './support';

// Operating the app (#14), against the production server: the Prometheus metrics for admins only, the
// OpenAPI document, and the console page that renders it.

test('metrics refuse the anonymous and answer an admin in the Prometheus text format', async ({ page }) => {
  const anonymous = await page.request.get('/api/metrics');
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()['www-authenticate']).toContain('Bearer');
  expect(await anonymous.text()).not.toContain('watchfloor_tickets');

  // A staff member who is not an admin is refused too.
  await signIn(page, 'noc@watchfloor.test');
  expect((await page.request.get('/api/metrics')).status()).toBe(403);
  await page.context().clearCookies();

  await signIn(page, 'admin@watchfloor.test');
  const metrics = await page.request.get('/api/metrics');
  expect(metrics.status()).toBe(200);
  expect(metrics.headers()['content-type']).toMatch(/^text\/plain/);
  const text = await metrics.text();
  expect(text).toMatch(/^# TYPE watchfloor_tickets gauge$/m);
  expect(text).toMatch(/^watchfloor_tickets\{kind="outage",state="[a-z_]+"\} \d+$/m);
  expect(text).toMatch(/^# TYPE watchfloor_ingestion_events_total counter$/m);
});

test('the OpenAPI document names /v2/enqueue and the console renders it for staff', async ({ page }) => {
  const response = await page.request.get('/api/openapi.json');
  expect(response.status()).toBe(200);
  const document = JSON.parse(await response.text());
  expect(document.openapi).toMatch(/^3\.1\./);
  expect(document.paths['/v2/enqueue']?.post).toBeTruthy();
  expect(document.paths['/api/integrations/alertmanager']?.post).toBeTruthy();

  await signIn(page, 'noc@watchfloor.test');
  await page.goto('/api-docs');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(document.info.title);
  const endpoints = page.getByRole('navigation', { name: 'Endpoints' });
  await expect(endpoints.getByRole('link', { name: 'post /v2/enqueue', exact: true })).toBeVisible();
  await endpoints.getByRole('link', { name: 'post /v2/enqueue', exact: true }).click();
  await expect(page).toHaveURL(/#[\w-]+$/);
  await expect(page.getByRole('heading', { name: /\/v2\/enqueue$/, level: 3 })).toBeVisible();
});
