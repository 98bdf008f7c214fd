import { expect, test } from '@playwright/test';
import { signIn } from './support';

// The viewer's zone is the browser's: one far from both the customer's and the server's.
test.use({ timezoneId: 'Asia/Tokyo' });

test('the workspace header, SLA panel and timeline say what made the priority, both zones, and names', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'noc@watchfloor.test');
  await page.getByRole('link', { name: 'New outage' }).first().click();
  const title = `Branch VPN flapping ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Customer').selectOption({ label: 'Acme' });
  await page.getByLabel('Impact').selectOption('medium');
  await page.getByLabel('Urgency').selectOption('medium');
  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);

  // Header: the priority with the impact × urgency that made it.
  await expect(page.getByTestId('ticket-priority')).toHaveText(/P3\s*· medium impact × medium urgency/);

  // SLA: a P3 on Acme's contract counts in New York office hours; due times in both zones, figures labelled.
  const response = page.getByRole('list', { name: 'SLA clocks' }).locator('[data-metric="response"]');
  await expect(response).toContainText('4 h 0 min business time');
  await expect(response).toContainText('Due (your time, Asia/Tokyo)');
  await expect(response).toContainText('Due (customer, America/New_York)');
  await expect(response.locator('[data-zone="viewer"]')).toContainText('GMT+9');
  await expect(response).toContainText('Business time counts only Mon–Fri 09:00–17:00 America/New_York');
  await expect(response).toContainText('“until due” is wall-clock time');

  // Two columns on a wide screen: the SLA and details beside the timeline.
  const side = page.getByRole('complementary', { name: 'SLA and details' });
  const timeline = page.getByRole('list', { name: 'Timeline' });
  const [sideBox, timelineBox] = [await side.boundingBox(), await timeline.boundingBox()];
  expect(sideBox!.x).toBeGreaterThan(timelineBox!.x + timelineBox!.width - 1);

  // Timeline: people by name, never by e-mail.
  await page.getByLabel('Assignee').selectOption({ label: 'Nico NOC' });
  await expect(timeline).toContainText('Assigned to Nico NOC');
  await expect(timeline).toContainText('Nico NOC ·');
  await expect(timeline).not.toContainText('@watchfloor.test');
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('America/New_York');

  // One column on a phone, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(side).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('linked tickets show a handed-off incident to the NOC as its stub, and by its title to the SOC', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000); // two people, two sign-ins, three ticket pages
  await signIn(page, 'noc@watchfloor.test');
  await page.goto('/noc');
  await page
    .getByRole('row')
    .filter({ hasText: 'Outbound mail queue spike on Acme relay' })
    .getByRole('link')
    .first()
    .click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);
  const nocLinks = page.getByRole('list', { name: 'Linked tickets' });
  await expect(nocLinks).toContainText('Handed off to');
  await expect(nocLinks.getByRole('link', { name: /^SEC-\d+$/ })).toBeVisible();
  const outageUrl = page.url();

  const soc = await (await browser.newContext()).newPage();
  await signIn(soc, 'soc@watchfloor.test');
  await soc.goto(outageUrl);
  const socLinks = soc.getByRole('list', { name: 'Linked tickets' });
  await socLinks.getByRole('link', { name: /^SEC-\d+$/ }).click();
  await expect(soc).toHaveURL(/\/tickets\/SEC-\d+$/);
  await expect(soc.getByRole('list', { name: 'Linked tickets' })).toContainText('Handed off from');
});

test('a NOC engineer links two outages by number; a number it may not see reads as unknown', async ({
  page,
}) => {
  await signIn(page, 'noc@watchfloor.test');
  const create = async (title: string) => {
    await page.getByRole('link', { name: 'New outage' }).first().click();
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Customer').selectOption({ label: 'Acme' });
    await page.getByRole('button', { name: 'Create outage' }).click();
    await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);
    return page.url().split('/').pop()!;
  };
  const stamp = Date.now();
  const first = await create(`Upstream transit loss ${stamp}`);
  await create(`Website timeouts ${stamp}`);

  const panel = page.getByRole('region', { name: 'Linked tickets' });
  await panel.getByRole('button', { name: 'Link a ticket…' }).click();
  await panel.getByLabel('This ticket').selectOption('caused_by');
  await panel.getByLabel('Ticket number').fill('SEC-999999');
  await panel.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(panel.getByRole('alert')).toContainText('Linked ticket not found');

  await panel.getByLabel('Ticket number').fill(first);
  await panel.getByRole('button', { name: 'Link', exact: true }).click();
  const links = page.getByRole('list', { name: 'Linked tickets' });
  await expect(links).toContainText('Caused by');
  await expect(links.getByRole('link', { name: first })).toBeVisible();
  // The other side reads the link its own way.
  await links.getByRole('link', { name: first }).click();
  await expect(page.getByRole('list', { name: 'Linked tickets' })).toContainText('Causes');
});
