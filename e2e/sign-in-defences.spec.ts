import { expect, test } from '@playwright/test';
import { signIn } from './support';

// Sign-in throttling and session revocation against the production server (issue #10). Throttled keys
// are an email nobody has, so no other test's account is locked; the per-address limit (20) is far away.

test('a throttled sign-in answers 429 with Retry-After, and the form says how long to wait', async ({
  page,
  request,
}) => {
  const email = 'throttled@example.test';
  const attempt = async () => {
    const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    return request.post('/api/auth/callback/credentials', {
      form: { email, password: 'not the password', csrfToken, callbackUrl: '/', json: 'true' },
    });
  };
  for (let i = 0; i < 5; i++) expect((await attempt()).status()).toBe(401);
  const throttled = await attempt();
  expect(throttled.status()).toBe(429);
  expect(Number(throttled.headers()['retry-after'])).toBeGreaterThan(0);
  expect(Number(throttled.headers()['retry-after'])).toBeLessThanOrEqual(60);

  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Too many attempts; try again in 1 min.')).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test('sign out everywhere ends the sessions of other browsers too', async ({ browser }) => {
  const here = await browser.newContext();
  const elsewhere = await browser.newContext();
  const page = await here.newPage();
  const other = await elsewhere.newPage();
  await signIn(page, 'manager@watchfloor.test');
  await signIn(other, 'manager@watchfloor.test');
  await other.goto('/noc');
  await expect(other.getByRole('heading', { name: 'NOC queue' })).toBeVisible();

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/signin/);
  // The other browser still holds its cookie, and it no longer reads anything.
  await other.goto('/noc');
  await expect(other).toHaveURL(/\/signin/);
  const api = await other.request.get('/api/trpc/tickets.list?input=%7B%22json%22%3A%7B%7D%7D');
  expect(api.status()).toBe(401);
  await here.close();
  await elsewhere.close();
});
