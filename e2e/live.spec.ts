import { expect, type Page, test } from '@playwright/test';
import { signIn } from './support';

// Live views (issue #12): a second browser sees changes within 2 s, without reloading, over server-sent
// events fed by LISTEN/NOTIFY. The 2 s bound starts once the other person's change has committed (their
// page has moved on), and no page here is reloaded or navigated after that.

const LIVE_WITHIN = { timeout: 2_000 };

/** Waits until the page's live indicator says it is live, and marks the document to detect a reload. */
async function live(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { liveMarker: boolean }).liveMarker = true;
  });
}

/** The same document as when `live` marked it: updated in place, not reloaded. */
async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { liveMarker?: boolean }).liveMarker)).toBe(true);
}

async function newOutage(page: Page, title: string): Promise<string> {
  await page.goto('/tickets/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Customer').selectOption({ label: 'Acme' });
  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);
  return page.url().split('/').pop()!;
}

test('the NOC queue shows a new outage logged in another browser within 2 s, without a reload', async ({
  browser,
}) => {
  const noc = await (await browser.newContext()).newPage();
  const manager = await (await browser.newContext()).newPage();
  await signIn(noc, 'noc@watchfloor.test');
  await signIn(manager, 'manager@watchfloor.test');
  await expect(noc).toHaveURL(/\/noc$/);
  await live(noc);

  const title = `Live: fibre cut at the Frankfurt POP ${Date.now()}`;
  const number = await newOutage(manager, title);
  const row = noc.getByRole('row').filter({ hasText: title });
  await expect(row).toBeVisible(LIVE_WITHIN);
  await expect(row).toContainText(number);
  await expectNotReloaded(noc);
  await expect(noc.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
});

test("the NOC's outage page follows the SOC's acceptance of its handoff, live", async ({ browser }) => {
  const noc = await (await browser.newContext()).newPage();
  const soc = await (await browser.newContext()).newPage();
  await signIn(noc, 'noc@watchfloor.test');
  await signIn(soc, 'soc@watchfloor.test');
  await expect(soc).toHaveURL(/\/soc$/);
  await live(soc);

  // The NOC hands an outage off; the SOC queue, open in the other browser, shows it arrive.
  const outage = await newOutage(noc, `Live: SSH bursts on the edge ${Date.now()}`);
  await noc.getByText('Hand off to SOC…').click();
  const form = noc.getByRole('form', { name: 'Hand off to the SOC' });
  await form.getByLabel('Hypothesis: why this looks like an attack').fill('Flaps follow SSH logins');
  await form.getByLabel('Confidence').selectOption('high');
  await form.getByRole('button', { name: 'Request handoff to SOC' }).click();
  const security = noc.getByRole('region', { name: 'Security' });
  await expect(security).toContainText('Handoff to the SOC requested');
  const pending = soc.getByRole('region', { name: 'Pending handoffs' }).getByRole('listitem').filter({
    hasText: outage,
  });
  await expect(pending).toBeVisible(LIVE_WITHIN);
  await expectNotReloaded(soc);

  // The SOC accepts: the NOC's outage page, left open, stops saying "Handoff requested".
  await live(noc);
  await pending.getByRole('button', { name: 'Accept as new incident' }).click();
  await expect(soc).toHaveURL(/\/tickets\/SEC-\d+$/);
  await expect(security).toContainText('Under SOC investigation', LIVE_WITHIN);
  await expect(security).not.toContainText('Handoff to the SOC requested');
  await expectNotReloaded(noc);
});
