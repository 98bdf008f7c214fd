import { expect, test } from '@playwright/test';
import { signIn } from './support';

test('the ticket page offers exactly the allowed actions and walks an outage to closed', async ({ page }) => {
  await signIn(page, 'noc@watchfloor.test');
  await page.getByRole('link', { name: 'New outage' }).first().click();
  const title = `DNS resolution failing ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Customer').selectOption({ label: 'Globex' });
  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);

  const actions = page.getByRole('region', { name: 'Actions' });
  const status = page.getByTestId('ticket-status');
  await expect(actions.getByRole('button')).toHaveText(['Acknowledge', 'Put on hold']);

  await actions.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(status).toHaveText(/acknowledged/);
  await actions.getByRole('button', { name: 'Start investigating' }).click();
  await expect(status).toHaveText(/investigating/);

  // A hold needs its reason; resume returns to where the ticket was.
  await actions.getByRole('button', { name: 'Put on hold' }).click();
  await actions.getByLabel('Hold reason').selectOption('vendor');
  await actions.getByRole('button', { name: 'Put on hold' }).last().click();
  await expect(status).toHaveText(/on hold/);
  await expect(actions.getByRole('button')).toHaveText(['Resume']);
  await actions.getByRole('button', { name: 'Resume' }).click();
  await expect(status).toHaveText(/investigating/);

  await page.getByLabel('Add a note').fill('Upstream resolver cluster lost quorum; failing over.');
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline).toContainText('Upstream resolver cluster lost quorum');
  await expect(timeline).toContainText('Put on hold (vendor): investigating → on_hold');

  await page.getByLabel('Assignee').selectOption({ label: 'Nico NOC' });
  await expect(timeline).toContainText('Assigned to Nico NOC');

  for (const [button, state] of [
    ['Cause identified', 'identified'],
    ['Fix applied — monitor', 'monitoring'],
  ] as const) {
    await actions.getByRole('button', { name: button }).click();
    await expect(status).toHaveText(new RegExp(state));
  }

  // Resolve asks what resolved the outage and what caused it; the shared schema checks both first.
  await actions.getByRole('button', { name: 'Resolve' }).click();
  const summary = actions.getByLabel('Resolution summary');
  await actions.getByRole('button', { name: 'Resolve' }).last().click();
  await expect(actions).toContainText('Summarise what resolved the outage');
  await expect(actions).toContainText('Choose the cause');
  await expect(summary).toHaveAttribute('aria-invalid', 'true');
  await expect(status).toHaveText(/monitoring/);
  const resolution = 'Failed over to the secondary resolver cluster; lookups are healthy again.';
  await summary.fill(resolution);
  await actions.getByLabel('Cause', { exact: true }).selectOption('software');
  await actions.getByRole('button', { name: 'Resolve' }).last().click();
  await expect(status).toHaveText(/resolved/);
  await expect(page.getByRole('region', { name: 'Resolution' })).toContainText('cause: software');
  await expect(page.getByRole('region', { name: 'Resolution' })).toContainText(resolution);
  await expect(timeline).toContainText('Resolve (software): monitoring → resolved');
  await expect(timeline).toContainText(resolution);

  await actions.getByRole('button', { name: 'Close' }).click();
  await expect(status).toHaveText(/closed/);
  await expect(actions).toContainText('No actions available to you in this state.');
});

test('a stale page gets a conflict instead of overwriting a colleague', async ({ browser }) => {
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  await signIn(first, 'noc@watchfloor.test');
  await signIn(second, 'manager@watchfloor.test');
  await first.getByRole('link', { name: 'New outage' }).first().click();
  await first.getByLabel('Title').fill(`Fibre cut ${Date.now()}`);
  await first.getByLabel('Customer').selectOption({ label: 'Acme' });
  await first.getByRole('button', { name: 'Create outage' }).click();
  await expect(first).toHaveURL(/\/tickets\/OUT-\d+$/);
  // The manager's page is stale only while it hears no live updates (a dropped connection): cut its feed,
  // or the page would refresh itself to the new version before the click.
  await second.route(/\/api\/trpc\/live\.ticketChanges/, (route) => route.abort());
  await second.goto(first.url());

  await first.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Acknowledge' }).click();
  await expect(first.getByTestId('ticket-status')).toHaveText(/acknowledged/);

  // The manager's page still shows version 1; the server refuses rather than guessing.
  await second.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Put on hold' }).click();
  await second.getByLabel('Hold reason').selectOption('customer');
  await second
    .getByRole('region', { name: 'Actions' })
    .getByRole('button', { name: 'Put on hold' })
    .last()
    .click();
  await expect(second.getByRole('alert').filter({ hasText: 'changed since you loaded it' })).toBeVisible();
  await expect(second.getByTestId('ticket-status')).toHaveText(/acknowledged/);
});

test('a SOC analyst confirms with a severity and cannot close without lessons learned', async ({ page }) => {
  await signIn(page, 'soc@watchfloor.test');
  await page
    .getByRole('link', { name: /SEC-\d+/ })
    .first()
    .click();
  const actions = page.getByRole('region', { name: 'Actions' });
  const status = page.getByTestId('ticket-status');
  await expect(actions.getByRole('button')).toHaveText(['Dismiss', 'Confirm incident']);
  await actions.getByRole('button', { name: 'Confirm incident' }).click();
  await expect(status).toHaveText(/investigating/);
  for (const [button, state] of [
    ['Contained', 'containment'],
    ['Eradicated', 'eradication'],
    ['Recovering', 'recovery'],
  ] as const) {
    await actions.getByRole('button', { name: button }).click();
    await expect(status).toHaveText(new RegExp(state));
  }
  await actions.getByRole('button', { name: 'Post-incident review' }).click();
  await actions
    .getByLabel('Root cause summary')
    .fill('Reused VPN password without MFA on a contractor account.');
  await actions.getByRole('button', { name: 'Post-incident review' }).last().click();
  await expect(status).toHaveText(/post incident/);
  await actions.getByRole('button', { name: 'Close' }).click();
  await expect(actions.getByLabel('Lessons learned')).toBeVisible();
  await actions.getByLabel('Lessons learned').fill('Enforce MFA for all contractor VPN accounts.');
  await actions.getByRole('button', { name: 'Close' }).last().click();
  await expect(status).toHaveText(/closed/);
  // Only a manager or admin may reopen a closed incident.
  await expect(actions.getByRole('button', { name: 'Reopen' })).toHaveCount(0);
});
