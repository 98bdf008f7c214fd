import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { signIn } from './support';

// The console's experience layer: keyboard shortcuts (? lists them, j/k/Enter in queues, a and c on a
// ticket), toasts after a form's success, and the NOC wallboard (live, dark, large, axe-clean).

/** Client components are live once the live feed says so: keys pressed before hydration reach no one. */
async function hydrated(page: Page) {
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
}

async function newOutage(page: Page, title: string) {
  await page.goto('/tickets/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Customer').selectOption({ label: 'Acme' });
  await page.getByLabel('Impact').selectOption('high');
  await page.getByLabel('Urgency').selectOption('high');
  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);
  return page.url().split('/').pop()!;
}

test('? lists the shortcuts in a modal dialog that Esc closes; typed into a field it is text', async ({
  page,
}) => {
  await signIn(page, 'noc@watchfloor.test');
  await page.goto('/noc');
  await hydrated(page);
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeHidden();

  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  for (const does of ['Search tickets', 'Next ticket in a queue', 'Acknowledge the ticket'])
    await expect(dialog).toContainText(does);
  // The focus is inside (a modal dialog makes the page behind it inert), and keys there drive nothing.
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('j');
  await expect(page.locator('tr[data-selected="true"]')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The header button opens the same list.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // `/` still focuses the search box; there `?` and `j` are text, and Ctrl+/ is left to the browser.
  const box = page.getByRole('search', { name: 'Search tickets' }).getByRole('searchbox');
  await page.keyboard.press('/');
  await expect(box).toBeFocused();
  await page.keyboard.type('j?');
  await expect(box).toHaveValue('j?');
  await expect(dialog).toBeHidden();
});

test('j/j/k selects queue rows and Enter opens the selected ticket', async ({ page }) => {
  await signIn(page, 'noc@watchfloor.test');
  await page.goto('/noc');
  await hydrated(page);
  const rows = page.getByRole('table', { name: 'NOC queue' }).locator('tbody tr');
  await expect(rows.nth(1)).toBeVisible();

  await page.keyboard.press('j');
  await expect(rows.nth(0).getByRole('link')).toBeFocused();
  await page.keyboard.press('j');
  await expect(rows.nth(1).getByRole('link')).toBeFocused();
  await expect(rows.nth(1)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('k');
  const first = rows.nth(0);
  await expect(first.getByRole('link')).toBeFocused();
  await expect(first).toHaveAttribute('data-selected', 'true');
  await expect(rows.nth(1)).not.toHaveAttribute('data-selected', 'true');
  const number = await first.getAttribute('data-ticket');

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/tickets/${number}$`));
});

test('on a ticket, c focuses the composer (where keys are text), a toast follows the post, a acknowledges', async ({
  page,
}) => {
  await signIn(page, 'noc@watchfloor.test');
  const number = await newOutage(page, `Shortcut-driven outage ${Date.now()}`);
  await hydrated(page);
  const messages = page.getByRole('region', { name: 'Messages' });
  // Creating said "Saved." too: it goes by itself.
  await expect(messages.getByText('Saved.')).toHaveCount(0);

  const actions = page.getByRole('region', { name: 'Actions' });
  const acknowledge = actions.getByRole('button', { name: 'Acknowledge' });
  const composer = page.getByLabel('Add a note');
  await page.keyboard.press('c');
  await expect(composer).toBeFocused();
  // In the composer `a`, `c`, `j` and `?` are only text.
  await page.keyboard.type('a quick check? j');
  await expect(composer).toHaveValue('a quick check? j');
  await expect(acknowledge).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();

  await page.getByRole('button', { name: 'Post', exact: true }).click();
  const toast = messages.getByRole('status');
  await expect(toast).toContainText('Saved.');
  await expect(composer).toHaveValue('');
  await toast.getByRole('button', { name: 'Dismiss' }).click();
  await expect(messages.getByText('Saved.')).toHaveCount(0);

  // Focus is on the Post button, not in a field: `a` is the Acknowledge shortcut.
  await page.keyboard.press('a');
  await expect(page.getByTestId('ticket-status')).toHaveText(/acknowledged/);
  await expect(acknowledge).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/tickets/${number}$`));
});

test('the wallboard, linked from the NOC queue: live tallies and countdowns, no console, axe-clean', async ({
  page,
  browser,
}) => {
  await signIn(page, 'noc@watchfloor.test');
  await page.goto('/noc');
  await page.getByRole('link', { name: 'Wallboard' }).click();
  await expect(page).toHaveURL(/\/wallboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'NOC wallboard' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await expect(page.getByRole('search', { name: 'Search tickets' })).toHaveCount(0);
  const board = page.getByRole('table', { name: 'Open outages, most urgent first' });
  await expect(board.locator('[data-band]').first()).toBeVisible();
  await hydrated(page);

  // A new P1 elsewhere shows in the tally without a reload.
  const p1 = page.locator('dd[data-count="P1"]');
  const before = Number.parseInt((await p1.textContent()) ?? '', 10);
  const other = await page.context().newPage();
  await newOutage(other, `Wallboard tally outage ${Date.now()}`);
  await expect(p1).toHaveText(String(before + 1));
  await other.close();

  // Dark whatever the system's scheme, and axe-clean in both.
  const storageState = await page.context().storageState();
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme, storageState });
    const wall = await context.newPage();
    await wall.goto('/wallboard');
    await expect(wall.getByRole('heading', { level: 1, name: 'NOC wallboard' })).toBeVisible();
    const results = await new AxeBuilder({ page: wall })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ rule: v.id, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    expect(serious, `wallboard (${colorScheme})`).toEqual([]);
    await context.close();
  }
});
