import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { testEngines } from '../../../test/databases';
import { handoffRequest } from '../../../test/handoffs';
import { HOUR, MINUTE, setNow } from '../../../test/sla';
import { useDemoWorld } from '../../../test/suite';
import { drive, expectServiceError, incidentInput, outageInput, RESOLVE } from '../../../test/tickets';
import type { DemoEmail, DemoWorld } from '../../../test/world';
import { acceptHandoff } from '../handoffs/accept';
import { declineHandoff } from '../handoffs/decline';
import { requestHandoff } from '../handoffs/request';
import { sweepDueClocks } from '../sla/sweep-clocks';
import { createTicket } from '../tickets/create';
import { breachesReport } from './breaches';
import { handoffAcceptanceReport } from './handoff-acceptance';
import { mttaMttrReport } from './mtta-mttr';
import type { ReportFilterInput } from './schemas';
import { slaMetReport } from './sla-met';

// A small week on the floor, built through the services at chosen instants (UTC; the operator works in
// Europe/Berlin, UTC+1 in November, so its days start at 23:00 UTC). The demo seed's own tickets date from
// 2026-11-02, two weeks before: outside every window below.
//
// Mon 16 Nov  08:00  A  Acme outage P1 (15 min / 4 h)   ACK 08:10 (10 min)        RESOLVE 10:00 (2 h)
//             09:00  B  Acme outage P2 (30 min / 8 h)   ACK 09:40 (40 min, late)  RESOLVE 23:30 (14.5 h,
//                       late): 00:30 on Tuesday in Berlin, so it counts on Tuesday
//             10:00  handoff 1 of B, declined 10:05 (5 min, within the 15-min OLA)
//             11:00  handoff 2 of B, accepted 11:30 (30 min, past the OLA) into
//             11:30  D  Acme incident P2, severity high (30 min / 24 h), confirmed at birth (0 min)
// Tue 17 Nov  10:00  C  Globex incident P2, severity high, CONFIRM 10:20 (20 min); never handed off, so a
//                       NOC engineer may not know of it
// Sun 22 Nov  12:00  now: the sweep marks D's resolution (due Tue 11:30) and C's (due Wed 10:00) breached
//
// Breaches, at their due instants: B response Mon 09:30, handoff 2's OLA Mon 11:15, B resolution Mon
// 17:00, D resolution Tue 11:30, C resolution Wed 10:00.

const LAST_7_DAYS: ReportFilterInput = { period: '7d' };

