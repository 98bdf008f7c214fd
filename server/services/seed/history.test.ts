import { asc, count, desc, eq, gt } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../../db/client';
import { handoffs, maintenances, statusUpdates, ticketEvents, tickets, users } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDatabase } from '../../../test/suite';
import { verifyAuditChains } from '../audit/verify';
import type { ServiceContext } from '../kernel/context';
import { handoffAcceptanceReport } from '../reports/handoff-acceptance';
import { mttaMttrReport } from '../reports/mtta-mttr';
import { slaMetReport } from '../reports/sla-met';
import { getStatusPage } from '../status/get-status-page';
import { getUptimeBars } from '../status/get-status-snapshot';
import { DEMO_PUBLIC_UPDATE, DEMO_TICKETS } from './demo-data';
import { demoHistory, demoMaintenance } from './demo-history';
import { seedIfEmpty } from './seed';

const NOW = new Date('2026-11-20T10:00:00.000Z');

describe('the demo 90 days (pure)', () => {
  it('is the same on every start, oldest first, and ends before the seeding instant', () => {
    const month = demoHistory(NOW);
    expect(demoHistory(NOW)).toEqual(month);
    expect(month.length).toBeGreaterThan(180);
    const opened = month.map((t) => t.openedAt.getTime());
    expect(opened).toEqual([...opened].sort((a, b) => a - b));
    expect(Math.min(...opened)).toBeGreaterThan(NOW.getTime() - 91 * 24 * 3_600_000);
    expect(Math.min(...opened)).toBeLessThan(NOW.getTime() - 85 * 24 * 3_600_000);
    expect(Math.max(...opened)).toBeLessThan(NOW.getTime() - 24 * 3_600_000);
    // Both kinds, every impact, a handoff or two: enough variety for every report.
    expect(new Set(month.map((t) => t.kind))).toEqual(new Set(['outage', 'security']));
    const outages = month.filter((t) => t.kind === 'outage');
    expect(new Set(outages.map((t) => t.impact)).size).toBe(3);
    expect(outages.some((t) => t.handoff?.accepted)).toBe(true);
    expect(outages.some((t) => t.handoff && !t.handoff.accepted)).toBe(true);
    // Some paused (never while a handoff waits), most customer outages told on their status page.
    expect(outages.filter((t) => t.hold).length).toBeGreaterThan(5);
    expect(outages.some((t) => t.hold && t.handoff)).toBe(false);
    const customers = outages.filter((t) => t.organisation !== 'watchfloor');
    expect(customers.filter((t) => t.published).length).toBeGreaterThan(customers.length / 2);
    expect(outages.some((t) => t.organisation === 'watchfloor' && t.published)).toBe(false);
  });

  it('has a maintenance window every eight days or so, at night, each before the seeding instant', () => {
    const windows = demoMaintenance(NOW);
    expect(windows.length).toBeGreaterThanOrEqual(10);
    for (const w of windows) {
      expect(w.startsAt.getUTCHours()).toBe(2);
      expect(w.startsAt.getTime() + w.durationMs).toBeLessThan(NOW.getTime() - 24 * 3_600_000);
      expect(w.durationMs).toBeGreaterThanOrEqual(2 * 3_600_000);
    }
    expect(new Set(windows.map((w) => w.organisation))).toEqual(new Set(['acme', 'globex']));
  });
});

