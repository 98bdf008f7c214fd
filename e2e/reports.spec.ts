import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { signIn } from './support';

/** The charts on the page, and whether each has drawn its SVG (legend swatches are SVG too: not counted). */
const charts = (page: Page) => page.getByTestId('report-chart');
async function expectDrawn(page: Page, count: number) {
  await expect(charts(page)).toHaveCount(count);
  for (const chart of await charts(page).all())
    await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
}

async function downloadCsv(page: Page, table: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: `Download CSV for ${table}` }).click(),
  ]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

test('a manager opens the reports, changes the period and downloads the table behind a chart', async ({
  page,
}) => {
  await signIn(page, 'manager@watchfloor.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  await expect(page.getByLabel('Period')).toHaveValue('30d');
  await expect(charts(page).first().locator('svg.recharts-surface').first()).toBeVisible();

  await page.getByLabel('Period').selectOption('7d');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\/reports\?period=7d$/);
  await expect(page.getByLabel('Period')).toHaveValue('7d');
  // MTTA, MTTR, SLA met by priority and by team (the seed's clocks), breaches, handoffs; by customer too
  // when the seed's clocks started in the window (they did: the seed ran when the server started).
  await expectDrawn(page, 7);
  await expect(page.getByRole('heading', { name: 'Breaches over time' })).toBeVisible();

  const breaches = await downloadCsv(page, 'Breaches over time');
  expect(breaches.name).toMatch(/^watchfloor-breaches-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = breaches.text.split('\r\n');
  expect(lines[0]).toBe('Day,Response,Resolution,Handoff acceptance,NOC action,Total');
  expect(lines).toHaveLength(1 + 7 + 1); // seven days, and the CRLF after the last record

  const byPriority = await downloadCsv(page, 'SLA met by priority');
  expect(byPriority.text.split('\r\n')[0]).toBe('Priority,SLA,Met,Missed,Still running,% met');

  // The chart's accessible alternative is the same table.
  await page.getByText('Data table for SLA met by priority').click();
  const table = page.getByRole('table', { name: 'SLA met by priority' });
  await expect(table.getByRole('columnheader')).toHaveText([
    'Priority',
    'SLA',
    'Met',
    'Missed',
    'Still running',
    '% met',
  ]);
  await expect(table.getByRole('row')).toHaveCount(1 + 8);
});

test('a custom range lives in the URL, and a range that ends before it starts is refused on its field', async ({
  page,
}) => {
  await signIn(page, 'manager@watchfloor.test');
  await page.goto('/reports');
  await page.getByLabel('Period').selectOption('custom');
  await page.getByLabel('First day').fill('2026-03-10');
  await page.getByLabel('Last day').fill('2026-03-01');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('The last day cannot be before the first')).toBeVisible();
  await expect(page).toHaveURL(/\/reports$/);
  await page.getByLabel('Last day').fill('2026-03-16');
  await page.getByLabel('Tickets', { exact: true }).selectOption('security');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\/reports\?period=custom&from=2026-03-10&to=2026-03-16&kind=security$/);
  await expect(page.getByText(/10 Mar 2026 – 16 Mar 2026/)).toBeVisible();
  await expect(charts(page).first().locator('svg.recharts-surface').first()).toBeVisible();
  // The same query exports the same view.
  const csv = await downloadCsv(page, 'Time to acknowledge and resolve');
  expect(csv.name).toBe('watchfloor-mtta-mttr-2026-03-10-to-2026-03-16.csv');
  expect(csv.text.split('\r\n').slice(0, 2)).toEqual([
    'Day,Kind,Acknowledged,MTTA (min),Resolved,MTTR (h)',
    '2026-03-10,Security incidents,0,,0,',
  ]);
  // A URL that does not parse shows the form with the reason, not an error page.
  await page.goto('/reports?period=custom&from=2026-02-30&to=2026-03-01');
  await expect(page.getByText(/real date/)).toBeVisible();
});

test('the data tables pass axe in both themes', async ({ browser }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await signIn(page, 'manager@watchfloor.test');
    await page.goto('/reports?period=7d');
    await expect(charts(page).first().locator('svg.recharts-surface').first()).toBeVisible();
    for (const summary of await page.locator('summary').all()) await summary.click();
    await expect(page.getByRole('table')).toHaveCount(6);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      colorScheme,
    ).toEqual([]);
    await context.close();
  }
});

test('NOC engineers report on outages only; customers never reach the reports', async ({ browser }) => {
  const noc = await (await browser.newContext()).newPage();
  await signIn(noc, 'noc@watchfloor.test');
  await noc.goto('/reports');
  await expect(noc.getByText(/Outages · by day/)).toBeVisible();
  await expect(noc.getByLabel('Tickets', { exact: true })).toHaveCount(0);
  expect((await noc.request.get('/api/reports/mtta-mttr.csv?kind=security')).status()).toBe(403);
  await noc.context().close();

  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, 'customer@acme.test');
  await customer.goto('/reports');
  await expect(customer).toHaveURL(/\/portal$/);
  const csv = await customer.request.get('/api/reports/breaches.csv');
  expect(csv.status()).toBe(403);
  await customer.context().close();
});
