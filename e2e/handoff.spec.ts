import { expect, type Page, test } from '@playwright/test';
import { signIn } from './support';

const EVIDENCE_SHA = 'b'.repeat(64);

async function newOutage(page: Page, title: string): Promise<string> {
  await page.getByRole('link', { name: 'New outage' }).first().click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Customer').selectOption({ label: 'Acme' });
  await page.getByRole('button', { name: 'Create outage' }).click();
  await expect(page).toHaveURL(/\/tickets\/OUT-\d+$/);
  return page.url().split('/').pop()!;
}

test('NOC hands an outage to the SOC, which works it and asks the NOC for help', async ({ browser }) => {
  // Two people through the whole journey, every workspace tab on the way: longer than one page's test.
  test.slow();
  const noc = await (await browser.newContext()).newPage();
  const soc = await (await browser.newContext()).newPage();
  // Destructive-step warnings are window.confirm dialogs: the people here mean it.
  for (const page of [noc, soc]) page.on('dialog', (dialog) => dialog.accept());
  await signIn(noc, 'noc@watchfloor.test');
  await signIn(soc, 'soc@watchfloor.test');

  // The NOC: an outage that looks like an attack, handed off with a structured packet.
  const outage = await newOutage(noc, `SSH brute force on edge routers ${Date.now()}`);
  const actions = noc.getByRole('region', { name: 'Actions' });
  await actions.getByRole('button', { name: 'Acknowledge' }).click();
  await actions.getByRole('button', { name: 'Start investigating' }).click();
  await expect(noc.getByTestId('ticket-status')).toHaveText(/investigating/);

  await noc.getByText('Hand off to SOC…').click();
  const form = noc.getByRole('form', { name: 'Hand off to the SOC' });
  await form
    .getByLabel('Hypothesis: why this looks like an attack')
    .fill('Flaps follow SSH logins from one IP');
  await form.getByLabel('Confidence').selectOption('high');
  await form.getByRole('button', { name: 'Add observable' }).click();
  await form.getByLabel('Observable 1 type').selectOption('ipv4');
  await form.getByLabel('Observable 1 value').fill('999.1.1.1');
  await form.getByRole('button', { name: 'Request handoff to SOC' }).click();
  await expect(form).toContainText('Not a valid IPv4 address');
  await form.getByLabel('Observable 1 value').fill('203.0.113.99');
  await form.getByRole('button', { name: 'Add evidence' }).click();
  await form.getByLabel('Name').fill('edge-rtr-1 auth.log');
  await form.getByLabel('SHA-256').fill(EVIDENCE_SHA);
  await form.getByLabel('Size (bytes)').fill('2048');
  await form.getByLabel('Collected by').fill('Nico NOC');
  await form.getByLabel('Stored at').fill('vault://edge-rtr-1/auth.log');
  await form.getByRole('button', { name: 'Request handoff to SOC' }).click();
  const security = noc.getByRole('region', { name: 'Security' });
  await expect(security).toContainText('Handoff to the SOC requested');

  // The SOC: the pending handoff, accepted into a new incident.
  await soc.goto('/soc');
  const pending = soc.getByRole('region', { name: 'Pending handoffs' }).getByRole('listitem').filter({
    hasText: outage,
  });
  await expect(pending).toContainText('Flaps follow SSH logins from one IP');
  await pending.getByRole('button', { name: 'Accept as new incident' }).click();
  await expect(soc).toHaveURL(/\/tickets\/SEC-\d+$/);
  const incident = soc.url().split('/').pop()!;
  await expect(soc.getByTestId('ticket-status')).toHaveText(/investigating/);
  // The workspace opens on its overview; each kind of work has a tab, each form opens on demand.
  await expect(soc.getByRole('region', { name: 'Handoff context' })).toContainText(outage);
  const tab = (name: string) =>
    soc.getByRole('tablist', { name: 'SOC workspace' }).getByRole('tab', { name });
  await tab('Observables').click();
  await expect(soc.getByRole('region', { name: 'Observables' })).toContainText('203.0.113.99');
  await tab('Evidence').click();
  await expect(soc.getByRole('region', { name: 'Evidence' })).toContainText('edge-rtr-1 auth.log');

  // Workspace: an ATT&CK technique, a TLP, containment, a NOC action request and an evidence hold.
  await tab('ATT&CK').click();
  const attack = soc.getByRole('region', { name: 'ATT&CK' });
  await attack.getByRole('button', { name: 'Add technique…' }).click();
  await expect(attack.getByLabel('Technique id')).toBeFocused();
  await attack.getByLabel('Technique id').fill('T1110.001');
  await attack.getByLabel('Tactic').selectOption('credential_access');
  await attack.getByRole('button', { name: 'Add technique', exact: true }).click();
  await expect(attack.getByRole('link', { name: 'T1110.001' })).toBeVisible();
  // Saved: the form is gone and the focus is back on the button that opened it.
  await expect(attack.getByLabel('Technique id')).toHaveCount(0);
  await expect(attack.getByRole('button', { name: 'Add technique…' })).toBeFocused();
  // The page refreshed in place (no reload) and the address still names the tab.
  await expect(soc).toHaveURL(/\?tab=attack$/);
  await tab('Evidence').click();
  const evidence = soc.getByRole('region', { name: 'Evidence' });
  await evidence.getByRole('button', { name: 'Transfer custody of edge-rtr-1 auth.log…' }).click();
  await evidence.getByLabel('Transfer to').fill('Forensics lab');
  await evidence.getByLabel('Reason').fill('Imaging for analysis');
  await evidence.getByRole('button', { name: 'Transfer custody', exact: true }).click();
  await expect(evidence).toContainText('Chain of custody (2)');
  await tab('Tasks').click();
  const tasks = soc.getByRole('region', { name: 'Tasks' });
  await tasks.getByRole('button', { name: 'Add task…' }).click();
  await tasks.getByLabel('Task title').fill('Rotate the edge router credentials');
  await tasks.getByLabel('Assignee').selectOption({ label: 'Sasha SOC' });
  await tasks.getByRole('button', { name: 'Add task', exact: true }).click();
  await expect(
    tasks.getByRole('row').filter({ hasText: 'Rotate the edge router credentials' }),
  ).toContainText('Sasha SOC');
  await tab('Overview').click();
  const classification = soc.getByRole('region', { name: 'Classification' });
  await classification.getByRole('button', { name: 'Edit classification…' }).click();
  await classification.getByLabel('TLP', { exact: true }).selectOption('RED');
  await classification.getByRole('button', { name: 'Save classification' }).click();
  await expect(
    soc.getByRole('complementary', { name: 'Incident summary' }).getByText('TLP:RED'),
  ).toBeVisible();
  await soc.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Contained' }).click();
  await expect(soc.getByTestId('ticket-status')).toHaveText(/containment/);
  await tab('Tasks').click();
  const requests = soc.getByRole('region', { name: 'NOC action requests' });
  await requests.getByRole('button', { name: 'Ask the NOC…' }).click();
  await requests.getByLabel('Action', { exact: true }).selectOption('block_address');
  await requests.getByLabel('What the NOC should do').fill('Block 203.0.113.99 at the edge ACLs');
  await requests.getByRole('button', { name: 'Ask the NOC', exact: true }).click();
  await expect(requests).toContainText('Block 203.0.113.99 at the edge ACLs');

  await soc.goto(`/tickets/${outage}`);
  const socSecurity = soc.getByRole('region', { name: 'Security' });
  await socSecurity.getByRole('button', { name: 'Preserve evidence…' }).click();
  await socSecurity.getByLabel('Why preserve evidence').fill('Imaging the edge routers');
  await socSecurity.getByRole('button', { name: 'Preserve evidence', exact: true }).click();
  await expect(socSecurity).toContainText('Evidence hold');
  await expect(socSecurity.getByRole('button', { name: 'Lift evidence hold…' })).toBeVisible();

  // The NOC: warned about the hold, does the action and reports back.
  await noc.reload();
  await expect(security).toContainText('Evidence hold');
  await expect(security).toContainText('Under SOC investigation');
  await security.getByLabel('Result').fill('ACL 110 denies 203.0.113.99 on both edge routers');
  await security.getByRole('button', { name: 'Mark done' }).click();
  await expect(security).toContainText('Result: ACL 110 denies 203.0.113.99');

  // The result flows back to the incident; the NOC sees only a stub of the incident.
  // A link to a tab opens it.
  await soc.goto(`/tickets/${incident}?tab=tasks`);
  await expect(tab('Tasks')).toHaveAttribute('aria-selected', 'true');
  await expect(soc.getByRole('region', { name: 'NOC action requests' })).toContainText('ACL 110 denies');
  await expect(soc.getByRole('list', { name: 'Timeline' })).toContainText('NOC action done');
  await noc.goto(`/tickets/${incident}`);
  await expect(noc.getByText('The SOC is handling this incident')).toBeVisible();
  await expect(noc.getByRole('region', { name: 'Observables' })).toHaveCount(0);
});

