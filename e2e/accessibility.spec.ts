import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, expect, type Locator, type Page, test } from '@playwright/test';
import { signIn } from './support';

// Every page, as the demo user who works there, in both themes (the app follows the system's colour
// scheme; dark doubles as the NOC wallboard): axe must find no serious or critical WCAG 2 A/AA violation,
// and no icon may be a font glyph (Debian's fonts draw some as empty boxes; icons are inline SVG).

type Scheme = 'light' | 'dark';
type Who = 'anonymous' | 'noc' | 'soc' | 'admin' | 'manager' | 'customer';
const EMAIL: Record<Exclude<Who, 'anonymous'>, string> = {
  noc: 'noc@watchfloor.test',
  soc: 'soc@watchfloor.test',
  admin: 'admin@watchfloor.test',
  manager: 'manager@watchfloor.test',
  customer: 'customer@acme.test',
};

/** Icon-like characters that once stood in for icons. Arrows and the minus sign are typography. */
const GLYPHS = /[\u23f8\u2713\u2717\u2715\u25d4\u25f7\u25cf\u2699\u26a0\u2610\u2611\u2691\u25b6]/u;

// One sign-in per person for the whole file; each page then opens in a fresh context per scheme.
const sessions = new Map<Who, Awaited<ReturnType<BrowserContext['storageState']>>>();
async function open(browser: Browser, who: Who, scheme: Scheme): Promise<Page> {
  if (who !== 'anonymous' && !sessions.has(who)) {
    const context = await browser.newContext();
    await signIn(await context.newPage(), EMAIL[who]);
    sessions.set(who, await context.storageState());
    await context.close();
  }
  const context = await browser.newContext({ colorScheme: scheme, storageState: sessions.get(who) });
  return context.newPage();
}

/** The href of the first link `find` picks out on the page at `url`. */
async function hrefOn(page: Page, url: string, find: (page: Page) => Locator): Promise<string> {
  await page.goto(url);
  const href = await find(page).first().getAttribute('href');
  expect(href, `the link wanted on ${url}`).toBeTruthy();
  return href!;
}

