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

  const clocks = page.getByRole('list', { name: 'SLA clocks' });
  const response = clocks.locator('[data-metric="response"]');
  await expect(response).toContainText('Response');
  await expect(response).toContainText('15 min'); // the P1 target
  await expect(response.locator('[data-clock-state="running"]')).toContainText(/1[0-5] min|14 min/);
  await expect(clocks.locator('[data-metric="resolution"]')).toContainText('4 h 0 min');

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

test('admins create and edit business calendars on their own pages, each error on its row; managers only read them', async ({
  page,
  browser,
}) => {
  await signIn(page, 'admin@watchfloor.test');
  await page.getByRole('link', { name: 'SLA policies' }).click();
  await expect(page.getByRole('heading', { name: 'Business calendars' })).toBeVisible();
  await page.getByRole('link', { name: 'New calendar' }).click();
  await expect(page).toHaveURL(/\/admin\/sla\/calendars\/new$/);
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('Business calendars');
  const editor = page.getByRole('form', { name: 'New calendar' });
  const name = `Night shift ${Date.now()}`;
  await editor.getByLabel('Name').fill(name);
  await editor.getByLabel('Time zone (IANA)').fill('Mars/Olympus');
  await editor.getByRole('button', { name: 'Create calendar' }).click();
  await expect(editor).toContainText('Unknown time zone');
  await expect(editor.getByLabel('Time zone (IANA)')).toHaveAttribute('aria-invalid', 'true');

  // Monday's night shift runs into Tuesday 06:00, where the second interval starts at 05:00: the overlap
  // is reported on the second row, the one whose start falls inside the other.
  await editor.getByLabel('Time zone (IANA)').fill('Europe/Berlin');
  await editor.getByLabel('Start 1').fill('22:00');
  await editor.getByLabel('End 1').fill('06:00');
  await editor.getByLabel('Start 2').fill('05:00');
  await editor.getByRole('button', { name: 'Create calendar' }).click();
  await expect(editor.getByRole('listitem', { name: 'Working hours 2' })).toContainText('overlap');
  await expect(editor.getByRole('listitem', { name: 'Working hours 1' })).not.toContainText('overlap');
  await expect(editor.getByLabel('Start 2')).toHaveAttribute('aria-invalid', 'true');

  // Only the server knows the holiday tables: its refusal lands under the country field.
  await editor.getByLabel('Start 2').fill('22:00');
  await editor.getByLabel('End 2').fill('06:00');
  await editor.getByLabel('Holiday preset: country').fill('QQ');
  await editor.getByRole('button', { name: 'Create calendar' }).click();
  await expect(editor.getByLabel('Holiday preset: country')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.getByLabel('Holiday preset: country')).toHaveAccessibleDescription(
    /unknown country "QQ"/,
  );

  await editor.getByLabel('Holiday preset: country').fill('DE');
  await editor.getByLabel('State / region').fill('BE');
  await editor.getByRole('button', { name: 'Create calendar' }).click();
  // The new calendar's own page.
  await expect(page).toHaveURL(/\/admin\/sla\/calendars\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  const saved = page.getByRole('form', { name: `Calendar ${name}` });
  await expect(saved).toContainText('Created.');
  await saved.getByLabel('End 3').fill('18:00');
  await saved.getByRole('button', { name: 'Save calendar' }).click();
  await expect(saved).toContainText('Saved.');

  // Back to the list by the breadcrumb: one line for the calendar, summarised.
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Business calendars' })
    .click();
  const row = page
    .getByRole('table', { name: 'Business calendars' })
    .getByRole('row')
    .filter({ hasText: name });
  await expect(row).toContainText('Mon, Tue 22:00–06:00; Wed 09:00–18:00; Thu, Fri 09:00–17:00');
  await expect(row).toContainText('DE-BE public holidays');

  const manager = await (await browser.newContext()).newPage();
  await signIn(manager, 'manager@watchfloor.test');
  await manager.goto('/admin/sla');
  await expect(manager.getByRole('heading', { name: 'Business calendars' })).toBeVisible();
  await expect(manager.getByRole('link', { name: 'New calendar' })).toHaveCount(0);
  await manager.getByRole('link', { name: 'Business hours, Berlin' }).click();
  await expect(manager.getByRole('form', { name: 'Calendar Business hours, Berlin' })).toBeVisible();
  await expect(manager.getByLabel('Name')).toBeDisabled();
  await expect(manager.getByRole('button', { name: 'Save calendar' })).toHaveCount(0);
  const creating = await manager.goto('/admin/sla/calendars/new');
  expect(creating?.status()).toBe(404);
});

test("an SLA policy's invalid target is shown in its own row of the grid", async ({ page }) => {
  await signIn(page, 'admin@watchfloor.test');
  await page.goto('/admin/sla');
  await page
    .getByRole('table', { name: 'SLA policies' })
    .getByRole('link', { name: 'Acme standard' })
    .click();
  await expect(page).toHaveURL(/\/admin\/sla\/policies\/[0-9a-f-]{36}$/);
  const editor = page.getByRole('form', { name: 'Policy Acme standard' });
  const p3 = editor.locator('tr[data-row="P3"]');
  await p3.getByLabel('response P3 minutes').fill('-5');
  await editor.getByRole('button', { name: 'Save policy' }).click();
  await expect(p3.getByRole('alert')).toContainText('response.byPriority.P3');
  await expect(p3.getByLabel('response P3 minutes')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.locator('tr[data-row="P1"]').getByRole('alert')).toHaveCount(0);
  await expect(editor).not.toContainText('Saved.');

  await p3.getByLabel('response P3 minutes').fill('240');
  await editor.getByRole('button', { name: 'Save policy' }).click();
  await expect(editor).toContainText('Saved.');
  await expect(p3.getByRole('alert')).toHaveCount(0);
});

test('a calendar without working hours says so under the list, and saves once hours are back', async ({
  page,
}) => {
  await signIn(page, 'admin@watchfloor.test');
  await page.goto('/admin/sla/calendars/new');
  const editor = page.getByRole('form', { name: 'New calendar' });
  await editor.getByLabel('Name').fill(`Weekend desk ${Date.now()}`);
  const hours = editor.getByRole('group', { name: 'Working hours' });
  while ((await hours.getByRole('listitem').count()) > 0)
    await hours.getByRole('button', { name: 'Remove' }).first().click();
  await editor.getByRole('button', { name: 'Create calendar' }).click();
  await expect(hours.getByRole('alert')).toContainText('Add at least one working interval');
  await expect(page).toHaveURL(/\/calendars\/new$/);

  await hours.getByRole('button', { name: 'Add hours' }).click();
  await hours.getByLabel('Day 1').selectOption('Saturday');
  await editor.getByRole('button', { name: 'Create calendar' }).click();
  await expect(page).toHaveURL(/\/admin\/sla\/calendars\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole('form', { name: /^Calendar Weekend desk/ })).toContainText('Created.');
});