test('the SOC declines a handoff with a reason the NOC sees on the outage', async ({ browser }) => {
  const noc = await (await browser.newContext()).newPage();
  const soc = await (await browser.newContext()).newPage();
  await signIn(noc, 'noc@watchfloor.test');
  await signIn(soc, 'soc@watchfloor.test');
  const outage = await newOutage(noc, `Odd DNS answers ${Date.now()}`);
  await noc.getByText('Hand off to SOC…').click();
  const form = noc.getByRole('form', { name: 'Hand off to the SOC' });
  await form.getByLabel('Hypothesis: why this looks like an attack').fill('Possible cache poisoning');
  await form.getByRole('button', { name: 'Request handoff to SOC' }).click();
  await expect(noc.getByRole('region', { name: 'Security' })).toContainText('Handoff to the SOC requested');

  await soc.goto('/soc');
  const pending = soc.getByRole('region', { name: 'Pending handoffs' }).getByRole('listitem').filter({
    hasText: outage,
  });
  // What was typed for "add to an existing incident" is not the decline reason.
  await pending.getByRole('button', { name: 'Add to an existing incident…' }).click();
  await pending.getByLabel(`Incident to add ${outage} to (SEC-…)`).fill('SEC-1');
  await pending.getByRole('button', { name: 'Decline…' }).click();
  const reason = pending.getByLabel(`Why the SOC declines ${outage}`);
  await expect(reason).toHaveValue('');
  // The service's schema checks the reason in the browser: nothing is sent, nothing to confirm.
  await pending.getByRole('button', { name: 'Decline handoff…' }).click();
  await expect(pending).toContainText('The reason cannot be empty');
  await expect(reason).toHaveAttribute('aria-invalid', 'true');

  // Declining asks once more, showing the reason; going back keeps it, and nothing was declined yet.
  await reason.fill('Resolver bug, known upstream issue');
  await pending.getByRole('button', { name: 'Decline handoff…' }).click();
  const confirm = pending.getByRole('group', { name: `Decline the handoff of ${outage}?` });
  await expect(confirm).toContainText('Resolver bug, known upstream issue');
  await confirm.getByRole('button', { name: 'Back' }).click();
  await expect(reason).toHaveValue('Resolver bug, known upstream issue');
  await soc.reload();
  await expect(pending).toHaveCount(1);
  await pending.getByRole('button', { name: 'Decline…' }).click();
  await reason.fill('Resolver bug, known upstream issue');
  await pending.getByRole('button', { name: 'Decline handoff…' }).click();
  await confirm.getByRole('button', { name: 'Yes, decline the handoff' }).click();
  await expect(pending).toHaveCount(0);

  await noc.reload();
  await expect(noc.getByRole('region', { name: 'Security' })).toContainText(
    'Declined: Resolver bug, known upstream issue',
  );
  await expect(noc.getByRole('list', { name: 'Timeline' })).toContainText('Handoff declined by the SOC');
});

