import { expect, type Page, test } from '@playwright/test';
import { signIn } from './support';

/** The list's row of an escalation policy, by name. */
const listRow = (page: Page, name: string) =>
  page.getByRole('table', { name: 'Escalation policies' }).getByRole('row').filter({ hasText: name });

test('admins create an escalation policy with two levels on its own page; invalid levels show field errors', async ({
  page,
}) => {
  await signIn(page, 'admin@watchfloor.test');
  await page.goto('/admin/sla');
  await expect(page.getByRole('heading', { name: 'Escalation policies' })).toBeVisible();
  await page.getByRole('link', { name: 'New escalation policy' }).click();
  await expect(page).toHaveURL(/\/admin\/sla\/escalation-policies\/new$/);
  const name = `Night chase ${Date.now()}`;

  const editor = page.getByRole('form', { name: 'New escalation policy' });
  await editor.getByLabel('Name').fill(name);
  // Level 1: still unacknowledged after 10 minutes → notify the SOC.
  await editor.getByLabel('Level 1 trigger').selectOption('unacknowledged');
  await editor.getByLabel('Level 1 minutes').fill('10');
  await editor.getByLabel('Level 1 target 1 kind').selectOption('team');
  await editor.getByLabel('Level 1 target 1 team').selectOption('soc');
  await expect(editor.getByLabel('Level 1 notify')).toBeChecked();

  // Level 2: resolution breached → reassign to the manager and raise the priority.
  await editor.getByRole('button', { name: 'Add level' }).click();
  await editor.getByLabel('Level 2 trigger').selectOption('clock_breached');
  await editor.getByLabel('Level 2 clock').selectOption('resolution');
  await editor.getByLabel('Level 2 target 1 kind').selectOption('user');
  await editor.getByLabel('Level 2 target 1 user').selectOption({ label: 'Morgan Manager (manager)' });
  await editor.getByLabel('Level 2 notify').uncheck();
  await editor.getByLabel('Level 2 reassign').check();
  await editor.getByLabel('Level 2 raise priority').check();
  await editor.getByLabel('Repeat (times after the last level)').fill('1');
  await editor.getByRole('button', { name: 'Create escalation policy' }).click();

  // Its own page, loaded with what was saved.
  await expect(page).toHaveURL(/\/admin\/sla\/escalation-policies\/[0-9a-f-]{36}\?created=1$/);
  const saved = page.getByRole('form', { name: `Escalation policy ${name}` });
  await expect(saved).toContainText('Created.');
  await expect(saved.getByLabel('Level 1 minutes')).toHaveValue('10');
  await expect(saved.getByLabel('Level 2 target 1 user')).toHaveValue(/^[0-9a-f-]{36}$/);

  // The list says what it does, level by level.
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'Escalation policies' })
    .click();
  await expect(listRow(page, name)).toContainText('unacknowledged 10 min → team SOC: notify');
  await expect(listRow(page, name)).toContainText(
    'resolution breached → user Morgan Manager: reassign, raise priority',
  );
  await expect(listRow(page, name)).toContainText('1 more ×');
  await listRow(page, name).getByRole('link', { name }).click();

  // Warnings, not errors: a manager reads security incidents but may not hold one, so reassign skips
  // them there; the NOC team may not see them at all (shown live as the form changes).
  await expect(saved).toContainText(
    'This manager cannot work security incidents: on those, reassign skips them.',
  );
  await expect(saved).not.toContainText('cannot see security incidents');
  await saved.getByLabel('Level 1 target 1 team').selectOption('noc');
  await expect(saved).toContainText(
    'The NOC team cannot see security incidents: on those, this level skips them.',
  );
  await expect(saved.getByLabel('Level 1 target 1 team')).toHaveAccessibleDescription(/cannot see security/);
  await saved.getByLabel('Level 1 target 1 team').selectOption('soc');
  await expect(saved).not.toContainText('cannot see security incidents');
  // An invalid percentage is caught under its field, in its level.
  await saved.getByLabel('Level 1 trigger').selectOption('clock_percent');
  await saved.getByLabel('Level 1 percent').fill('0');
  await saved.getByRole('button', { name: 'Save escalation policy' }).click();
  await expect(saved.getByLabel('Level 1 percent')).toHaveAttribute('aria-invalid', 'true');
  await expect(saved.getByRole('group', { name: 'Level 1', exact: true })).toContainText(
    'Percent must be a whole number from 1 to 1000.',
  );
  await expect(saved.getByRole('group', { name: 'Level 2', exact: true })).not.toContainText('Percent must');
  await expect(saved).not.toContainText('Saved.');

  // A level that reassigns to a role only is refused with the reason next to the actions.
  await saved.getByLabel('Level 1 percent').fill('80');
  await saved.getByLabel('Level 1 clock').selectOption('resolution');
  await saved.getByLabel('Level 1 target 1 kind').selectOption('role');
  await saved.getByLabel('Level 1 reassign').check();
  await saved.getByRole('button', { name: 'Save escalation policy' }).click();
  await expect(saved.getByRole('group', { name: 'Level 1 actions' })).toContainText(
    'Reassign needs a user or team target',
  );
  await saved.getByLabel('Level 1 reassign').uncheck();
  await saved.getByRole('button', { name: 'Save escalation policy' }).click();
  await expect(saved).toContainText('Saved.');
  await page.goto('/admin/sla');
  await expect(listRow(page, name)).toContainText('resolution at 80 % → role manager: notify');

  // A taken name comes back from the server under the name field.
  await page.getByRole('link', { name: 'New escalation policy' }).click();
  const fresh = page.getByRole('form', { name: 'New escalation policy' });
  await fresh.getByLabel('Name').fill(name);
  await fresh.getByRole('button', { name: 'Create escalation policy' }).click();
  await expect(fresh).toContainText('An escalation policy with this name already exists');
  await expect(fresh.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/escalation-policies\/new$/);

  // An SLA policy takes it on; the choice survives a reload, and both lists say so.
  await page.goto('/admin/sla');
  await page
    .getByRole('table', { name: 'SLA policies' })
    .getByRole('link', { name: 'Acme standard' })
    .click();
  const acme = page.getByRole('form', { name: 'Policy Acme standard' });
  await acme.getByLabel('Escalation policy').selectOption({ label: name });
  await acme.getByRole('button', { name: 'Save policy' }).click();
  await expect(acme).toContainText('Saved.');
  await page.reload();
  await expect(
    page.getByRole('form', { name: 'Policy Acme standard' }).getByLabel('Escalation policy'),
  ).toHaveValue(/^[0-9a-f-]{36}$/);
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'SLA administration' })
    .click();
  await expect(listRow(page, name)).toContainText('Acme standard');
  await expect(
    page.getByRole('table', { name: 'SLA policies' }).getByRole('row').filter({ hasText: 'Acme standard' }),
  ).toContainText(name);
});

test('managers read escalation policies without editing them', async ({ page }) => {
  await signIn(page, 'manager@watchfloor.test');
  await page.goto('/admin/sla');
  await expect(listRow(page, 'Acme: chase, then managers')).toBeVisible();
  await expect(page.getByRole('link', { name: 'New escalation policy' })).toHaveCount(0);
  await listRow(page, 'Acme: chase, then managers').getByRole('link').click();
  await expect(
    page.getByRole('form', { name: 'Escalation policy Acme: chase, then managers' }),
  ).toBeVisible();
  await expect(page.getByLabel('Level 1 trigger')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save escalation policy' })).toHaveCount(0);
  expect((await page.goto('/admin/sla/escalation-policies/new'))?.status()).toBe(404);
});
