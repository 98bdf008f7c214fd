import { expect, type Locator, type Page, test } from '@playwright/test';
import { signIn } from './support';

// Queues and search as a NOC engineer would use them: filters that live in the URL, rows that open their
// ticket, resolved tickets one filter away, search by words and by number, `/` to search, and a phone-width
// screen where the navigation folds away and the page never scrolls sideways.

/** A mouse click at the middle of what `target` shows (whatever element is on top there). */
async function clickAt(page: Page, target: Locator) {
  const box = await target.boundingBox();
  expect(box).not.toBeNull();
  await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
}

async function newOutage(page: Page, title: string, impact = 'high', urgency = 'high') {
  await page.goto('/tickets/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Customer').selectOption({ label: 'Acme' });
  await page.getByLabel('Impact').selectOption(impact);
  await page.getByLabel('Urgency').selectOption(urgency);
  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);
  return page.url().split('/').pop()!;
}

test('queue filters live in the URL, survive a reload, and a row opens its ticket', async ({ page }) => {
  await signIn(page, 'noc@watchfloor.test');
  const title = `Optical amplifier alarm ${Date.now()}`;
  const number = await newOutage(page, title);

  await page.goto('/noc');
  const filters = page.getByRole('form', { name: 'Filter NOC queue' });
  await filters.getByLabel('Priority').selectOption('P1');
  await filters.getByLabel('Sort by').selectOption('newest');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\/noc\?priority=P1&sort=newest$/);
  const queue = page.getByRole('table', { name: 'NOC queue' });
  await expect(queue.getByRole('row').nth(1)).toContainText(number);

  await page.reload();
  await expect(filters.getByLabel('Priority')).toHaveValue('P1');
  await expect(filters.getByLabel('Sort by')).toHaveValue('newest');
  const rows = queue.locator('tbody tr');
  for (const priority of await rows.locator('td:nth-child(4)').allInnerTexts()) expect(priority).toBe('P1');

  // The whole row opens the ticket, not only its number: a click on its title, where a pointer would.
  await clickAt(page, rows.filter({ hasText: title }).getByText(title));
  await expect(page).toHaveURL(new RegExp(`/tickets/${number}$`));
  await expect(page.getByRole('heading', { name: title })).toBeVisible();

  // Resolved tickets are one filter away, not gone.
  await page.goto('/noc?status=done');
  await expect(page.getByRole('form', { name: 'Filter NOC queue' }).getByLabel('Status')).toHaveValue('done');
  const done = page.getByRole('table', { name: 'NOC queue' }).getByTestId('ticket-status');
  await expect(done.first()).toHaveText(/resolved|closed/);
  for (const status of await done.allInnerTexts()) expect(status).toMatch(/resolved|closed/);

  // My work: the navigation marks where we are.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
  await expect(page).toHaveURL(/\/tickets\?view=mine$/);
  await expect(page.getByRole('link', { name: 'My work' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: 'NOC queue' })).not.toHaveAttribute('aria-current', 'page');
});

test('search finds a ticket by its words and by its number; / focuses the search box', async ({ page }) => {
  await signIn(page, 'noc@watchfloor.test');
  const title = `Quokka transponder flapping ${Date.now()}`;
  const number = await newOutage(page, title, 'low', 'low');

  await page.goto('/noc');
  const box = page.getByRole('search', { name: 'Search tickets' }).getByRole('searchbox');
  // A key pressed before the page hydrates reaches no handler: press again until the shortcut is live.
  await expect(async () => {
    await page.keyboard.press('/');
    await expect(box).toBeFocused({ timeout: 500 });
  }).toPass();
  await page.keyboard.type('quokka');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=quokka$/);
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('listitem').first()).toContainText(number);
  await expect(results.locator('mark').first()).toHaveText(/quokka/i);

  await page.goto(`/search?q=${number.slice(4)}`);
  const first = page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first();
  await expect(first).toContainText(title);
  await expect(first).toContainText('matched in ticket number');
  await clickAt(page, first.getByText(title));
  await expect(page).toHaveURL(new RegExp(`/tickets/${number}$`));

  // The restricted incident's words lead a NOC engineer nowhere.
  await page.goto('/search?q=spraying');
  await expect(page.getByText('Nothing found for “spraying”')).toBeVisible();
});

test('at 390 px the navigation folds into a menu and the queue never widens the page', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'noc@watchfloor.test');
  await page.goto('/noc');
  await expect(page.getByRole('table', { name: 'NOC queue' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'NOC queue' })).toBeHidden();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The table scrolls within its own box instead.
  const table = page.getByTestId('ticket-table');
  expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);

  await nav.getByRole('button', { name: 'Menu' }).click();
  await expect(nav.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link', { name: 'NOC queue' })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Breaching soon' }).click();
  await expect(page).toHaveURL(/view=breaching/);
  await expect(nav.getByRole('link', { name: 'Breaching soon' })).toBeHidden();

  // The skip link is the first stop for a keyboard, and takes it past the navigation.
  await page.goto('/noc');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});