test('the SOC workspace keeps its tab in the URL, moves by arrow keys, and opens forms on demand', async ({
  page,
}) => {
  await signIn(page, 'soc@watchfloor.test');
  await page.goto('/soc');
  await page
    .getByRole('row')
    .filter({ hasText: /Outbound mail queue spike/ })
    .getByRole('link')
    .first()
    .click();
  await expect(page).toHaveURL(/\/tickets\/SEC-\d+$/);
  const tabs = page.getByRole('tablist', { name: 'SOC workspace' });
  const tab = (name: string) => tabs.getByRole('tab', { name });

  // The overview first; the arrows move the selection (and the focus), wrapping at the ends.
  await expect(tab('Overview')).toHaveAttribute('aria-selected', 'true');
  await tab('Overview').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab('Observables')).toBeFocused();
  await expect(tab('Observables')).toHaveAttribute('aria-selected', 'true');
  await expect(tab('Overview')).toHaveAttribute('tabindex', '-1');
  await expect(page).toHaveURL(/\?tab=observables$/);
  await expect(page.getByRole('tabpanel', { name: 'Observables' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Classification' })).toBeHidden();
  await page.keyboard.press('ArrowLeft');
  await expect(tab('Overview')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(tab('Access log')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tab('Overview')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(tab('Access log')).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/\?tab=access$/);

  // A reload keeps the tab; the reads so far are one row per run of the same reader, by name.
  await page.reload();
  await expect(tab('Access log')).toHaveAttribute('aria-selected', 'true');
  const log = page.getByRole('region', { name: 'Access log' });
  await expect(log.getByRole('listitem').first()).toHaveText(/^Sasha SOC viewed \d+×/);

  // A form is not there until asked for; Escape closes it and the focus goes back to its button.
  await tab('Observables').click();
  const observables = page.getByRole('region', { name: 'Observables' });
  await expect(observables.getByLabel('Observable value')).toHaveCount(0);
  await observables.getByRole('button', { name: 'Add observable…' }).click();
  await expect(observables.getByLabel('Observable type')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(observables.getByLabel('Observable value')).toHaveCount(0);
  await expect(observables.getByRole('button', { name: 'Add observable…' })).toBeFocused();
});
