import { expect, type Page, test } from '@playwright/test';
import { signIn } from './support';

const stamp = Date.now().toString(36);

/** Accepts the next confirmation dialog, checking what it asks. */
function acceptNextDialog(page: Page, question: RegExp) {
  page.once('dialog', async (dialog) => {
    expect(dialog.message()).toMatch(question);
    await dialog.accept();
  });
}

test('admins create a customer with a service, retire it; a taken slug is refused on its field', async ({
  page,
}) => {
  await signIn(page, 'admin@watchfloor.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { name: 'Customers and services' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Customers' })).toContainText('Acme');
  await page.getByRole('link', { name: 'New customer' }).click();

  const form = page.getByRole('form', { name: 'New customer' });
  const name = `Initech ${stamp}`;
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Slug (status page address)').fill('acme');
  await form.getByLabel('Time zone (IANA)').fill('Mars/Olympus');
  await form.getByLabel('SLA policy').selectOption({ label: 'Acme standard' });
  await form.getByRole('button', { name: 'Create customer' }).click();
  // The schema knows the zone is wrong before anything is sent.
  await expect(form.getByLabel('Time zone (IANA)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('Not a known IANA time zone');
  await form.getByLabel('Time zone (IANA)').fill('America/Chicago');
  await form.getByRole('button', { name: 'Create customer' }).click();
  // Only the server knows the slug is taken: its CONFLICT lands on the field.
  await expect(form.getByLabel('Slug (status page address)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('Another organisation already has this slug');
  await form.getByLabel('Slug (status page address)').fill(`initech-${stamp}`);
  await form.getByRole('button', { name: 'Create customer' }).click();

  await expect(page).toHaveURL(/\/admin\/customers\/[0-9a-f-]{36}\?created=1$/);
  const settings = page.getByRole('form', { name: `Customer ${name}` });
  await expect(settings).toContainText('Created.');
  await expect(settings.getByLabel('SLA policy')).toHaveValue(/^[0-9a-f-]{36}$/);

  const newService = page.getByRole('form', { name: 'New service' });
  await newService.getByLabel('Service name').fill('Printers');
  await newService.getByLabel('Service slug').fill('printers');
  await newService.getByLabel('Group (optional)').fill('Office');
  await newService.getByRole('button', { name: 'Add service' }).click();
  const services = page.getByRole('region', { name: 'Services' });
  await expect(services.getByText('Printers', { exact: true })).toBeVisible();
  // A second one with the same slug: refused on the field.
  await newService.getByLabel('Service name').fill('Printers again');
  await newService.getByLabel('Service slug').fill('printers');
  await newService.getByRole('button', { name: 'Add service' }).click();
  await expect(newService.getByLabel('Service slug')).toHaveAttribute('aria-invalid', 'true');
  await expect(newService).toContainText('Another service of this organisation already has this slug');

  await services.getByText('Printers', { exact: true }).click();
  acceptNextDialog(page, /^Retire Printers\?/);
  await services.getByRole('button', { name: 'Retire service…' }).click();
  await expect(services.getByText('Retired', { exact: true })).toBeVisible();
  await expect(services).toContainText('not on the status page');

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Customers' }).click();
  const row = page.getByRole('table', { name: 'Customers' }).getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Acme standard');
  await expect(row).toContainText('America/Chicago');
  await expect(row).toContainText('(+1 retired)');
});

test('admins create a NOC engineer who signs in, change the role (ending the session), and deactivate', async ({
  page,
  browser,
}) => {
  await signIn(page, 'admin@watchfloor.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('table', { name: 'Users' })).toContainText('noc@watchfloor.test');
  await page.getByRole('link', { name: 'New user' }).click();

  const form = page.getByRole('form', { name: 'New user' });
  const email = `nina-${stamp}@example.test`;
  const password = `a long passphrase ${stamp}`;
  await form.getByLabel('Name').fill('Nina Newcomer');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Role').selectOption({ label: 'NOC engineer' });
  await form.getByLabel('Organisation').selectOption({ label: 'Watchfloor Operations (staff)' });
  await form.getByLabel('Initial password').fill('Password2024!');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByLabel('Initial password')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('common, leaked passwords');
  await form.getByLabel('Initial password').fill(password);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole('heading', { name: 'Nina Newcomer' })).toBeVisible();

  // Nina signs in in a browser of her own and works the NOC queue.
  const nina = await (await browser.newContext()).newPage();
  await signIn(nina, email, password);
  await nina.goto('/noc');
  await expect(nina.getByRole('heading', { name: /NOC/ }).first()).toBeVisible();

  // The role change ends her session at once.
  const role = page.getByRole('form', { name: 'Role' });
  await role.getByLabel('Role').selectOption({ label: 'SOC analyst' });
  await role.getByRole('button', { name: 'Change role' }).click();
  await expect(page.getByRole('region', { name: 'History' })).toContainText(
    'Role changed: NOC engineer → SOC analyst',
  );
  await nina.goto('/noc');
  await expect(nina).toHaveURL(/\/signin/);

  // Deactivated (after a confirmation): she can no longer sign in.
  acceptNextDialog(page, /^Deactivate Nina Newcomer\?/);
  await page.getByRole('button', { name: 'Deactivate user…' }).click();
  await expect(page.getByRole('button', { name: 'Reactivate user' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'History' })).toContainText('Deactivated');
  await nina.goto('/signin');
  await nina.getByLabel('Email').fill(email);
  await nina.getByLabel('Password').fill(password);
  await nina.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(nina).toHaveURL(/\/signin/);
  await nina.context().close();

  // The list, filtered to deactivated accounts, shows her.
  await page.goto('/admin/users');
  await page.getByLabel('State').selectOption('deactivated');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/state=deactivated/);
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users).toContainText(email);
  await expect(users).not.toContainText('noc@watchfloor.test');
});

