import { expect, test } from '@playwright/test';
import { signIn } from './support';

test('a NOC engineer logs an outage through the form and finds it in the queue', async ({ page }) => {
  await signIn(page, 'noc@watchfloor.test');
  await expect(page).toHaveURL(/\/noc$/);
  await expect(page.getByRole('heading', { name: 'NOC queue' })).toBeVisible();

  await page.getByRole('link', { name: 'New outage' }).first().click();
  await expect(page.getByRole('heading', { name: 'New outage' })).toBeVisible();

  // Invalid input: field errors from the shared zod schema, nothing submitted.
  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page.getByText('Give the ticket a title of at least 3 characters')).toBeVisible();
  await expect(page.getByText('Choose a customer')).toBeVisible();

  const title = `Edge router down in Newark ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('BGP sessions to both upstreams dropped at 14:02.');
  await page.getByLabel('Customer').selectOption({ label: 'Acme' });
  await page.getByLabel('Website').check();
  await page.getByLabel('Public API').check();

  // The priority follows impact × urgency live.
  const preview = page.getByTestId('priority-preview');
  await expect(preview).toContainText('P3');
  await page.getByLabel('Impact').selectOption('high');
  await page.getByLabel('Urgency').selectOption('high');
  await expect(preview).toContainText('P1');

  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);
  const number = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  // The header names the services too: the details panel lists them.
  await expect(page.getByRole('region', { name: 'Details' }).getByText('Website, Public API')).toBeVisible();
  await expect(page.getByTestId('ticket-status')).toHaveText(/new/);

  // A new outage does not turn the page red before anyone has told the public anything (DESIGN §2.6).
  const anonymous = await page.context().browser()!.newContext();
  const statusPage = await anonymous.newPage();
  await statusPage.goto('/status/acme');
  await expect(statusPage.getByRole('heading', { name: 'Acme status' })).toBeVisible();
  await expect(statusPage.getByTestId('component').filter({ hasText: 'Website' })).toContainText(
    'Operational',
  );

  // Nothing reaches the status page until the NOC publishes: the first public update, with an explicit
  // status for each of the outage's services (left blank, the form says so).
  const updates = page.getByRole('region', { name: 'Public updates' });
  await updates.getByRole('button', { name: 'Post a public update…' }).click();
  await expect(updates.getByLabel('Public title')).toHaveValue(title);
  await updates.getByLabel('Stage').selectOption('investigating');
  await updates.getByLabel('Update for customers').fill('Acme website and API unreachable; investigating.');
  await updates.getByRole('button', { name: 'Publish update' }).click();
  await expect(updates.getByText('Choose this service’s status')).toHaveCount(2);
  await updates.getByLabel('Website').selectOption('major_outage');
  await updates.getByLabel('Public API').selectOption('partial_outage');
  page.once('dialog', async (dialog) => {
    expect(dialog.message()).toContain("Acme's portal users and anyone visiting Acme's public status page");
    await dialog.accept();
  });
  await updates.getByRole('button', { name: 'Publish update' }).click();
  const published = updates.getByRole('list', { name: 'Published updates' }).getByRole('listitem').first();
  await expect(published).toContainText('Investigating');
  await expect(published).toContainText('Acme website and API unreachable; investigating.');
  await expect(published.getByRole('list', { name: 'Component statuses' })).toContainText(
    'Website:Major outage',
  );
  await expect(published).toContainText('Public API:Partial outage');

  await page.getByRole('link', { name: 'NOC queue' }).click();
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText(number);
  await expect(row).toContainText('P1');

  // The public status page (no sign-in) now shows what was published, and only that.
  await statusPage.reload();
  const website = statusPage.getByTestId('component').filter({ hasText: 'Website' });
  await expect(website).toContainText('Major outage');
  await expect(statusPage.getByTestId('component').filter({ hasText: 'Public API' })).toContainText(
    'Partial outage',
  );
  await expect(statusPage.getByTestId('overall-status')).toContainText('Major outage');
  await expect(statusPage.getByTestId('overall-status')).toHaveAttribute('data-status', 'major_outage');
  await anonymous.close();
});

test('every demo account signs in and lands where its work is', async ({ browser }) => {
  const landings: [string, RegExp][] = [
    ['admin@watchfloor.test', /\/noc$/],
    ['manager@watchfloor.test', /\/noc$/],
    ['noc@watchfloor.test', /\/noc$/],
    ['soc@watchfloor.test', /\/soc$/],
    ['customer@acme.test', /\/portal$/],
    ['customer@globex.test', /\/portal$/],
  ];
  for (const [email, landing] of landings) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    await expect(page, email).toHaveURL(landing);
    await context.close();
  }
});

test('a wrong password is refused with a message, not a stack trace', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('noc@watchfloor.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test('customers see only their own organisation and never the SOC', async ({ page }) => {
  await signIn(page, 'customer@globex.test');
  await expect(page.getByRole('heading', { name: 'Your tickets' })).toBeVisible();
  const rows = page.getByRole('row');
  await expect(rows.filter({ hasText: 'Frankfurt' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Acme' })).toHaveCount(0);
  // Console pages send customers back to their portal; a security incident is simply not there.
  await page.goto('/soc');
  await expect(page).toHaveURL(/\/portal$/);
  // The API answers NOT_FOUND for a security incident, exactly as for one that does not exist.
  const input = encodeURIComponent(JSON.stringify({ json: { number: 'SEC-1' } }));
  const denied = await page.request.get(`/api/trpc/tickets.get?input=${input}`);
  expect(denied.status()).toBe(404);
  const missing = await page.request.get(
    `/api/trpc/tickets.get?input=${encodeURIComponent(JSON.stringify({ json: { number: 'SEC-999999' } }))}`,
  );
  expect(missing.status()).toBe(404);
  expect((await denied.json()).error.json.message).toBe((await missing.json()).error.json.message);
});

test('unknown pages answer 404 and health reports the database', async ({ page, request }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({
    status: 'ok',
    database: { reachable: true, engine: 'pglite', migration: expect.stringMatching(/^\d{4}_/) },
  });
});
