import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signIn } from './support';

test('NOC resolves an outage, writes its post-incident review with a follow-up, and publishes it', async ({
  page,
}) => {
  await signIn(page, 'noc@watchfloor.test');
  await page.getByRole('link', { name: 'New outage' }).first().click();
  const title = `Transit loss in FRA ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Customer').selectOption({ label: 'Acme' });
  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);

  // No review while the outage runs: it is written once service is restored.
  const review = page.getByRole('region', { name: 'Post-incident review' });
  const actions = page.getByRole('region', { name: 'Actions' });
  const status = page.getByTestId('ticket-status');
  for (const [button, state] of [
    ['Acknowledge', 'acknowledged'],
    ['Start investigating', 'investigating'],
    ['Cause identified', 'identified'],
    ['Fix applied — monitor', 'monitoring'],
  ] as const) {
    await actions.getByRole('button', { name: button }).click();
    await expect(status).toHaveText(new RegExp(state));
  }
  await expect(review).toHaveCount(0);
  await actions.getByRole('button', { name: 'Resolve' }).click();
  await actions.getByLabel('Resolution summary').fill('Traffic moved to the second transit.');
  await actions.getByLabel('Cause', { exact: true }).selectOption('network');
  await actions.getByRole('button', { name: 'Resolve' }).last().click();
  await expect(status).toHaveText(/resolved/);

  // The timeline is derived from the outage, before anyone writes a word.
  await expect(review).toContainText('Not started');
  const milestones = review.getByRole('list', { name: 'Milestones' });
  await expect(milestones).toContainText('Outage opened');
  await expect(milestones).toContainText('Acknowledged');
  await expect(milestones).toContainText('Resolved');

  await review.getByRole('button', { name: 'Write the review…' }).click();
  const impact = 'Acme website unreachable from Europe for 38 minutes.';
  await review.getByLabel('Impact', { exact: true }).fill(impact);
  await review
    .getByLabel('Root cause', { exact: true })
    .fill('Fibre cut on the primary transit; failover was manual.');
  await review.getByLabel('What to improve').fill('Automate the transit failover.');
  await review.getByRole('button', { name: 'Save draft' }).click();
  await expect(review).toContainText('Draft');
  await expect(review).toContainText(impact);
  await expect(review.getByRole('button', { name: 'Edit review draft…' })).toBeVisible();

  // A follow-up action: the shared schema checks the form first, then it is owned by a colleague.
  await review.getByRole('button', { name: 'Add follow-up action…' }).click();
  await review.getByRole('button', { name: 'Add follow-up' }).click();
  await expect(review).toContainText('Say what will be done');
  await expect(review.getByLabel('Follow-up action')).toHaveAttribute('aria-invalid', 'true');
  const action = 'Automate failover between transits';
  await review.getByLabel('Follow-up action').fill(action);
  await review.getByLabel('Owner').selectOption({ label: 'Morgan Manager (manager)' });
  await review.getByLabel('Due date').fill('2030-01-15');
  await review.getByRole('button', { name: 'Add follow-up' }).click();
  const row = review.getByRole('row').filter({ hasText: action });
  await expect(row).toContainText('Morgan Manager');
  await expect(row).toContainText('2030-01-15');
  await expect(row.getByRole('cell').nth(3)).toHaveText('open');

  const axe = await new AxeBuilder({ page })
    .include('section[aria-labelledby="review-heading"]')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  // Publishing asks once more, then the review is read-only; the follow-up is still tracked.
  await review.getByRole('button', { name: 'Publish review…' }).click();
  await review.getByRole('button', { name: 'Yes, publish' }).click();
  await expect(review).toContainText('Published');
  await expect(review.getByRole('button', { name: 'Edit review draft…' })).toHaveCount(0);
  await row.getByRole('button', { name: `Mark done: ${action}` }).click();
  await expect(row.getByRole('button', { name: /Mark done/ })).toHaveCount(0);
  await expect(row.getByRole('cell').nth(3)).toHaveText('done');

  const timeline = page.getByRole('list', { name: 'Timeline', exact: true });
  await expect(timeline).toContainText('Post-incident review draft saved');
  await expect(timeline).toContainText(`Follow-up action added: ${action}`);
  await expect(timeline).toContainText('Post-incident review published');
  await expect(timeline).toContainText(`Follow-up action done: ${action}`);

  // Acme's customer reads the published impact and root cause on the portal; nothing internal of it.
  const number = page.url().split('/').pop()!;
  const customer = await (await page.context().browser()!.newContext()).newPage();
  await signIn(customer, 'customer@acme.test');
  await customer.goto(`/portal/tickets/${number}`);
  const published = customer.getByRole('region', { name: 'Post-incident review' });
  await expect(published).toContainText(impact);
  await expect(published).not.toContainText(action);

  // Reopened to correct it, with a reason: a draft again, and the customer no longer reads it.
  await review.getByRole('button', { name: 'Reopen to correct…' }).click();
  await review.getByLabel('Why reopen it').fill('The root cause named the wrong router');
  page.once('dialog', (dialog) => dialog.accept());
  await review.getByRole('button', { name: 'Reopen review' }).click();
  await expect(review.getByRole('button', { name: 'Publish review…' })).toBeVisible();
  await expect(timeline).toContainText(
    'Post-incident review reopened: The root cause named the wrong router',
  );
  await customer.reload();
  await expect(customer.getByRole('region', { name: 'Post-incident review' })).toHaveCount(0);
  await customer.context().close();
});