test('the last admin cannot demote themself, and the server says why', async ({ page }) => {
  await signIn(page, 'admin@watchfloor.test');
  await page.goto('/admin/users?role=admin&state=active');
  await page.getByRole('table', { name: 'Users' }).getByRole('link', { name: 'Ada Admin' }).click();
  const role = page.getByRole('form', { name: 'Role' });
  await role.getByLabel('Role').selectOption({ label: 'Manager' });
  await role.getByRole('button', { name: 'Change role' }).click();
  await expect(role.getByRole('alert')).toContainText('This is the last active admin');
  await expect(page.getByRole('form', { name: 'Account state' })).toContainText('your own account');
});

test('managers read users, customers and services with no control that changes them', async ({ page }) => {
  await signIn(page, 'manager@watchfloor.test');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Users' }).click();
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users).toContainText('noc@watchfloor.test');
  await expect(page.getByRole('link', { name: 'New user' })).toHaveCount(0);

  await users.getByRole('link', { name: 'Nico NOC' }).click();
  await expect(page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Nico NOC' })).toBeVisible();
  // The role and state as text; no form, field or button that would change them.
  const main = page.getByRole('main');
  await expect(main.getByRole('definition').filter({ hasText: 'NOC engineer' })).toBeVisible();
  await expect(main.getByRole('definition').filter({ hasText: 'Active' })).toBeVisible();
  await expect(main.getByRole('region', { name: 'History' })).toBeVisible();
  await expect(main.getByRole('form')).toHaveCount(0);
  await expect(main.getByRole('combobox')).toHaveCount(0);
  await expect(main.getByRole('button')).toHaveCount(0);
  expect((await page.goto('/admin/users/new'))?.status()).toBe(404);

  await page.goto('/admin/users');
  await nav.getByRole('link', { name: 'Customers' }).click();
  const customers = page.getByRole('table', { name: 'Customers' });
  await expect(customers).toContainText('Acme');
  await expect(page.getByRole('link', { name: 'New customer' })).toHaveCount(0);
  await customers.getByRole('link', { name: 'Acme', exact: true }).click();
  await expect(main.getByRole('region', { name: 'Settings' })).toContainText('Acme standard');
  await expect(main.getByRole('region', { name: 'Services' })).toContainText('website');
  await expect(main.getByRole('form')).toHaveCount(0);
  await expect(main.getByRole('textbox')).toHaveCount(0);
  await expect(main.getByRole('button')).toHaveCount(0);
  expect((await page.goto('/admin/customers/new'))?.status()).toBe(404);
});
