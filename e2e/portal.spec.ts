import { type Browser, expect, type Page, test } from '@playwright/test';
import { signIn } from './support';

// The customer portal (issue #13): a customer of Acme opens its tickets, reads what support published,
// answers, reports an issue the NOC then works; and cannot reach Globex's ticket by URL or by id.

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

const trpcInput = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));

test('a customer opens a ticket, reads the public update, comments and reports an issue the NOC gets', async ({
  browser,
}) => {
  // Support answers on Acme's VPN ticket through the console: a public update, and an internal note.
  const noc = await signedIn(browser, 'noc@watchfloor.test');
  await noc.getByRole('row').filter({ hasText: 'VPN logins slow' }).getByRole('link').first().click();
  await expect(noc.getByRole('heading', { name: /VPN logins slow/ })).toBeVisible();
  const update = `We have found a saturated VPN concentrator and are adding capacity ${Date.now()}.`;
  const internal = `Internal: vendor case 4411 opened by Nico ${Date.now()}`;
  for (const [body, visibility] of [
    [internal, 'internal'],
    [update, 'public'],
  ] as const) {
    await noc.getByLabel('Add a note').fill(body);
    await noc.getByLabel('Visibility').selectOption(visibility);
    await noc.getByRole('button', { name: 'Post', exact: true }).click();
    await expect(noc.getByText(body)).toBeVisible();
  }

  const customer = await signedIn(browser, 'customer@acme.test');
  await expect(customer).toHaveURL(/\/portal$/);
  await expect(customer.getByRole('heading', { name: 'Your tickets' })).toBeVisible();
  const row = customer.getByRole('row').filter({ hasText: 'VPN logins slow' });
  // The list shows the last public update.
  await expect(row).toContainText(update.slice(0, 40));
  await row.getByRole('link').first().click();
  await expect(customer).toHaveURL(/\/portal\/tickets\/OUT-\d+$/);
  await expect(customer.getByRole('heading', { name: /VPN logins slow/ })).toBeVisible();
  const comments = customer.getByRole('list', { name: 'Comments' });
  await expect(comments).toContainText(update);
  await expect(comments).toContainText('Support');
  // Neither the internal note nor who wrote the update reaches the customer.
  await expect(customer.getByText(internal)).toHaveCount(0);
  await expect(customer.getByText('Nico NOC')).toHaveCount(0);
  await expect(customer.getByText('noc@watchfloor.test')).toHaveCount(0);
  await expect(customer.getByRole('list', { name: 'SLA clocks' }).getByRole('listitem')).toHaveCount(2);

  // The customer answers; an empty comment is refused on its field first.
  await customer.getByRole('button', { name: 'Send comment' }).click();
  await expect(customer.getByText('A comment cannot be empty')).toBeVisible();
  const answer = `Thanks — our staff in Lisbon are affected too ${Date.now()}`;
  await customer.getByLabel('Add a comment').fill(answer);
  await customer.getByRole('button', { name: 'Send comment' }).click();
  await expect(comments).toContainText(answer);
  await expect(comments.getByRole('listitem').filter({ hasText: answer })).toContainText('Casey (Acme)');

  // Report an issue: field errors first, then the new ticket's page.
  await customer
    .getByRole('navigation', { name: 'Portal' })
    .getByRole('link', { name: 'Report an issue' })
    .click();
  await expect(customer.getByRole('heading', { name: 'Report an issue' })).toBeVisible();
  await customer.getByRole('button', { name: 'Report the issue' }).click();
  await expect(customer.getByText('Give the ticket a title of at least 3 characters')).toBeVisible();
  const title = `Invoices page is blank ${Date.now()}`;
  await customer.getByLabel('What is not working?').fill(title);
  await customer.getByLabel('Details').fill('Since 08:00 the invoices page shows nothing for everyone.');
  await customer.getByLabel('Payments').check();
  await customer.getByLabel('Work has stopped: nothing gets done').check();
  await customer.getByRole('button', { name: 'Report the issue' }).click();
  await expect(customer).toHaveURL(/\/portal\/tickets\/OUT-\d+$/);
  const reported = customer.url().split('/').pop()!;
  await expect(customer.getByRole('heading', { name: title })).toBeVisible();
  await expect(customer.getByText('Reported by your organisation in the portal')).toBeVisible();
  await customer.getByRole('link', { name: 'Your tickets' }).click();
  await expect(customer.getByRole('row').filter({ hasText: title })).toContainText(reported);
  // The filters live in the URL: a search finds it, a resolved-only list does not.
  await customer.getByLabel('Search').fill(title);
  await customer.getByRole('button', { name: 'Filter' }).click();
  await expect(customer).toHaveURL(/[?&]q=/);
  await expect(customer.getByRole('row').filter({ hasText: title })).toHaveCount(1);
  await customer.getByLabel('Show').selectOption('resolved');
  await customer.getByRole('button', { name: 'Filter' }).click();
  await expect(customer).toHaveURL(/status=resolved/);
  await expect(customer.getByText('No tickets match these filters.')).toBeVisible();

  // The NOC finds it in its queue, from the portal.
  await noc.getByRole('link', { name: 'NOC queue' }).click();
  const queued = noc.getByRole('row').filter({ hasText: title });
  await expect(queued).toContainText(reported);
  await queued.getByRole('link').first().click();
  await expect(noc.getByRole('region', { name: 'Details' })).toContainText('Customer portal');
  await noc.context().close();
  await customer.context().close();
});

test("Acme's customer cannot reach Globex's ticket by changing the URL or the id", async ({ browser }) => {
  // Globex's own customer reads its ticket: its number and id, as Acme's customer might guess them.
  const globex = await signedIn(browser, 'customer@globex.test');
  const number = (await globex
    .getByRole('row')
    .filter({ hasText: 'Frankfurt' })
    .getByRole('link')
    .first()
    .textContent())!.trim();
  const own = await globex.request.get(`/api/trpc/portal.ticket?input=${trpcInput({ number })}`);
  expect(own.status()).toBe(200);
  const id: string = (await own.json()).result.data.json.id;
  await globex.context().close();

  const acme = await signedIn(browser, 'customer@acme.test');
  for (const path of [`/portal/tickets/${number}`, '/portal/tickets/SEC-1', '/portal/tickets/OUT-999999']) {
    const response = await acme.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(acme.getByRole('heading', { name: 'Ticket not found' })).toBeVisible();
  }
  // The console's ticket page is not the portal: it sends the customer home.
  await acme.goto(`/tickets/${number}`);
  await expect(acme).toHaveURL(/\/portal$/);

  const missing = await acme.request.get(
    `/api/trpc/portal.ticket?input=${trpcInput({ number: 'OUT-999999' })}`,
  );
  expect(missing.status()).toBe(404);
  const notFound = (await missing.json()).error.json.message;
  for (const [procedure, input] of [
    ['portal.ticket', { id }],
    ['portal.ticket', { number }],
    ['tickets.get', { id }],
    ['tickets.timeline', { id }],
  ] as const) {
    const denied = await acme.request.get(`/api/trpc/${procedure}?input=${trpcInput(input)}`);
    expect(denied.status(), procedure).toBe(404);
    expect((await denied.json()).error.json.message).toBe(notFound);
  }
  const comment = await acme.request.post('/api/trpc/portal.comment', {
    data: { json: { id, body: 'Hello from Acme' } },
  });
  expect(comment.status()).toBe(404);
  await acme.context().close();
});
