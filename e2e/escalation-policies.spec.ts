import { expect, test } from '@playwright/test';
import { signIn } from './support';

test('admins create an escalation policy with two levels; invalid levels show field errors', async ({
  page,
}) => {
  await signIn(page, 'admin@watchfloor.test');
  await page.goto('/admin/sla');
  await expect(page.getByRole('heading', { name: 'Escalation policies' })).toBeVisible();
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
  await editor.getByRole('button', { name: 'Save escalation policy' }).click();
  await expect(editor).toContainText('Saved.');

  await page.reload();
  const row = page
    .getByRole('table', { name: 'Escalation policies' })
    .getByRole('row')
    .filter({ hasText: name });
  await expect(row).toContainText('unacknowledged 10 min → team SOC: notify');
  await expect(row).toContainText('resolution breached → user Morgan Manager: reassign, raise priority');
  await expect(row).toContainText('1 more ×');

  // Its own edit form, loaded with what was saved; an invalid percentage is caught under its field.
  const saved = page.getByRole('form', { name: `Escalation policy ${name}` });
  await expect(saved.getByLabel('Level 1 minutes')).toHaveValue('10');
  await expect(saved.getByLabel('Level 2 target 1 user')).toHaveValue(/^[0-9a-f-]{36}$/);
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
  await saved.getByLabel('Level 1 trigger').selectOption('clock_percent');
  await saved.getByLabel('Level 1 percent').fill('0');
  await saved.getByRole('button', { name: 'Save escalation policy' }).click();
  await expect(saved.getByLabel('Level 1 percent')).toHaveAttribute('aria-invalid', 'true');
  await expect(saved).toContainText('Percent must be a whole number from 1 to 1000.');
  await expect(saved).not.toContainText('Saved.');

  // A level that reassigns to a role only is refused with the reason next to the actions.
  await saved.getByLabel('Level 1 percent').fill('80');
  await saved.getByLabel('Level 1 clock').selectOption('resolution');
  await saved.getByLabel('Level 1 target 1 kind').selectOption('role');
  await saved.getByLabel('Level 1 reassign').check();
  await saved.getByRole('button', { name: 'Save escalation policy' }).click();
  await expect(saved).toContainText('Reassign needs a user or team target');
  await saved.getByLabel('Level 1 reassign').uncheck();
  await saved.getByRole('button', { name: 'Save escalation policy' }).click();
  await expect(saved).toContainText('Saved.');
  await page.reload();
  await expect(
    page.getByRole('table', { name: 'Escalation policies' }).getByRole('row').filter({ hasText: name }),
  ).toContainText('resolution at 80 % → role manager: notify');

  // A taken name comes back from the server under the name field.
  const fresh = page.getByRole('form', { name: 'New escalation policy' });
  await fresh.getByLabel('Name').fill(name);
  await fresh.getByRole('button', { name: 'Save escalation policy' }).click();
  await expect(fresh).toContainText('An escalation policy with this name already exists');
  await expect(fresh.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');

  // An SLA policy takes it on; the choice survives a reload.
  const acme = page.getByRole('form', { name: 'Policy Acme standard' });
  await acme.getByLabel('Escalation policy').selectOption({ label: name });
  await acme.getByRole('button', { name: 'Save policy' }).click();
  await expect(acme).toContainText('Saved.');
  await page.reload();
  await expect(
    page.getByRole('form', { name: 'Policy Acme standard' }).getByLabel('Escalation policy'),
  ).toHaveValue(/^[0-9a-f-]{36}$/);
  await expect(
    page.getByRole('table', { name: 'Escalation policies' }).getByRole('row').filter({ hasText: name }),
  ).toContainText('Acme standard');
});

test('managers read escalation policies without editing them', async ({ page }) => {
  await signIn(page, 'manager@watchfloor.test');
  await page.goto('/admin/sla');
  const table = page.getByRole('table', { name: 'Escalation policies' });
  await expect(table).toContainText('Acme: chase, then managers');
  await expect(page.getByRole('form', { name: 'New escalation policy' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save escalation policy' })).toHaveCount(0);
});
