import { expect, test } from '@playwright/test';
import { signIn } from './support';

test('a new P1 outage shows its SLA clocks counting down, and the queue shows the next deadline', async ({
  page,
}) => {
  await signIn(page, 'noc@watchfloor.test');
  await page.getByRole('link', { name: 'New outage' }).first().click();
  const title = `Core switch failure ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Customer').selectOption({ label: 'Acme' });
  await page.getByLabel('Impact').selectOption('high');
  await page.getByLabel('Urgency').selectOption('high');
  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);

  const clocks = page.getByRole('table', { name: 'SLA clocks' });
  const response = clocks.locator('tr[data-metric="response"]');
  await expect(response).toContainText('Response');
  await expect(response).toContainText('15 min'); // the P1 target
  await expect(response.locator('[data-clock-state="running"]')).toContainText(/1[0-5] min|14 min/);
  await expect(clocks.locator('tr[data-metric="resolution"]')).toContainText('4 h 0 min');

  await page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Acknowledge' }).click();
  await expect(response.locator('[data-clock-state="met"]')).toContainText('met');

  await page.getByRole('link', { name: 'NOC queue' }).click();
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText('resol.');
  await expect(row).toContainText(/[34] h \d+ min/);
});

test('the queue names each clock by its metric and shows a paused clock instead of nothing', async ({
  page,
}) => {
  await signIn(page, 'noc@watchfloor.test');
  // The seeded transit loss waits for the SOC: its next deadline is the handoff-acceptance OLA, so named.
  await page.goto('/noc');
  const transit = page.getByRole('row').filter({ hasText: 'Packet loss on Frankfurt transit link' });
  await expect(transit.locator('[data-metric="handoff_acceptance"]')).toContainText('handoff');
  await expect(transit.locator('[data-metric="handoff_acceptance"]')).not.toContainText('resol.');

  // An outage on hold: its response is met and its resolution paused, which the queue shows in grey.
  await page.getByRole('link', { name: 'New outage' }).first().click();
  const title = `Customer CPE unreachable ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Customer').selectOption({ label: 'Acme' });
  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);
  const actions = page.getByRole('region', { name: 'Actions' });
  await actions.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByTestId('ticket-status')).toHaveText(/acknowledged/);
  await actions.getByRole('button', { name: 'Put on hold' }).click();
  await actions.getByLabel('Hold reason').selectOption('customer');
  await actions.getByRole('button', { name: 'Put on hold' }).last().click();
  await expect(page.getByTestId('ticket-status')).toHaveText(/on hold/);

  await page.getByRole('link', { name: 'NOC queue' }).click();
  const held = page.getByRole('row').filter({ hasText: title });
  const clock = held.locator('[data-metric="resolution"]');
  await expect(clock).toContainText('resol.');
  await expect(clock.locator('[data-band="paused"]')).toContainText('paused');
  await expect(clock.locator('[data-band="paused"] svg')).toBeVisible();
  await expect(held).not.toContainText('—');
});

test('admins edit business calendars with validation; managers only read them', async ({ page, browser }) => {
  await signIn(page, 'admin@watchfloor.test');
  await page.getByRole('link', { name: 'SLA policies' }).click();
  const editor = page.getByRole('form', { name: 'New calendar' });
  await editor.getByLabel('Name').fill(`Night shift ${Date.now()}`);
  await editor.getByLabel('Time zone (IANA)').fill('Mars/Olympus');
  await editor.getByRole('button', { name: 'Create calendar' }).click();
  await expect(editor).toContainText('Unknown time zone');

  await editor.getByLabel('Time zone (IANA)').fill('Europe/Berlin');
  await editor.getByLabel('Start 1').fill('22:00');
  await editor.getByLabel('End 1').fill('06:00');
  await editor.getByLabel('Start 2').fill('05:00');
  await editor.getByRole('button', { name: 'Create calendar' }).click();
  await expect(editor).toContainText('overlap');

  await editor.getByLabel('Start 2').fill('22:00');
  await editor.getByLabel('End 2').fill('06:00');
  await editor.getByLabel('Holiday preset: country').fill('DE');
  await editor.getByLabel('State / region').fill('BE');
  await editor.getByRole('button', { name: 'Create calendar' }).click();
  await expect(editor).toContainText('Saved.');

  const manager = await (await browser.newContext()).newPage();
  await signIn(manager, 'manager@watchfloor.test');
  await manager.goto('/admin/sla');
  await expect(manager.getByRole('heading', { name: 'Business calendars' })).toBeVisible();
  await expect(manager.getByRole('button', { name: 'Create calendar' })).toHaveCount(0);
  await expect(manager.getByRole('button', { name: 'Save calendar' })).toHaveCount(0);
});
