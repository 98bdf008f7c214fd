import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { signIn } from './support';

// Outbound webhooks (#14) as an admin meets them, against the production server: the endpoint form (the
// service's own schema), the secret shown once, "Send test" to this spec's own receiver on loopback
// (WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS=1 in playwright.config.ts), the signature checked with the Standard
// Webhooks reference library, the delivery log, and deleting the endpoint.

test('an admin adds a webhook endpoint, sends a signed test and reads the delivery log', async ({ page }) => {
  const received: { raw: string; headers: Record<string, string> }[] = [];
  const receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        raw: Buffer.concat(chunks).toString('utf8'),
        headers: request.headers as Record<string, string>,
      });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  const target = `http://127.0.0.1:${port}/hooks/watchfloor`;
  try {
    await signIn(page, 'admin@watchfloor.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();

    const form = page.getByRole('form', { name: 'New webhook endpoint' });
    await form.getByLabel('Organisation').selectOption({ label: 'Acme' });
    // Handoffs are the operator's: a customer's endpoint is not offered them.
    await expect(form.getByRole('checkbox', { name: /^Handoff requested/ })).toHaveCount(0);
    await form.getByLabel('URL').fill('not a url');
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    await expect(form).toContainText('Enter an https:// URL');
    await form.getByLabel('URL').fill(target);
    await form.getByRole('checkbox', { name: /^SLA breached/ }).check();
    await form.getByRole('button', { name: 'Create endpoint' }).click();

    const shown = page.getByRole('status').filter({ hasText: 'copy it now' });
    const secret = (await shown.locator('code').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await expect(page.getByText(secret)).toHaveCount(0);

    const table = page.getByRole('table', { name: 'Webhook endpoints' });
    await expect(table).toContainText('SLA breached');
    await table.getByRole('link', { name: target }).click();
    await page.getByRole('button', { name: 'Send test' }).click();
    await expect(page.getByText('Test delivered (HTTP 204).')).toBeVisible();
    expect(received).toHaveLength(1);
    expect(new Webhook(secret).verify(received[0]!.raw, received[0]!.headers)).toMatchObject({
      type: 'webhook.test',
    });
    const log = page.getByRole('table', { name: 'Deliveries' });
    await expect(log).toContainText('webhook.test');
    await expect(log).toContainText('Delivered');
    await expect(log).toContainText(received[0]!.headers['webhook-id']!);

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete endpoint…' }).click();
    await expect(page).toHaveURL(/\/admin\/webhooks$/);
    await expect(page.getByRole('table', { name: 'Webhook endpoints' })).not.toContainText(target);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
