import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

// Status-page subscriptions as a visitor meets them, against the production server: the subscribe form,
// the scheduler sending the webhook, the unsubscribe link's page. The server runs without SMTP (so the
// form offers webhooks only) and with WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS=1 (playwright.config.ts), so its
// webhook may reach this spec's own server on loopback. The e-mail path is covered against a real SMTP
// server in server/services/subscriptions/delivery-servers.test.ts.

type Received = { type: string; unsubscribe_url: string; component_ids?: string[] };

test('a visitor subscribes a webhook to a chosen component, and unsubscribes from the link it receives', async ({
  page,
}) => {
  const received: Received[] = [];
  const hooks = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  const { port } = hooks.address() as AddressInfo;
  try {
    await page.goto('/status/acme');
    await page.getByRole('link', { name: 'Subscribe to updates' }).click();
    await expect(page).toHaveURL(/\/status\/acme\/subscribe$/);
    await expect(page.getByRole('heading', { name: 'Subscribe to Acme status updates' })).toBeVisible();
    await expect(page.getByText('E-mail subscriptions are not available on this server.')).toBeVisible();
    await page.getByLabel('Webhook', { exact: true }).check();
    const url = page.getByLabel('Webhook URL (https://)');
    // The form checks with the service's own schema before sending.
    await url.fill('not a url');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect(page.getByText('Enter the full URL, starting with https://')).toBeVisible();
    await url.fill(`http://127.0.0.1:${port}/hooks/acme`);
    await page.getByLabel('Chosen components').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect(page.getByText('Choose at least one component')).toBeVisible();
    await page.getByLabel(/^Website/).check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect(page.getByText(/^Subscribed\. Every message/)).toBeVisible();

    // The scheduler sends the webhook its first message, with the link to unsubscribe.
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
    expect(received[0]!.type).toBe('subscription.created');
    const unsubscribe = new URL(received[0]!.unsubscribe_url);
    expect(unsubscribe.pathname).toBe('/status/subscriptions/unsubscribe');

    // Opening the link changes nothing; the button does.
    await page.goto(`${unsubscribe.pathname}${unsubscribe.search}`);
    await expect(page.getByRole('heading', { name: 'Unsubscribe from status updates' })).toBeVisible();
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(page.getByText('Unsubscribed: no more Acme status updates will be sent.')).toBeVisible();
    await page.getByRole('link', { name: 'Acme status' }).click();
    await expect(page).toHaveURL(/\/status\/acme$/);

    // A confirmation link that is not (or no longer) valid says so.
    await page.goto('/status/subscriptions/confirm?token=not-a-token');
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await expect(page.getByText(/This confirmation link is not valid any more/)).toBeVisible();
  } finally {
    await new Promise<void>((resolve) => hooks.close(() => resolve()));
  }
});

test('a page that is not public has no subscribe form', async ({ page }) => {
  const response = await page.goto('/status/watchfloor/subscribe');
  expect(response?.status()).toBe(404);
});