describe.each(testEngines())('reports on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  const as = (email: DemoEmail) => world.as(email);

  useDemoWorld({ open, sla: true }, async (setup) => {
    ({ db, world } = setup);
    const noc = await as('noc@watchfloor.test');
    const soc = await as('soc@watchfloor.test');
    const at = (instant: string) => setNow(world.clock, instant);

    at('2026-11-16T08:00:00Z');
    const a = await createTicket(
      noc,
      outageInput(world, { title: 'Checkout down', impact: 'high', urgency: 'high' }),
    );
    at('2026-11-16T08:10:00Z');
    await drive(noc, a.id, [{ type: 'ACK' }]);
    at('2026-11-16T09:00:00Z');
    const b = await createTicket(
      noc,
      outageInput(world, { title: 'Login latency', impact: 'high', urgency: 'medium' }),
    );
    at('2026-11-16T09:40:00Z');
    await drive(noc, b.id, [{ type: 'ACK' }, { type: 'INVESTIGATE' }]);
    at('2026-11-16T10:00:00Z');
    await drive(noc, a.id, [{ type: 'INVESTIGATE' }, { type: 'FIX' }, RESOLVE]);
    const first = await requestHandoff(noc, handoffRequest(b.id, world.clock.now()));
    at('2026-11-16T10:05:00Z');
    await declineHandoff(soc, { handoffId: first.handoffId, reason: 'Router bug, not an attack' });
    at('2026-11-16T11:00:00Z');
    const second = await requestHandoff(noc, handoffRequest(b.id, world.clock.now()));
    at('2026-11-16T11:30:00Z');
    await acceptHandoff(soc, { handoffId: second.handoffId, into: 'new' });
    at('2026-11-16T23:30:00Z');
    await drive(noc, b.id, [{ type: 'FIX' }, RESOLVE]);
    at('2026-11-17T10:00:00Z');
    const c = await createTicket(soc, incidentInput(world, { organisationId: world.org('globex').id }));
    at('2026-11-17T10:20:00Z');
    await drive(soc, c.id, [{ type: 'CONFIRM' }]);
    at('2026-11-22T12:00:00Z');
    await sweepDueClocks(db, world.clock.now());
  });

  it('reads "last 7 days" as the seven Berlin days ending today, today from the injected clock', async () => {
    const { window } = await mttaMttrReport(await as('manager@watchfloor.test'), LAST_7_DAYS);
    expect(window).toEqual({
      from: new Date('2026-11-15T23:00:00Z'),
      to: new Date('2026-11-22T23:00:00Z'),
      firstDay: '2026-11-16',
      lastDay: '2026-11-22',
      timeZone: 'Europe/Berlin',
      unit: 'day',
      kinds: ['outage', 'security'],
    });
    const custom = await mttaMttrReport(await as('manager@watchfloor.test'), {
      period: 'custom',
      from: '2026-10-01',
      to: '2026-12-31',
    });
    // Across the end of summer time (25 Oct): local midnights at +02:00, then +01:00; 92 days → weeks.
    expect(custom.window).toMatchObject({
      from: new Date('2026-09-30T22:00:00Z'),
      to: new Date('2026-12-31T23:00:00Z'),
      unit: 'week',
    });
    expect(custom.rows[0]).toMatchObject({ bucket: '2026-09-28' }); // the Monday of 1 October's week
  });

  it('gives MTTA and MTTR per Berlin day and kind, in the bucket where each became known', async () => {
    const { rows, totals } = await mttaMttrReport(await as('manager@watchfloor.test'), LAST_7_DAYS);
    expect(rows).toHaveLength(14); // 7 days × 2 kinds, quiet days included
    const day = (bucket: string, kind: string) => rows.find((r) => r.bucket === bucket && r.kind === kind);
    expect(day('2026-11-16', 'outage')).toEqual({
      bucket: '2026-11-16',
      kind: 'outage',
      acknowledged: 2,
      mttaMs: 25 * MINUTE, // (10 + 40) / 2
      resolved: 1,
      mttrMs: 2 * HOUR, // A
    });
    expect(day('2026-11-16', 'security')).toMatchObject({ acknowledged: 1, mttaMs: 0, resolved: 0 });
    // B resolved at 23:30 UTC on Monday: 00:30 on Tuesday in Berlin.
    expect(day('2026-11-17', 'outage')).toMatchObject({ acknowledged: 0, mttaMs: null, resolved: 1 });
    expect(day('2026-11-17', 'outage')!.mttrMs).toBe(14.5 * HOUR);
    expect(day('2026-11-17', 'security')).toMatchObject({ acknowledged: 1, mttaMs: 20 * MINUTE });
    expect(day('2026-11-20', 'outage')).toMatchObject({ acknowledged: 0, mttaMs: null, resolved: 0 });
    expect(totals).toEqual([
      { kind: 'outage', acknowledged: 2, mttaMs: 25 * MINUTE, resolved: 2, mttrMs: 8.25 * HOUR },
      { kind: 'security', acknowledged: 2, mttaMs: 10 * MINUTE, resolved: 0, mttrMs: null },
    ]);
    // One ISO week: the same figures in one bucket.
    const weekly = await mttaMttrReport(await as('manager@watchfloor.test'), {
      ...LAST_7_DAYS,
      interval: 'week',
    });
    expect(weekly.rows.filter((r) => r.kind === 'outage')).toEqual([
      {
        bucket: '2026-11-16',
        kind: 'outage',
        acknowledged: 2,
        mttaMs: 25 * MINUTE,
        resolved: 2,
        mttrMs: 8.25 * HOUR,
      },
    ]);
  });

  it('gives % SLA met by priority, team and customer over the clocks started in the window', async () => {
    const report = await slaMetReport(await as('manager@watchfloor.test'), LAST_7_DAYS);
    const pick = <T extends { group: string; metric: string }>(rows: T[], group: string, metric: string) =>
      rows.find((r) => r.group === group && r.metric === metric);
    expect(pick(report.byPriority, 'P1', 'response')).toEqual({
      group: 'P1',
      metric: 'response',
      met: 1,
      missed: 0,
      pending: 0,
      percentMet: 100,
    });
    // B late; C and D on time. Resolution: B late, C and D breached while still open.
    expect(pick(report.byPriority, 'P2', 'response')).toMatchObject({ met: 2, missed: 1 });
    expect(pick(report.byPriority, 'P2', 'response')!.percentMet).toBeCloseTo(200 / 3, 10);
    expect(pick(report.byPriority, 'P2', 'resolution')).toMatchObject({ met: 0, missed: 3, percentMet: 0 });
    expect(pick(report.byPriority, 'P3', 'response')).toMatchObject({ met: 0, missed: 0, percentMet: null });
    expect(report.byPriority).toHaveLength(8); // P1–P4 × response, resolution
    expect(report.byTeam).toEqual([
      { group: 'noc', metric: 'response', met: 1, missed: 1, pending: 0, percentMet: 50 },
      { group: 'noc', metric: 'resolution', met: 1, missed: 1, pending: 0, percentMet: 50 },
      { group: 'soc', metric: 'response', met: 2, missed: 0, pending: 0, percentMet: 100 },
      { group: 'soc', metric: 'resolution', met: 0, missed: 2, pending: 0, percentMet: 0 },
    ]);
    expect(report.byCustomer.map((r) => [r.group, r.metric, r.met, r.missed])).toEqual([
      ['Acme', 'resolution', 1, 2],
      ['Acme', 'response', 2, 1],
      ['Globex', 'resolution', 0, 1],
      ['Globex', 'response', 1, 0],
    ]);
  });

  it('counts breaches when they happened, per Berlin day and metric', async () => {
    const report = await breachesReport(await as('manager@watchfloor.test'), LAST_7_DAYS);
    expect(report.rows.map((r) => r.bucket)).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
    expect(report.rows[0]).toEqual({
      bucket: '2026-11-16',
      response: 1,
      resolution: 1,
      handoff_acceptance: 1,
      noc_action: 0,
      total: 3,
    });
    expect(report.rows[1]).toMatchObject({ resolution: 1, total: 1 }); // D
    expect(report.rows[2]).toMatchObject({ resolution: 1, total: 1 }); // C
    expect(report.total).toBe(5);
    const outagesOnly = await breachesReport(await as('manager@watchfloor.test'), {
      ...LAST_7_DAYS,
      kind: 'outage',
    });
    expect(outagesOnly.total).toBe(3);
  });

  it('gives handoff decision times and the acceptance rate per day of the request', async () => {
    const report = await handoffAcceptanceReport(await as('manager@watchfloor.test'), LAST_7_DAYS);
    expect(report.rows[0]).toEqual({
      bucket: '2026-11-16',
      requested: 2,
      accepted: 1,
      declined: 1,
      waiting: 0,
      overOla: 1,
      meanDecisionMs: 17.5 * MINUTE, // (5 + 30) / 2
      p90DecisionMs: 27.5 * MINUTE, // 5 + 0.9 × 25, interpolated
      acceptanceRate: 50,
    });
    expect(report.rows[1]).toMatchObject({ requested: 0, meanDecisionMs: null, acceptanceRate: null });
    // Both teams are party to a handoff: the NOC and the SOC see the same figures.
    for (const email of ['noc@watchfloor.test', 'soc@watchfloor.test'] as const)
      expect((await handoffAcceptanceReport(await as(email), LAST_7_DAYS)).rows).toEqual(report.rows);
  });

  it('keeps a NOC engineer to outages: no count, customer or team of a restricted incident', async () => {
    const noc = await as('noc@watchfloor.test');
    const sla = await slaMetReport(noc, LAST_7_DAYS);
    expect(sla.byTeam.map((r) => r.group)).toEqual(['noc', 'noc']);
    // Globex's only ticket in the window is the incident C: the NOC's breakdown does not name Globex.
    expect(sla.byCustomer.map((r) => [r.group, r.metric, r.met, r.missed])).toEqual([
      ['Acme', 'resolution', 1, 1],
      ['Acme', 'response', 1, 1],
    ]);
    expect(sla.byPriority.find((r) => r.group === 'P2' && r.metric === 'response')).toMatchObject({
      met: 0,
      missed: 1,
    });
    const times = await mttaMttrReport(noc, LAST_7_DAYS);
    expect(new Set(times.rows.map((r) => r.kind))).toEqual(new Set(['outage']));
    expect(times.totals).toEqual([
      { kind: 'outage', acknowledged: 2, mttaMs: 25 * MINUTE, resolved: 2, mttrMs: 8.25 * HOUR },
    ]);
    expect((await breachesReport(noc, LAST_7_DAYS)).total).toBe(3);
    await expectServiceError(mttaMttrReport(noc, { ...LAST_7_DAYS, kind: 'security' }), 'FORBIDDEN');
    await expectServiceError(slaMetReport(noc, { ...LAST_7_DAYS, kind: 'security' }), 'FORBIDDEN');
  });

  it('keeps a SOC analyst to security incidents', async () => {
    const soc = await as('soc@watchfloor.test');
    const sla = await slaMetReport(soc, LAST_7_DAYS);
    expect(sla.byTeam.map((r) => [r.group, r.metric, r.met, r.missed])).toEqual([
      ['soc', 'response', 2, 0],
      ['soc', 'resolution', 0, 2],
    ]);
    expect((await breachesReport(soc, LAST_7_DAYS)).total).toBe(2);
    await expectServiceError(breachesReport(soc, { ...LAST_7_DAYS, kind: 'outage' }), 'FORBIDDEN');
  });

  it('refuses customers every report, and bad filters with a field error', async () => {
    for (const email of ['customer@acme.test', 'customer@globex.test'] as const) {
      const customer = await as(email);
      await expectServiceError(mttaMttrReport(customer, LAST_7_DAYS), 'FORBIDDEN');
      await expectServiceError(slaMetReport(customer, LAST_7_DAYS), 'FORBIDDEN');
      await expectServiceError(breachesReport(customer, LAST_7_DAYS), 'FORBIDDEN');
      await expectServiceError(handoffAcceptanceReport(customer, LAST_7_DAYS), 'FORBIDDEN');
    }
    const manager = await as('manager@watchfloor.test');
    const fieldsOf = async (input: unknown) =>
      (await expectServiceError(mttaMttrReport(manager, input as ReportFilterInput), 'BAD_REQUEST'))
        .fieldErrors;
    expect(await fieldsOf({ period: 'custom' })).toEqual({
      from: ['Choose the first day'],
      to: ['Choose the last day'],
    });
    expect(await fieldsOf({ period: 'custom', from: '2026-11-10', to: '2026-11-09' })).toEqual({
      to: ['The last day cannot be before the first'],
    });
    expect(
      Object.keys((await fieldsOf({ period: 'custom', from: '2026-02-30', to: '2026-03-01' }))!),
    ).toEqual(['from']);
    expect(await fieldsOf({ period: 'custom', from: '2025-01-01', to: '2026-12-31' })).toEqual({
      to: ['Choose at most 366 days'],
    });
    expect(
      await fieldsOf({ period: 'custom', from: '2026-08-01', to: '2026-11-22', interval: 'day' }),
    ).toEqual({
      interval: ['Daily figures cover at most 92 days: choose weeks'],
    });
    expect((await mttaMttrReport(manager, { period: '90d', interval: 'day' })).rows).toHaveLength(180);
    expect(Object.keys((await fieldsOf({ period: 'year' }))!)).toEqual(['period']);
  });
});