/** Creates an Alertmanager integration through the admin form; its key notice is then on the page. */
async function createIntegration(page: Page, name: string) {
  await page.goto('/admin/integrations');
  const form = page.getByRole('form', { name: 'New integration' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByRole('button', { name: 'Create integration', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Integration key', exact: true })).toBeVisible();
}

/** The href of the first link in a queue row matching `title`. */
const ticketLink = (page: Page, queue: string, title: RegExp) =>
  hrefOn(page, queue, (p) => p.getByRole('row').filter({ hasText: title }).getByRole('link'));

/** The page of the first item in one of the SLA admin lists. */
const slaAdminItem = (page: Page, list: string) =>
  hrefOn(page, '/admin/sla', (p) => p.getByRole('table', { name: list }).getByRole('link'));

async function expectAccessible(page: Page, scheme: Scheme) {
  await expect(page.locator('html')).toHaveClass(scheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`),
    }));
  expect(serious, `${page.url()} (${scheme})`).toEqual([]);
  // biome-ignore lint/performance/useDomNodeTextContent: rendered text only; textContent includes Next's inline payload
  const glyph = (await page.locator('body').innerText()).match(GLYPHS);
  expect(glyph?.[0], `an icon glyph on ${page.url()} (${scheme})`).toBeUndefined();
}

const pages: Array<{ name: string; who: Who; path: (page: Page) => Promise<string> }> = [
  { name: 'sign-in', who: 'anonymous', path: async () => '/signin' },
  { name: 'NOC queue', who: 'noc', path: async () => '/noc' },
  { name: 'SOC queue', who: 'soc', path: async () => '/soc' },
  {
    name: 'an outage handed to the SOC (NOC view)',
    who: 'noc',
    path: (page) => ticketLink(page, '/noc', /Outbound mail queue spike/),
  },
  {
    name: 'an outage waiting for the SOC (SOC view)',
    who: 'soc',
    path: (page) =>
      hrefOn(page, '/soc', (p) => p.getByRole('region', { name: 'Pending handoffs' }).getByRole('link')),
  },
  {
    name: 'a security incident (SOC workspace)',
    who: 'soc',
    path: (page) => ticketLink(page, '/soc', /Outbound mail queue spike/),
  },
  {
    name: 'a security incident, evidence tab (SOC workspace)',
    who: 'soc',
    path: async (page) => `${await ticketLink(page, '/soc', /Outbound mail queue spike/)}?tab=evidence`,
  },
  {
    name: 'a security incident, access log tab (SOC workspace)',
    who: 'soc',
    path: async (page) => `${await ticketLink(page, '/soc', /Outbound mail queue spike/)}?tab=access`,
  },
  {
    name: "a security incident's stub (NOC view)",
    who: 'noc',
    path: async (page) =>
      hrefOn(page, await ticketLink(page, '/noc', /Outbound mail queue spike/), (p) =>
        p.getByRole('region', { name: 'Security' }).getByRole('link', { name: /SEC-\d+/ }),
      ),
  },
  {
    name: 'a resolved outage (resolution summary)',
    who: 'noc',
    path: async (page) => {
      const input = encodeURIComponent(JSON.stringify({ json: { kind: 'outage', status: ['resolved'] } }));
      const response = await page.request.get(`/api/trpc/tickets.list?input=${input}`);
      const items: { number: string }[] = (await response.json()).result.data.json.items;
      expect(items.length, 'a resolved outage in the demo data').toBeGreaterThan(0);
      return `/tickets/${items[0]!.number}`;
    },
  },
  { name: 'new outage form', who: 'noc', path: async () => '/tickets/new' },
  { name: 'NOC queue, filtered', who: 'noc', path: async () => '/noc?status=all&sort=priority' },
  { name: 'all tickets, resolved or closed', who: 'admin', path: async () => '/tickets?status=done' },
  { name: 'my work', who: 'noc', path: async () => '/tickets?view=mine&status=all' },
  { name: 'breaching soon', who: 'soc', path: async () => '/tickets?view=breaching' },
  { name: 'search results', who: 'soc', path: async () => '/search?q=acme' },
  { name: 'search, nothing typed', who: 'noc', path: async () => '/search' },
  { name: 'notifications', who: 'noc', path: async () => '/notifications' },
  { name: 'admin SLA lists', who: 'admin', path: async () => '/admin/sla' },
  { name: 'admin business calendar', who: 'admin', path: (page) => slaAdminItem(page, 'Business calendars') },
  { name: 'admin SLA policy', who: 'admin', path: (page) => slaAdminItem(page, 'SLA policies') },
  {
    name: 'admin escalation policy',
    who: 'admin',
    path: (page) => slaAdminItem(page, 'Escalation policies'),
  },
  { name: 'admin new SLA policy', who: 'admin', path: async () => '/admin/sla/policies/new' },
  { name: 'admin users', who: 'admin', path: async () => '/admin/users' },
  {
    name: 'admin user',
    who: 'admin',
    path: (page) =>
      hrefOn(page, '/admin/users', (p) =>
        p.getByRole('table', { name: 'Users' }).getByRole('link', { name: 'Nico NOC' }),
      ),
  },
  { name: 'admin new user', who: 'admin', path: async () => '/admin/users/new' },
  { name: 'admin customers', who: 'admin', path: async () => '/admin/customers' },
  {
    name: 'admin customer with services',
    who: 'admin',
    path: (page) =>
      hrefOn(page, '/admin/customers', (p) =>
        p.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Acme', exact: true }),
      ),
  },
  { name: 'admin new customer', who: 'admin', path: async () => '/admin/customers/new' },
  {
    name: 'manager reads a user',
    who: 'manager',
    path: (page) =>
      hrefOn(page, '/admin/users', (p) =>
        p.getByRole('table', { name: 'Users' }).getByRole('link', { name: 'Nico NOC' }),
      ),
  },
  {
    name: 'manager reads a customer with services',
    who: 'manager',
    path: (page) =>
      hrefOn(page, '/admin/customers', (p) =>
        p.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Acme', exact: true }),
      ),
  },
  { name: 'reports', who: 'manager', path: async () => '/reports' },
  {
    name: 'admin integrations',
    who: 'admin',
    path: async (page) => {
      // One integration of its own, so the list has a row, its state and its Revoke button.
      await createIntegration(page, `a11y ${Date.now().toString(36)}`);
      return '/admin/integrations';
    },
  },
  { name: 'manager reads the integrations', who: 'manager', path: async () => '/admin/integrations' },
  { name: 'admin webhooks', who: 'admin', path: async () => '/admin/webhooks' },
  {
    name: 'admin webhook endpoint',
    who: 'admin',
    path: async (page) => {
      // An endpoint of its own (the demo has none): made through the form, as webhooks.spec.ts does.
      const url = `https://hooks.example.net/a11y/${Date.now().toString(36)}`;
      await page.goto('/admin/webhooks');
      const form = page.getByRole('form', { name: 'New webhook endpoint' });
      await form.getByLabel('Organisation').selectOption({ label: 'Acme' });
      await form.getByLabel('URL').fill(url);
      await form.getByRole('checkbox', { name: /^SLA breached/ }).check();
      await form.getByRole('button', { name: 'Create endpoint', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'copy it now' })).toBeVisible();
      const href = await hrefOn(page, '/admin/webhooks', (p) =>
        p.getByRole('table', { name: 'Webhook endpoints' }).getByRole('link', { name: url, exact: true }),
      );
      // A test that cannot be delivered (no network here) puts a failed attempt in the delivery log.
      await page.goto(href);
      await page.getByRole('button', { name: 'Send test', exact: true }).click();
      await expect(page.getByText(/^Test (not )?delivered/)).toBeVisible({ timeout: 20_000 });
      return href;
    },
  },
  { name: 'REST API reference', who: 'noc', path: async () => '/api-docs' },
  { name: 'customer portal', who: 'customer', path: async () => '/portal' },
  {
    name: 'customer portal ticket',
    who: 'customer',
    path: (page) =>
      hrefOn(page, '/portal', (p) =>
        p
          .getByRole('table')
          .getByRole('link', { name: /^OUT-\d+$/ })
          .first(),
      ),
  },
  { name: 'customer report an issue', who: 'customer', path: async () => '/portal/report' },
  { name: 'customer SLA report', who: 'customer', path: async () => '/portal/reports' },
  { name: 'maintenance', who: 'noc', path: async () => '/maintenance' },
  { name: 'customer SLA reports (staff)', who: 'manager', path: async () => '/reports/sla' },
  { name: 'status subscription form', who: 'anonymous', path: async () => '/status/acme/subscribe' },
  { name: 'public status page', who: 'anonymous', path: async () => '/status/acme' },
  { name: 'public incident history', who: 'anonymous', path: async () => '/status/acme/history' },
  { name: 'not found', who: 'anonymous', path: async () => '/no/such/page' },
];

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    for (const target of pages) {
      test(`${target.name} has no serious accessibility violations`, async ({ browser }) => {
        const page = await open(browser, target.who, scheme);
        const path = await target.path(page);
        await page.goto(path);
        await expect(page.locator('main, form').first()).toBeVisible();
        await expectAccessible(page, scheme);
        await page.context().close();
      });
    }

    // Secrets shown once are only on the page right after their creation: checked there.
    test('the integration key shown once has no serious accessibility violations', async ({ browser }) => {
      const page = await open(browser, 'admin', scheme);
      await createIntegration(page, `a11y key ${scheme} ${Date.now().toString(36)}`);
      await expectAccessible(page, scheme);
      await page.context().close();
    });

    test('the webhook secret shown once has no serious accessibility violations', async ({ browser }) => {
      const page = await open(browser, 'admin', scheme);
      await page.goto('/admin/webhooks');
      const form = page.getByRole('form', { name: 'New webhook endpoint' });
      await form.getByLabel('Organisation').selectOption({ label: 'Globex' });
      await form
        .getByLabel('URL')
        .fill(`https://hooks.example.net/a11y-secret/${scheme}/${Date.now().toString(36)}`);
      await form.getByRole('checkbox', { name: /^SLA breached/ }).check();
      await form.getByRole('button', { name: 'Create endpoint', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'copy it now' })).toBeVisible();
      await expectAccessible(page, scheme);
      await page.context().close();
    });
  });
}
