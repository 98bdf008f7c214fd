import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { signIn } from './support';

// Monthly SLA reports (DESIGN §2.6): the customer's portal page, its CSV, and staff's console view. The
// server runs on real time, so months are read off the page's own picker rather than written here.

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** Globex's organisation id, as staff's organisation picker holds it. */
async function globexId(browser: Browser): Promise<string> {
  const manager = await as(browser, 'manager@watchfloor.test');
  await manager.goto('/reports/sla');
  const id = await manager
    .getByLabel('Organisation')
    .locator('option', { hasText: 'Globex' })
    .getAttribute('value');
  await manager.context().close();
  return id!;
}

test("a customer reads their month, the current one provisional, downloads it, and never reaches Globex's", async ({
  browser,
}) => {
  const globex = await globexId(browser);
  const page = await as(browser, 'customer@acme.test');
  await page.goto('/portal/reports');
  const report = page.getByRole('region', { name: /^Acme: SLA report, / });
  await expect(report.getByRole('rowheader', { name: 'Website' })).toBeVisible();
  await expect(report.getByRole('rowheader', { name: 'All services' })).toBeVisible();
  await expect(report).not.toContainText('Provisional');
  await expect(report).toContainText('Generated');
  const months = page.getByLabel('Month');
  await expect(months.locator('option')).toHaveCount(12);
  const [current, closed] = await months
    .locator('option')
    .evaluateAll((options) => options.slice(0, 2).map((o) => (o as HTMLOptionElement).value));
  // The default is the last closed month.
  await expect(months).toHaveValue(closed!);

  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  await months.selectOption(current!);
  await page.getByRole('button', { name: 'Show report' }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/reports\\?month=${current}$`));
  await expect(report).toContainText('Provisional');

  // The download is the same table; a file for the running month says so in its name.
  const csv = await page.request.get(`/api/sla-reports/${current}.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-disposition']).toBe(
    `attachment; filename="acme-sla-${current}-provisional.csv"`,
  );
  const lines = (await csv.text()).split('\r\n');
  expect(lines[0]).toMatch(/^Service,Uptime %,/);
  expect(lines.map((l) => l.split(',')[0])).toContain('Website');

  // Changing the URL gets nothing of Globex: the CSV is a 404, the page stays Acme's.
  const foreign = await page.request.get(`/api/sla-reports/${closed}.csv?organisationId=${globex}`);
  expect(foreign.status()).toBe(404);
  expect(await foreign.text()).not.toContain('SD-WAN');
  await page.goto(`/portal/reports?month=${closed}&organisationId=${globex}`);
  await expect(page.getByRole('region', { name: /^Acme: SLA report, / })).toBeVisible();
  await expect(page.getByText('SD-WAN')).toHaveCount(0);

  // Printing leaves the report, not the page's controls.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Show report' })).toBeHidden();
  await expect(page.getByRole('link', { name: /Download CSV/ })).toBeHidden();
  await expect(page.getByRole('region', { name: /^Acme: SLA report, / })).toBeVisible();
  await page.context().close();
});

test("staff read any customer's report in the console", async ({ browser }) => {
  const page = await as(browser, 'manager@watchfloor.test');
  await page.goto('/reports');
  await page.getByRole('link', { name: "Customers' monthly SLA reports" }).click();
  await expect(page.getByRole('heading', { name: 'Customer SLA reports', level: 1 })).toBeVisible();
  await page.getByLabel('Organisation').selectOption({ label: 'Globex' });
  await page.getByRole('button', { name: 'Show report' }).click();
  const report = page.getByRole('region', { name: /^Globex: SLA report, / });
  await expect(report.getByRole('rowheader', { name: 'SD-WAN' })).toBeVisible();
  const href = await report.getByRole('link', { name: /Download CSV/ }).getAttribute('href');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('Data centre Frankfurt');
  await page.context().close();
});

test("admins set a customer's impact weights and credit tiers; a threshold twice is refused on its row", async ({
  browser,
}) => {
  const page = await as(browser, 'admin@watchfloor.test');
  await page.goto('/admin/customers');
  await page
    .getByRole('table', { name: 'Customers' })
    .getByRole('link', { name: 'Globex', exact: true })
    .click();
  const form = page.getByRole('form', { name: 'Customer Globex' });
  await expect(form.getByLabel('Partial outage (0–1)')).toHaveValue('0.3');
  await form.getByLabel('Partial outage (0–1)').fill('0.5');
  await form.getByRole('button', { name: 'Add tier' }).click();
  await form.getByLabel('Uptime threshold 4 (%)').fill('99.9');
  await form.getByLabel('Credit 4 (% of the fee)').fill('50');
  await form.getByRole('button', { name: 'Save customer' }).click();
  await expect(form.getByRole('listitem', { name: 'Credit tier 4' })).toContainText(
    'Each threshold once: this one is already in the table',
  );
  await form.getByLabel('Uptime threshold 4 (%)').fill('90');
  await form.getByRole('button', { name: 'Save customer' }).click();
  await expect(form).toContainText('Saved.');

  await page.reload();
  await expect(form.getByLabel('Partial outage (0–1)')).toHaveValue('0.5');
  await expect(form.getByLabel('Uptime threshold 4 (%)')).toHaveValue('90');
  await page.context().close();

  // Managers read the same contract as text.
  const manager = await as(browser, 'manager@watchfloor.test');
  await manager.goto('/admin/customers');
  await manager
    .getByRole('table', { name: 'Customers' })
    .getByRole('link', { name: 'Globex', exact: true })
    .click();
  const settings = manager.getByRole('region', { name: 'Settings' });
  await expect(settings).toContainText('partial × 0.5');
  await expect(settings).toContainText('below 90 % uptime: 50 % of the fee');
  await manager.context().close();
});
