import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { organisations } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { setNow } from '../../test/sla';
import { useDemoWorld } from '../../test/suite';
import { drive, incidentInput, outageInput } from '../../test/tickets';
import type { DemoEmail, DemoWorld } from '../../test/world';
import { createTicket } from '../services/tickets/create';
import { handleReportCsv } from './report-csv';

// The CSV downloads through their route handler's own code, as a browser's GET would reach it.

const EVIL_NAME = '=HYPERLINK("http://evil.test","Globex")';

describe.each(testEngines())('report CSV downloads on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;

  useDemoWorld({ open, sla: true }, async (setup) => {
    ({ db, world } = setup);
    // A customer whose name a spreadsheet would run as a formula (names are admin-entered text).
    await db.update(organisations).set({ name: EVIL_NAME }).where(eq(organisations.slug, 'globex'));
    setNow(world.clock, '2026-11-20T10:00:00Z');
    const noc = await world.as('noc@watchfloor.test');
    const outage = await createTicket(noc, outageInput(world, { impact: 'high', urgency: 'high' }));
    await drive(noc, outage.id, [{ type: 'ACK' }]);
    // Globex's only ticket this week: a security incident the NOC never handed off.
    const soc = await world.as('soc@watchfloor.test');
    const incident = await createTicket(
      soc,
      incidentInput(world, { organisationId: world.org('globex').id }),
    );
    await drive(soc, incident.id, [{ type: 'CONFIRM' }]);
    setNow(world.clock, '2026-11-22T12:00:00Z');
  });

  async function download(who: DemoEmail | null, path: string) {
    let session: Session | null = null;
    if (who) {
      const { type: _type, ...user } = await world.actor(who);
      session = { user: { ...user, name: who }, expires: '2099-01-01T00:00:00.000Z' };
    }
    const url = new URL(`http://localhost/api/reports/${path}`);
    const response = await handleReportCsv(new Request(url), url.pathname.split('/').pop()!, async () => ({
      db,
      session,
      now: world.clock.now,
    }));
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  it('exports the table behind a chart: header row, CRLF records, escaped and defused cells', async () => {
    const answer = await download('manager@watchfloor.test', 'sla-met-by-customer.csv?period=7d');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(answer.headers.get('content-disposition')).toBe(
      'attachment; filename="watchfloor-sla-met-by-customer-2026-11-16-to-2026-11-22.csv"',
    );
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body.split('\r\n')).toEqual([
      'Customer,SLA,Met,Missed,Still running,% met',
      '"\'=HYPERLINK(""http://evil.test"",""Globex"")",Resolution,0,0,1,',
      '"\'=HYPERLINK(""http://evil.test"",""Globex"")",Response,1,0,0,100',
      'Acme,Resolution,0,0,1,',
      'Acme,Response,1,0,0,100',
      '',
    ]);
    const trend = await download('manager@watchfloor.test', 'mtta-mttr.csv?period=7d&kind=outage');
    const lines = trend.body.split('\r\n');
    expect(lines[0]).toBe('Day,Kind,Acknowledged,MTTA (min),Resolved,MTTR (h)');
    expect(lines).toContain('2026-11-20,Outages,1,0,0,');
    expect(lines).toHaveLength(1 + 7 + 1);
  });

  it('gives a NOC engineer no row of a restricted incident, and no security report at all', async () => {
    const answer = await download('noc@watchfloor.test', 'sla-met-by-customer.csv?period=7d');
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain('Globex');
    expect(answer.body.split('\r\n').slice(1, -1)).toEqual([
      'Acme,Resolution,0,0,1,',
      'Acme,Response,1,0,0,100',
    ]);
    const security = await download('noc@watchfloor.test', 'breaches.csv?period=7d&kind=security');
    expect(security.status).toBe(403);
    expect(security.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('answers 401, 403, 400 and 404 in plain words', async () => {
    expect((await download(null, 'breaches.csv')).status).toBe(401);
    const customer = await download('customer@acme.test', 'breaches.csv');
    expect(customer.status).toBe(403);
    expect(customer.body).toBe('Reports are for operator staff\n');
    const bad = await download(
      'manager@watchfloor.test',
      'handoffs.csv?period=custom&from=2026-11-10&to=2026-11-01',
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('to: The last day cannot be before the first');
    const unknown = await download('manager@watchfloor.test', 'payroll.csv');
    expect(unknown.status).toBe(404);
    expect((await download('manager@watchfloor.test', 'handoffs.json')).status).toBe(404);
  });
});
