import { eq } from 'drizzle-orm';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { organisations, statusUpdateComponents, statusUpdates } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { useDemoWorld } from '../../test/suite';
import { outageInput } from '../../test/tickets';
import { type DemoWorld, testClock } from '../../test/world';
import { invalidateStatusSnapshot } from '../services/status/cache';
import { createTicket } from '../services/tickets/create';
import {
  handleStatusDocument,
  handleStatusFeed,
  matchesIfNoneMatch,
  PUBLIC_CACHE_CONTROL,
} from './status-http';

const ORIGIN = 'http://status.test';

describe.each(testEngines())('status page HTTP documents on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  const clock = testClock('2026-11-20T15:00:00.000Z');

  useDemoWorld({ open, clock }, async (setup) => {
    ({ handle, world } = setup);
    // One published incident on Acme's website, so the documents and feeds have something to say.
    const noc = await world.as('noc@watchfloor.test');
    const website = world.service('acme', 'website').id;
    const outage = await createTicket(noc, outageInput(world, { serviceIds: [website] }));
    const [update] = await handle.db
      .insert(statusUpdates)
      .values({
        ticketId: outage.id,
        organisationId: world.org('acme').id,
        title: 'Storefront <errors>',
        status: 'identified',
        body: 'A bad deploy & a rollback in progress.',
        publishedAt: clock.now(),
      })
      .returning();
    await handle.db.insert(statusUpdateComponents).values({
      updateId: update!.id,
      serviceId: website,
      organisationId: world.org('acme').id,
      status: 'partial_outage',
    });
  });

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Request(`${ORIGIN}${path}`, { method, headers });
  const deps = () => ({ db: handle.db, now: clock.now() });

  it('serves summary.json with a strong ETag, public caching for 30 s, and 304 for a matching If-None-Match', async () => {
    invalidateStatusSnapshot();
    const response = await handleStatusDocument(
      get('/status/acme/api/v2/summary.json'),
      'acme',
      'summary.json',
      deps(),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const body = await response.json();
    expect(body.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(body.page.url).toBe(
      `${process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : ORIGIN}/status/acme`,
    );
    expect(body.incidents.map((i: { name: string }) => i.name)).toEqual(['Storefront <errors>']);
    expect(body.components.find((c: { name: string }) => c.name === 'Website').status).toBe('partial_outage');

    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await handleStatusDocument(
        get('/status/acme/api/v2/summary.json', { 'If-None-Match': header }),
        'acme',
        'summary.json',
        deps(),
      );
      expect(again.status, header).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
      expect(await again.text()).toBe('');
    }
    const stale = await handleStatusDocument(
      get('/status/acme/api/v2/summary.json', { 'If-None-Match': '"stale"' }),
      'acme',
      'summary.json',
      deps(),
    );
    expect(stale.status).toBe(200);
  });

  it('serves every Statuspage document, nested ones included, and 404s for anything else', async () => {
    for (const name of [
      'status.json',
      'components.json',
      'incidents.json',
      'incidents/unresolved.json',
      'scheduled-maintenances.json',
      'scheduled-maintenances/upcoming.json',
      'scheduled-maintenances/active.json',
    ]) {
      const response = await handleStatusDocument(get(`/status/acme/api/v2/${name}`), 'acme', name, deps());
      expect(response.status, name).toBe(200);
      expect((await response.json()).page.name, name).toBe('Acme');
    }
    const unresolved = await handleStatusDocument(get('/x'), 'acme', 'incidents/unresolved.json', deps());
    expect((await unresolved.json()).incidents).toHaveLength(1);
    for (const [slug, name] of [
      ['acme', 'secrets.json'],
      ['acme', 'constructor'],
      ['acme', '__proto__'],
      ['no-such-page', 'summary.json'],
      ['watchfloor', 'summary.json'],
      ['../etc', 'summary.json'],
    ] as const) {
      const response = await handleStatusDocument(get('/x'), slug, name, deps());
      expect(response.status, `${slug} ${name}`).toBe(404);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    const head = await handleStatusDocument(get('/x', {}, 'HEAD'), 'acme', 'status.json', deps());
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('a page that stops being public stops being served once its cache is dropped', async () => {
    await handle.db
      .update(organisations)
      .set({ statusPagePublic: false })
      .where(eq(organisations.slug, 'globex'));
    invalidateStatusSnapshot('globex');
    expect((await handleStatusDocument(get('/x'), 'globex', 'summary.json', deps())).status).toBe(404);
    expect((await handleStatusFeed(get('/x'), 'globex', 'atom', deps())).status).toBe(404);
    await handle.db
      .update(organisations)
      .set({ statusPagePublic: true })
      .where(eq(organisations.slug, 'globex'));
  });

  it('serves the Atom and RSS feeds: valid XML, one entry per update, escaped, with ETags', async () => {
    for (const [format, type, root] of [
      ['atom', 'application/atom+xml; charset=utf-8', '<feed xmlns="http://www.w3.org/2005/Atom">'],
      ['rss', 'application/rss+xml; charset=utf-8', '<rss version="2.0"'],
    ] as const) {
      const response = await handleStatusFeed(get(`/status/acme/history.${format}`), 'acme', format, deps());
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
      const xml = await response.text();
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml).toContain(root);
      expect(xml).toContain('Storefront &lt;errors&gt;: Identified');
      expect(xml).not.toContain('<errors>');
      const etag = response.headers.get('etag')!;
      const again = await handleStatusFeed(get('/x', { 'If-None-Match': etag }), 'acme', format, deps());
      expect(again.status).toBe(304);
    }
  });

  it('If-None-Match compares weakly, per RFC 9110', () => {
    expect(matchesIfNoneMatch(null, '"a"')).toBe(false);
    expect(matchesIfNoneMatch('"a"', '"a"')).toBe(true);
    expect(matchesIfNoneMatch(' W/"a" ', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('"b", "c"', '"a"')).toBe(false);
    expect(matchesIfNoneMatch('*', '"a"')).toBe(true);
  });
});
