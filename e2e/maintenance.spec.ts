import { expect, test } from '@playwright/test';
import { signIn } from './support';

/** `datetime-local` text for an instant, in this machine's zone (the browser's: same machine). */
function localInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

test('the NOC schedules maintenance of Acme’s Payments and starts it now', async ({ page }) => {
  await signIn(page, 'noc@watchfloor.test');
  await page.getByRole('link', { name: 'Maintenance' }).click();
  await expect(page.getByRole('heading', { name: 'Scheduled maintenance' })).toBeVisible();

  // Invalid input: field errors from the shared schema, nothing sent.
  await page.getByRole('button', { name: 'Schedule maintenance' }).click();
  await expect(page.getByText('Choose a customer', { exact: true })).toBeVisible();
  await expect(page.getByText('Choose at least one service')).toBeVisible();

  const title = `Payments database upgrade ${Date.now()}`;
  await page.getByLabel('Customer', { exact: true }).selectOption({ label: 'Acme' });
  await page.getByLabel('Payments').check();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('What customers should know').fill('Card payments may be declined for 10 minutes.');
  const start = new Date(Date.now() + 2 * 3_600_000);
  await page.getByLabel('Starts').fill(localInput(start));
  // An end before the start is refused by the schema in the browser.
  await page.getByLabel('Ends').fill(localInput(new Date(start.getTime() - 3_600_000)));
  await page.getByRole('button', { name: 'Schedule maintenance' }).click();
  await expect(page.getByText('The window must end after it starts')).toBeVisible();
  await page.getByLabel('Ends').fill(localInput(new Date(start.getTime() + 2 * 3_600_000)));
  await page.getByRole('button', { name: 'Schedule maintenance' }).click();

  const upcoming = page.getByRole('table', { name: 'Upcoming' }).getByRole('row').filter({ hasText: title });
  await expect(upcoming).toContainText('Acme');
  await expect(upcoming).toContainText('Payments');
  await expect(upcoming).toContainText('Scheduled');

  page.once('dialog', async (dialog) => {
    expect(dialog.message()).toContain('under maintenance');
    await dialog.accept();
  });
  await upcoming.getByRole('button', { name: `Start now: ${title}` }).click();
  const running = page
    .getByRole('table', { name: 'In progress' })
    .getByRole('row')
    .filter({ hasText: title });
  await expect(running).toContainText('In progress');
  await expect(running).toContainText('Payments');
  await expect(running.getByRole('button', { name: `Complete: ${title}` })).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Upcoming' }).getByRole('row').filter({ hasText: title }),
  ).toHaveCount(0);

  // Anyone on Acme's status page sees Payments under maintenance while it runs.
  const visitor = await (await page.context().browser()!.newContext()).newPage();
  await visitor.goto('/status/acme');
  await expect(visitor.getByTestId('component').filter({ hasText: 'Payments' })).toContainText(
    'Under maintenance',
  );

  // Finished early: it moves to Recent, and the page is green again (later journeys start from it).
  page.once('dialog', (dialog) => dialog.accept());
  await running.getByRole('button', { name: `Complete: ${title}` }).click();
  await expect(
    page.getByRole('table', { name: 'Recent' }).getByRole('row').filter({ hasText: title }),
  ).toContainText('Completed');
  await visitor.reload();
  await expect(visitor.getByTestId('component').filter({ hasText: 'Payments' })).toContainText('Operational');
  await visitor.context().close();
});
