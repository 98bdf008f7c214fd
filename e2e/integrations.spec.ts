import { readFileSync } from 'node:fs';
import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import { signIn } from './support';

// Alert ingestion (#14) as an admin and the NOC meet it, against the production server: an integration
// created at /admin/integrations (react-hook-form, the service's own schema) with its key shown once, the
// shared Alertmanager fixtures posted with that key opening and then resolving an outage in the NOC queue,
// a revoked key refused, an Events v2 trigger, a heartbeat ping, and who may open the page at all.
// Each test makes its own integrations (names unique per run) on Globex, whose services no other journey
// puts under maintenance (maintenance would suppress the outage alerts).

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/integrations/${name}`, import.meta.url), 'utf8'));

const unique = (what: string) =>
  `${what} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

type Kind = 'Prometheus Alertmanager' | 'Events API v2' | 'Heartbeat monitor';

/** Creates an integration through the admin form and returns its key, read from the one-time notice. */
async function createIntegration(
  page: Page,
  options: {
    name: string;
    kind: Kind;
    resolve?: 'Move the ticket to monitoring' | 'Resolve the ticket';
    /** Fills the fields the kind brings with it. */
    more?: (form: Locator) => Promise<void>;
  },
): Promise<string> {
  await page.goto('/admin/integrations');
  const form = page.getByRole('form', { name: 'New integration' });
  await form.getByLabel('Name', { exact: true }).fill(options.name);
  await form.getByLabel('Kind', { exact: true }).selectOption({ label: options.kind });
  await form.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Globex' });
  await form.getByLabel('Default service', { exact: true }).selectOption({ label: 'SD-WAN' });
  await options.more?.(form);
  if (options.resolve)
    await form
      .getByLabel('When all its alerts resolve', { exact: true })
      .selectOption({ label: options.resolve });
  await form.getByRole('button', { name: 'Create integration', exact: true }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Copy it now' });
  await expect(notice).toContainText(options.name);
  await expect(notice).toContainText('never shown again');
  const key = await notice.getByRole('textbox', { name: 'Integration key' }).inputValue();
  expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return key;
}

const alertmanager = (page: Page, key: string, body: unknown) =>
  page.request.post('/api/integrations/alertmanager', {
    headers: { Authorization: `Bearer ${key}` },
    data: body,
  });

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

test('an Alertmanager integration opens an outage with its alerts, resolves it, and stops once revoked', async ({
  page,
  browser,
}) => {
  const name = unique('Prometheus fra1');
  await signIn(page, 'admin@watchfloor.test');
  const key = await createIntegration(page, {
    name,
    kind: 'Prometheus Alertmanager',
    resolve: 'Resolve the ticket',
  });

  // Shown once: the list has its prefix only, and after a reload the key is nowhere on the page.
  const table = page.getByRole('table', { name: 'Integrations' });
  const row = table.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Prometheus Alertmanager');
  await expect(row).toContainText(`${key.slice(0, 8)}…`);
  await page
    .getByRole('status')
    .filter({ hasText: 'Copy it now' })
    .getByRole('button', { name: 'I have copied it', exact: true })
    .click();
  await expect(page.getByRole('textbox', { name: 'Integration key' })).toHaveCount(0);
  await page.reload();
  await expect(row).toContainText('Active');
  await expect(page.getByRole('textbox', { name: 'Integration key' })).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  // The shared fixture: one group of two firing alerts → one outage.
  const firing = await alertmanager(page, key, fixture('alertmanager-v4-firing.json'));
  expect(firing.status()).toBe(200);
  expect(await firing.json()).toMatchObject({ status: 'success', alerts: 2, truncatedAlerts: 0 });
  // Re-sent, it changes nothing.
  expect((await alertmanager(page, key, fixture('alertmanager-v4-firing.json'))).status()).toBe(200);

  const noc = await signedInPage(browser, 'noc@watchfloor.test');
  await noc.goto('/noc');
  const queueRow = noc.getByRole('row').filter({ hasText: 'Uplink down on edge router' });
  await expect(queueRow).toHaveCount(1);
  await expect(queueRow).toContainText('P1');
  await queueRow.getByRole('link').first().click();
  await expect(noc).toHaveURL(/\/tickets\/OUT-\d+$/);
  const timeline = noc.getByRole('list', { name: 'Timeline' });
  await expect(timeline).toContainText(`Alert firing (${name}): Uplink xe-0/0/1 down on edge-rtr-01`);
  await expect(timeline).toContainText(`Alert firing (${name}): Uplink xe-0/0/3 down on edge-rtr-02`);
  await expect(timeline.getByText(/^Alert firing/)).toHaveCount(2);
  await expect(noc.getByTestId('ticket-status')).toHaveText(/new/);

  // Both alerts resolve; the integration is set to resolve the ticket.
  const resolved = await alertmanager(page, key, fixture('alertmanager-v4-resolved.json'));
  expect(resolved.status()).toBe(200);
  await noc.reload();
  await expect(noc.getByTestId('ticket-status')).toHaveText(/resolved/);
  await expect(timeline).toContainText(`Alert resolved (${name}): Uplink xe-0/0/1 down on edge-rtr-01`);
  await expect(timeline).toContainText(`Alert resolved (${name}): Uplink xe-0/0/3 down on edge-rtr-02`);
  await noc.context().close();

  // Revoked (after a confirmation), the key is refused.
  let confirmation = '';
  page.once('dialog', (dialog) => {
    confirmation = dialog.message();
    void dialog.accept();
  });
  await row.getByRole('button', { name: 'Revoke…', exact: true }).click();
  await expect(page.getByText(`${name} revoked.`)).toBeVisible();
  expect(confirmation).toContain(`Revoke ${name}?`);
  await page.reload();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button')).toHaveCount(0);
  const refused = await alertmanager(page, key, fixture('alertmanager-v4-firing.json'));
  expect(refused.status()).toBe(401);
  expect(refused.headers()['www-authenticate']).toBe('Bearer');
});

test('an integration set to monitoring moves its outage to monitoring once its alerts resolve', async ({
  page,
}) => {
  const name = unique('Prometheus ams2');
  await signIn(page, 'admin@watchfloor.test');
  const key = await createIntegration(page, {
    name,
    kind: 'Prometheus Alertmanager',
    resolve: 'Move the ticket to monitoring',
  });
  // The shared fixtures under a summary of this test's own, so its outage is told from any other.
  const summary = unique('Uplink down on core switch');
  const own = (file: string) => {
    const payload = fixture(file);
    return { ...payload, commonAnnotations: { ...payload.commonAnnotations, summary } };
  };
  expect((await alertmanager(page, key, own('alertmanager-v4-firing.json'))).status()).toBe(200);
  await page.goto('/noc');
  await page.getByRole('row').filter({ hasText: summary }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);
  const status = page.getByTestId('ticket-status');
  await expect(status).toHaveText(/new/);
  expect((await alertmanager(page, key, own('alertmanager-v4-resolved.json'))).status()).toBe(200);
  await page.reload();
  await expect(status).toHaveText(/monitoring/);
  await expect(page.getByRole('list', { name: 'Timeline' }).getByText(/^Alert resolved/)).toHaveCount(2);
});

test('an Events v2 trigger through /v2/enqueue answers 202 with its dedup_key', async ({ page }) => {
  const name = unique('IDS sensors');
  await signIn(page, 'admin@watchfloor.test');
  const key = await createIntegration(page, { name, kind: 'Events API v2' });
  const event = { ...fixture('events-v2-trigger.json'), routing_key: key };
  const response = await page.request.post('/v2/enqueue', { data: event });
  expect(response.status()).toBe(202);
  expect(await response.json()).toEqual({
    status: 'success',
    message: 'Event processed',
    dedup_key: event.dedup_key,
  });
  // The same event again is the same alert: still 202, the same dedup_key.
  const again = await page.request.post('/v2/enqueue', { data: event });
  expect(again.status()).toBe(202);
  expect((await again.json()).dedup_key).toBe(event.dedup_key);
  // An unknown routing key is refused.
  const unknown = await page.request.post('/v2/enqueue', { data: { ...event, routing_key: 'x'.repeat(43) } });
  expect(unknown.status()).toBe(401);
});

test('a heartbeat monitor takes a ping', async ({ page }) => {
  const name = unique('Backup job heartbeat');
  await signIn(page, 'admin@watchfloor.test');
  const key = await createIntegration(page, {
    name,
    kind: 'Heartbeat monitor',
    more: async (form) => {
      // Only a heartbeat monitor asks for an interval (5 minutes to start with).
      const interval = form.getByLabel('Expect a ping every (minutes)', { exact: true });
      await expect(interval).toHaveValue('5');
      await interval.fill('15');
      await form.getByLabel('Grace before an outage opens (minutes)', { exact: true }).fill('2');
    },
  });
  const row = page.getByRole('table', { name: 'Integrations' }).getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Heartbeat monitor');
  await expect(row).toContainText('every 15 min (grace 2)');

  const ping = await page.request.post('/api/integrations/heartbeat', {
    headers: { Authorization: `Bearer ${key}` },
  });
  expect(ping.status()).toBe(200);
  const body = await ping.json();
  expect(body).toMatchObject({ status: 'success', recovered: false });
  expect(Date.parse(body.nextPingDueAt)).toBeGreaterThan(Date.now());
  const refused = await page.request.post('/api/integrations/heartbeat', {
    headers: { Authorization: 'Bearer not-a-key' },
  });
  expect(refused.status()).toBe(401);
});

test('managers read the integrations without controls; NOC engineers cannot open the page', async ({
  page,
  browser,
}) => {
  const name = unique('Read-only check');
  await signIn(page, 'admin@watchfloor.test');
  await createIntegration(page, { name, kind: 'Prometheus Alertmanager' });

  const manager = await signedInPage(browser, 'manager@watchfloor.test');
  await manager.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
  await expect(manager.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
  const row = manager.getByRole('table', { name: 'Integrations' }).getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Active');
  const main = manager.getByRole('main');
  await expect(main.getByRole('form')).toHaveCount(0);
  await expect(main.getByRole('button')).toHaveCount(0);
  await expect(main.getByRole('textbox')).toHaveCount(0);
  await manager.context().close();

  const noc = await signedInPage(browser, 'noc@watchfloor.test');
  await expect(
    noc.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }),
  ).toHaveCount(0);
  expect((await noc.goto('/admin/integrations'))?.status()).toBe(404);
  await noc.context().close();
});
