import type { Session } from 'next-auth';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { statusUpdateComponents, statusUpdates } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { useDemoWorld } from '../../test/suite';
import { outageInput } from '../../test/tickets';
import type { DemoEmail, DemoWorld } from '../../test/world';
import { createTicket } from '../services/tickets/create';
import { handleSlaReportCsv } from './sla-report-csv';

// The SLA report download through its route handler's own code, as a browser's GET would reach it. The
// demo clock reads 2 Nov 2026: October is closed in New York (Acme) and Berlin (Globex).

describe.each(testEngines())('SLA report CSV on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;

  useDemoWorld({ open }, async (setup) => {
    ({ db, world } = setup);
    // Acme's website: 30 minutes of major outage on 15 October.
    const noc = await world.as('noc@watchfloor.test');
    const outage = await createTicket(noc, outageInput(world));
    const publish = async (at: string, status: 'investigating' | 'resolved') =>
      (
        await db
          .insert(statusUpdates)
          .values({
            ticketId: outage.id,
            organisationId: world.org('acme').id,
            title: 'Website unreachable',
            status,
            body: 'Details follow.',
            publishedAt: new Date(at),
          })
          .returning()
      )[0]!;
    const first = await publish('2026-10-15T10:00:00Z', 'investigating');
    await db.insert(statusUpdateComponents).values({
      updateId: first.id,
      serviceId: world.service('acme', 'website').id,
      organisationId: world.org('acme').id,
      status: 'major_outage',
    });
    await publish('2026-10-15T10:30:00Z', 'resolved');
  });

  async function download(who: DemoEmail | null, path: string) {
    let session: Session | null = null;
    if (who) {
      const { type: _type, ...user } = await world.actor(who);
      session = { user: { ...user, name: who }, expires: '2099-01-01T00:00:00.000Z' };
    }
    const url = new URL(`http://localhost/api/sla-reports/${path}`);
    const response = await handleSlaReportCsv(new Request(url), url.pathname.split('/').pop()!, async () => ({
      db,
      session,
      now: world.clock.now,
    }));
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  it("gives a customer their own organisation's month: a header row, one record per service, the total", async () => {
    const answer = await download('customer@acme.test', '2026-10.csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="acme-sla-2026-10.csv"');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const lines = answer.body.split('\r\n');
    expect(lines[0]).toBe(
      'Service,Uptime %,Downtime (weighted min),Major outage (min),Partial outage (min),Degraded (min),' +
        'Maintenance (min),Commitment %,Met,Credit %,Incidents,Response % met,Responses met,Responses missed,' +
        'Resolution % met,Resolutions met,Resolutions missed',
    );
    // 1 − 30 / 44,640 minutes of October in New York: 99.932 %, above the 99.9 commitment.
    expect(lines[1]).toBe('Website,99.932,30,30,0,0,0,99.9,yes,0,1,,0,0,,0,0');
    expect(lines.slice(2, 6).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'Public API,100.000,0',
      'Payments,100.000,0',
      'Email,100.000,0',
      'Remote access VPN,100.000,0',
    ]);
    // Five services of 44,640 minutes, 30 of them down: 1 − 30 / 223,200.
    expect(lines[6]).toBe('All services,99.986,30,30,0,0,0,,,,1,,0,0,,0,0');
    expect(lines.slice(7)).toEqual(['']);
  });

  it("never gives a customer another organisation's report, however the URL is changed", async () => {
    const globex = world.org('globex').id;
    const answer = await download('customer@acme.test', `2026-10.csv?organisationId=${globex}`);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('Globex');
    expect((await download('customer@globex.test', '2026-10.csv')).body).not.toContain('Website');
  });

  it('lets staff download any organisation they name', async () => {
    const answer = await download(
      'manager@watchfloor.test',
      `2026-10.csv?organisationId=${world.org('globex').id}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="globex-sla-2026-10.csv"');
    expect(answer.body.split('\r\n').map((l) => l.split(',')[0])).toEqual([
      'Service',
      'SD-WAN',
      'Data centre Frankfurt',
      'ERP',
      'All services',
      '',
    ]);
    const current = await download(
      'noc@watchfloor.test',
      `2026-11.csv?organisationId=${world.org('acme').id}`,
    );
    expect(current.headers.get('content-disposition')).toBe(
      'attachment; filename="acme-sla-2026-11-provisional.csv"',
    );
  });

  it('answers 401, 400 and 404 in plain words', async () => {
    expect((await download(null, '2026-10.csv')).status).toBe(401);
    const future = await download('customer@acme.test', '2026-12.csv');
    expect(future.status).toBe(400);
    expect(future.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect((await download('manager@watchfloor.test', '2026-10.csv')).status).toBe(400);
    expect((await download('customer@acme.test', '2026-13.csv')).status).toBe(400);
    expect((await download('customer@acme.test', 'october.csv')).status).toBe(404);
    expect((await download('customer@acme.test', '2026-10.json')).status).toBe(404);
  });
});