describe.each(testEngines())('seeding the demo with its month of history on $engine', ({ open }) => {
  let db: Database;
  let manager: ServiceContext;
  useDatabase(open, async (handle: DatabaseHandle) => {
    db = handle.db;
    await seedIfEmpty(db, { demo: true, history: true, now: () => NOW });
  });
  beforeAll(async () => {
    const [row] = await db.select().from(users).where(eq(users.email, 'manager@watchfloor.test'));
    manager = {
      db,
      now: () => NOW,
      actor: {
        type: 'user',
        id: row!.id,
        email: row!.email,
        role: row!.role,
        organisationId: row!.organisationId,
      },
    };
  });

  it('replays every past ticket through the services, before the live demo tickets', async () => {
    const month = demoHistory(NOW);
    const accepted = month.filter((t) => t.kind === 'outage' && t.handoff?.accepted).length;
    // The live demo's accepted relay handoff opens one more incident.
    const expected = month.length + accepted + Object.keys(DEMO_TICKETS).length + 1;
    const [all] = await db.select({ n: count() }).from(tickets);
    expect(all!.n).toBe(expected);
    // The past has the low numbers (numbered per kind); the live demo tickets were opened at the seeding instant.
    const [first] = await db
      .select({ createdAt: tickets.createdAt })
      .from(tickets)
      .where(eq(tickets.kind, 'outage'))
      .orderBy(asc(tickets.number))
      .limit(1);
    expect(first!.createdAt).toEqual(month.find((t) => t.kind === 'outage')!.openedAt);
    const [newest] = await db
      .select({ createdAt: tickets.createdAt })
      .from(tickets)
      .where(eq(tickets.kind, 'outage'))
      .orderBy(desc(tickets.number))
      .limit(1);
    expect(newest!.createdAt).toEqual(NOW);
    // Nothing is dated after the seeding instant.
    const [future] = await db
      .select({ n: count() })
      .from(ticketEvents)
      .where(gt(ticketEvents.occurredAt, NOW));
    expect(future!.n).toBe(0);
  });

  it("fills the customers' status pages: 90 days of public updates and maintenance, a live incident, bars below 100 %", async () => {
    const [updates] = await db.select({ n: count() }).from(statusUpdates);
    expect(updates!.n).toBeGreaterThan(300);
    const windows = await db.select().from(maintenances);
    expect(windows.filter((w) => w.state === 'completed')).toHaveLength(demoMaintenance(NOW).length);
    expect(windows.filter((w) => w.state === 'scheduled')).toHaveLength(1);
    // The operator publishes nothing of its own outages (its page is not public).
    const page = (await getStatusPage(db, 'acme', NOW))!;
    expect(page.activeIncidents.map((i) => i.name)).toEqual([DEMO_PUBLIC_UPDATE.title]);
    const payments = page.groups.flatMap((g) => g.components).find((c) => c.name === 'Payments')!;
    expect(payments.status).toBe('partial_outage');
    const bars = (await getUptimeBars(db, 'acme', NOW))!;
    const days = bars.flatMap((b) => b.days);
    expect(days.filter((d) => d.incidents.length > 0).length).toBeGreaterThan(30);
    expect(days.some((d) => d.maintenanceMinutes > 0)).toBe(true);
    expect(bars.some((b) => b.uptime !== null && Number.parseFloat(b.uptime) < 100)).toBe(true);
  });

  it('leaves every audit chain whole', async () => {
    expect(await verifyAuditChains(db)).toMatchObject({ firstBreak: null });
  });

  it('gives the 30-day reports a trend, SLAs sometimes missed, and handoffs both ways', async () => {
    const filter = { period: '30d', kind: 'all', interval: 'day' } as const;
    const trend = await mttaMttrReport(manager, filter);
    const daysWithAcks = new Set(trend.rows.filter((r) => r.acknowledged > 0).map((r) => r.bucket));
    expect(daysWithAcks.size).toBeGreaterThan(20);
    const met = await slaMetReport(manager, filter);
    const decided = met.byTeam.filter((r) => r.percentMet !== null);
    expect(decided.length).toBeGreaterThan(0);
    const noc = met.byTeam.find((r) => r.group === 'noc' && r.metric === 'resolution')!;
    expect(noc.met).toBeGreaterThan(0);
    expect(noc.missed).toBeGreaterThan(0);
    const handed = await handoffAcceptanceReport(manager, filter);
    expect(handed.rows.reduce((n, r) => n + r.accepted, 0)).toBeGreaterThan(0);
    expect(handed.rows.reduce((n, r) => n + r.declined, 0)).toBeGreaterThan(0);
    const [open] = await db.select({ n: count() }).from(handoffs).where(eq(handoffs.status, 'requested'));
    // Only the live demo's transit handoff is waiting.
    expect(open!.n).toBe(1);
  });
});
