import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import {
  creditTiers,
  maintenanceServices,
  maintenances,
  organisations,
  services,
  slaMonthReports,
  statusUpdateComponents,
  statusUpdates,
} from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { setNow } from '../../../test/sla';
import { useDemoWorld } from '../../../test/suite';
import { drive, expectServiceError, OUTAGE_ROUTES } from '../../../test/tickets';
import { type DemoWorld, testClock } from '../../../test/world';
import type { ComponentStatus, PublicIncidentStatus } from '../../../workflows/status/constants';
import type { ServiceContext } from '../kernel/context';
import { DEMO_CREDIT_TIERS } from '../seed/demo-data';
import { createTicket } from '../tickets/create';
import { type SlaMonthReport, slaMonthReport } from './monthly-report';

// Initech: a customer of our own making in New York (EDT until 1 November 2026, 02:00), so every figure
// below is computed by hand. October 2026 there runs from 1 Oct 04:00Z to 1 Nov 04:00Z: 44,640 minutes.
// Weights: major 1, partial 0.5, degraded 0.1 (not the defaults, to show they come from the organisation).
const OCTOBER_MIN = 44_640;

describe.each(testEngines())('monthly SLA reports on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let admin: ServiceContext;
  let customer: ServiceContext;
  let initech: string;
  const svc: Record<string, string> = {};

  useDemoWorld({ open, sla: true, clock: testClock('2026-10-20T12:00:00.000Z') }, async (setup) => {
    ({ db, world } = setup);
    admin = await world.as('admin@watchfloor.test');
    const [org] = await db
      .insert(organisations)
      .values({
        slug: 'initech',
        name: 'Initech',
        kind: 'customer',
        timeZone: 'America/New_York',
        weightMajor: 1,
        weightPartial: 0.5,
        weightDegraded: 0.1,
        // Acme's policy: P1 answers in 15 minutes and resolves in 4 hours, around the clock.
        slaPolicyId: world.org('acme').slaPolicyId,
      })
      .returning();
    initech = org!.id;
    await db.insert(creditTiers).values(DEMO_CREDIT_TIERS.map((t) => ({ ...t, organisationId: initech })));
    const list = ['web', 'api', 'pay', 'mail', 'vpn', 'gone', 'old'];
    const rows = await db
      .insert(services)
      .values(
        list.map((slug, position) => ({
          organisationId: initech,
          slug,
          name: slug.toUpperCase(),
          position,
          availabilityCommitment: slug === 'pay' ? 99.95 : 99.9,
        })),
      )
      .returning();
    for (const row of rows) svc[row.slug] = row.id;
    customer = {
      db,
      now: world.clock.now,
      actor: {
        type: 'user',
        id: randomUUID(),
        email: 'customer@initech.test',
        role: 'customer',
        organisationId: initech,
      },
    };

    const outage = async (...slugs: string[]) =>
      (
        await createTicket(admin, {
          title: `Trouble with ${slugs.join(' and ')}`,
          description: 'Seen by monitoring',
          organisationId: initech,
          serviceIds: slugs.map((s) => svc[s]!),
          impact: 'high',
          urgency: 'high',
        })
      ).id;
    type Step = [at: string, status: PublicIncidentStatus, components: Record<string, ComponentStatus>];
    const publish = async (ticketId: string, steps: Step[]) => {
      for (const [at, status, components] of steps) {
        const [update] = await db
          .insert(statusUpdates)
          .values({
            ticketId,
            organisationId: initech,
            title: 'Service disruption',
            status,
            body: `We are ${status}.`,
            publishedAt: new Date(at),
          })
          .returning();
        const entries = Object.entries(components);
        if (entries.length)
          await db.insert(statusUpdateComponents).values(
            entries.map(([slug, s]) => ({
              updateId: update!.id,
              serviceId: svc[slug]!,
              organisationId: initech,
              status: s,
            })),
          );
      }
    };

    // web: major from 23:00 on 31 Oct (03:00Z) to 01:00 on 1 Nov (05:00Z) New York time: 60 minutes each
    // side of the month end (in UTC all 120 would be November's).
    await publish(await outage('web'), [
      ['2026-11-01T03:00:00Z', 'investigating', { web: 'major_outage' }],
      ['2026-11-01T05:00:00Z', 'resolved', {}],
    ]);
    // api: maintenance 13:00–15:00Z on 10 Oct; major 13:30–14:00 (inside it: excluded), then partial until
    // 16:30, of which 15:00–16:30 counts: 90 min × 0.5 = 45 weighted minutes.
    const [window] = await db
      .insert(maintenances)
      .values({
        organisationId: initech,
        title: 'Database upgrade',
        body: '',
        state: 'completed',
        scheduledFor: new Date('2026-10-10T13:00:00Z'),
        scheduledUntil: new Date('2026-10-10T15:00:00Z'),
        startedAt: new Date('2026-10-10T13:00:00Z'),
        completedAt: new Date('2026-10-10T15:00:00Z'),
        createdAt: new Date('2026-10-01T12:00:00Z'),
        updatedAt: new Date('2026-10-10T15:00:00Z'),
      })
      .returning();
    await db
      .insert(maintenanceServices)
      .values({ maintenanceId: window!.id, serviceId: svc.api!, organisationId: initech });
    await publish(await outage('api'), [
      ['2026-10-10T13:30:00Z', 'investigating', { api: 'major_outage' }],
      ['2026-10-10T14:00:00Z', 'identified', { api: 'partial_outage' }],
      ['2026-10-10T16:30:00Z', 'resolved', {}],
    ]);
    // pay: 20 minutes major.
    await publish(await outage('pay'), [
      ['2026-10-05T10:00:00Z', 'investigating', { pay: 'major_outage' }],
      ['2026-10-05T10:20:00Z', 'resolved', {}],
    ]);
    // mail: 200 minutes major, then 100 degraded (× 0.1): 210 weighted minutes.
    await publish(await outage('mail'), [
      ['2026-10-12T00:00:00Z', 'investigating', { mail: 'major_outage' }],
      ['2026-10-12T03:20:00Z', 'monitoring', { mail: 'degraded_performance' }],
      ['2026-10-12T05:00:00Z', 'resolved', {}],
    ]);
    // vpn: 800 minutes major.
    await publish(await outage('vpn'), [
      ['2026-10-14T00:00:00Z', 'investigating', { vpn: 'major_outage' }],
      ['2026-10-14T13:20:00Z', 'resolved', {}],
    ]);
    // gone: 4,000 minutes major, then retired on 15 Oct (it existed in October: it is reported).
    await publish(await outage('gone'), [
      ['2026-10-02T00:00:00Z', 'investigating', { gone: 'major_outage' }],
      ['2026-10-04T18:40:00Z', 'resolved', {}],
    ]);
    await db
      .update(services)
      .set({ retiredAt: new Date('2026-10-15T00:00:00Z') })
      .where(eq(services.id, svc.gone!));
    await db
      .update(services)
      .set({ retiredAt: new Date('2026-09-20T00:00:00Z') })
      .where(eq(services.id, svc.old!));

    // Ticket SLAs (P1: respond in 15 min, resolve in 4 h). One outage names web and api: acknowledged in
    // 5 minutes and resolved; another names web: acknowledged after 30 minutes, resolved in November.
    const both = await outage('web', 'api');
    const late = await outage('web');
    setNow(world.clock, '2026-10-20T12:05:00Z');
    await drive(admin, both, OUTAGE_ROUTES.resolved!);
    setNow(world.clock, '2026-10-20T12:30:00Z');
    await drive(admin, late, [{ type: 'ACK' }]);
    lateOutage = late;
  });
  let lateOutage: string;

  const row = (report: SlaMonthReport, slug: string) => report.services.find((s) => s.slug === slug)!;
  const NO_CLOCKS = { met: 0, missed: 0, percentMet: null };

  describe('in October', () => {
    it('computes the month so far live, marked provisional, and stores nothing', async () => {
      const report = await slaMonthReport(admin, { organisationId: initech, month: '2026-10' });
      expect(report.provisional).toBe(true);
      expect(report.frozenAt).toBeNull();
      expect(report.window).toEqual({
        start: new Date('2026-10-01T04:00:00Z'),
        end: new Date('2026-11-01T04:00:00Z'),
      });
      // 1 Oct 04:00Z to 20 Oct 12:30Z is 27,870 minutes, 120 of them maintenance: 1 − 45 / 27,750.
      expect(row(report, 'api')).toMatchObject({
        downtimeMinutes: 45,
        maintenanceMinutes: 120,
        uptimePercent: '99.837',
      });
      expect(row(report, 'api').uptime).toBeCloseTo(1 - 45 / 27_750, 12);
      // The web outage is still to come: nothing yet.
      expect(row(report, 'web')).toMatchObject({
        downtimeMinutes: 0,
        uptimePercent: '100.000',
        incidents: 0,
      });
      expect(await db.select().from(slaMonthReports)).toEqual([]);
    });

    it('refuses a month that has not begun', async () => {
      await expectServiceError(
        slaMonthReport(admin, { organisationId: initech, month: '2026-11' }),
        'BAD_REQUEST',
      );
    });
  });

  describe('once October has ended', () => {
    beforeAll(async () => {
      setNow(world.clock, '2026-11-02T12:00:00Z');
      await drive(admin, lateOutage, [
        { type: 'INVESTIGATE' },
        { type: 'IDENTIFY' },
        { type: 'FIX' },
        {
          type: 'RESOLVE',
          resolutionSummary: 'Restarted the web tier.',
          causeCategory: 'software',
        },
      ]);
    });

    it('reports each service by hand: time zone, maintenance, weights, commitments, credits, ticket SLAs', async () => {
      const report = await slaMonthReport(customer, { month: '2026-10' });
      expect(report.organisation).toMatchObject({ name: 'Initech', timeZone: 'America/New_York' });
      expect(report.provisional).toBe(false);
      expect(report.frozenAt).toEqual(new Date('2026-11-02T12:00:00Z'));
      expect(report.weights).toEqual({ major_outage: 1, partial_outage: 0.5, degraded_performance: 0.1 });
      // Retired before October: not reported; retired during it: reported.
      expect(report.services.map((s) => [s.slug, s.retired])).toEqual([
        ['web', false],
        ['api', false],
        ['pay', false],
        ['mail', false],
        ['vpn', false],
        ['gone', true],
      ]);
      const figures = report.services.map((s) => [
        s.slug,
        s.uptimePercent,
        s.downtimeMinutes,
        s.commitment,
        s.met,
        s.creditPercent,
        s.incidents,
      ]);
      expect(figures).toEqual(
        [
          ['web', '99.865', 60, 99.9, false, 10], // 1 − 60 / 44,640: below 99.9 → 10 %
          ['api', '99.898', 45, 99.9, false, 10], // 1 − 45 / 44,520 (with the default 0.3 it would be met)
          ['pay', '99.955', 20, 99.95, true, 0], // above every tier
          ['mail', '99.529', 210, 99.9, false, 10], // 200 + 100 × 0.1
          ['vpn', '98.207', 800, 99.9, false, 25], // below 99
          ['gone', '91.039', 4000, 99.9, false, 100], // below 95
        ].map((r) => [...r, 1]),
      );
      expect(row(report, 'web').uptime).toBeCloseTo(1 - 60 / OCTOBER_MIN, 12);
      expect(row(report, 'api')).toMatchObject({
        minutesByStatus: { major_outage: 0, partial_outage: 90, degraded_performance: 0 },
        maintenanceMinutes: 120,
      });
      expect(row(report, 'api').uptime).toBeCloseTo(1 - 45 / (OCTOBER_MIN - 120), 12);
      expect(row(report, 'mail').minutesByStatus).toEqual({
        major_outage: 200,
        partial_outage: 0,
        degraded_performance: 100,
      });
      // web: one response within 15 minutes, one after 30; the late outage resolved in November.
      expect(row(report, 'web').response).toEqual({ met: 1, missed: 1, percentMet: 50 });
      expect(row(report, 'web').resolution).toEqual({ met: 1, missed: 0, percentMet: 100 });
      expect(row(report, 'api').response).toEqual({ met: 1, missed: 0, percentMet: 100 });
      expect(row(report, 'pay').response).toEqual(NO_CLOCKS);
      // The organisation: Σ weighted downtime over Σ counted time; the outage naming two services once.
      expect(report.total).toMatchObject({
        downtimeMinutes: 5135,
        maintenanceMinutes: 120,
        uptimePercent: '98.081',
        incidents: 6,
        response: { met: 1, missed: 1, percentMet: 50 },
        resolution: { met: 1, missed: 0, percentMet: 100 },
      });
      expect(report.total.uptime).toBeCloseTo(1 - 5135 / (6 * OCTOBER_MIN - 120), 12);
      expect(await db.select().from(slaMonthReports)).toHaveLength(6);
    });

    it('answers every later read with the frozen figures, whatever changes after the month', async () => {
      const before = await slaMonthReport(admin, { organisationId: initech, month: '2026-10' });
      // A late public update for October, other weights, other tiers, another commitment.
      const late = await createTicket(admin, {
        title: 'Late write-up',
        description: 'Published after the month',
        organisationId: initech,
        serviceIds: [svc.pay!],
        impact: 'high',
        urgency: 'high',
      });
      const [update] = await db
        .insert(statusUpdates)
        .values({
          ticketId: late.id,
          organisationId: initech,
          title: 'Payments down',
          status: 'investigating',
          body: 'Payments were failing.',
          publishedAt: new Date('2026-10-25T10:00:00Z'),
        })
        .returning();
      await db.insert(statusUpdateComponents).values({
        updateId: update!.id,
        serviceId: svc.pay!,
        organisationId: initech,
        status: 'major_outage',
      });
      await db.update(organisations).set({ weightPartial: 1 }).where(eq(organisations.id, initech));
      await db.delete(creditTiers).where(eq(creditTiers.organisationId, initech));
      await db.update(services).set({ availabilityCommitment: 90 }).where(eq(services.id, svc.vpn!));
      world.clock.advance(86_400_000);

      const after = await slaMonthReport(customer, { month: '2026-10' });
      expect({ ...after, generatedAt: null, months: null }).toEqual({
        ...before,
        generatedAt: null,
        months: null,
      });
      expect(row(after, 'pay')).toMatchObject({ downtimeMinutes: 20, creditPercent: 0 });
      // The same data, live, does see the change: November has the still-open payments outage.
      const november = await slaMonthReport(customer, { month: '2026-11' });
      expect(november.provisional).toBe(true);
      expect(row(november, 'pay').downtimeMinutes).toBeGreaterThan(0);
      await db.delete(statusUpdates).where(eq(statusUpdates.ticketId, late.id));
      await db.update(organisations).set({ weightPartial: 0.5 }).where(eq(organisations.id, initech));
      await db.insert(creditTiers).values(DEMO_CREDIT_TIERS.map((t) => ({ ...t, organisationId: initech })));
      await db.update(services).set({ availabilityCommitment: 99.9 }).where(eq(services.id, svc.vpn!));
      world.clock.advance(-86_400_000);
    });

    it('computes the current month live: the other half of the web outage, and the late resolution', async () => {
      const report = await slaMonthReport(customer, { month: '2026-11' });
      expect(report).toMatchObject({ provisional: true, frozenAt: null, month: '2026-11' });
      // 1 Nov 04:00Z to 2 Nov 12:00Z: 1,920 minutes, 60 of them down.
      expect(row(report, 'web')).toMatchObject({
        downtimeMinutes: 60,
        uptimePercent: '96.875',
        creditPercent: 25,
        incidents: 1,
        response: NO_CLOCKS,
        resolution: { met: 0, missed: 1, percentMet: 0 },
      });
      // Nothing stored for an open month.
      expect(await db.select().from(slaMonthReports)).toHaveLength(6);
    });

    it('freezes a month once when its first reads race, and every reader gets the same figures', async () => {
      const reads = await Promise.all([
        slaMonthReport(customer, { month: '2026-09' }),
        slaMonthReport(admin, { organisationId: initech, month: '2026-09' }),
      ]);
      expect(reads[0].services).toEqual(reads[1].services);
      // September had every service, "old" too (retired on the 20th), and nothing went wrong in it.
      expect(reads[0].services.map((s) => [s.slug, s.uptimePercent])).toEqual(
        ['web', 'api', 'pay', 'mail', 'vpn', 'gone', 'old'].map((slug) => [slug, '100.000']),
      );
      const rows = await db.select().from(slaMonthReports).where(eq(slaMonthReports.month, '2026-09-01'));
      expect(rows).toHaveLength(7);
    });

    it('defaults to the last closed month and offers the last 12 months', async () => {
      const report = await slaMonthReport(customer, {});
      expect(report.month).toBe('2026-10');
      expect(report.months).toHaveLength(12);
      expect(report.months.slice(0, 3)).toEqual(['2026-11', '2026-10', '2026-09']);
      expect(report.months.at(-1)).toBe('2025-12');
    });
  });

  describe('authorization', () => {
    it('gives customers their own organisation only, staff any they name, others none', async () => {
      const acme = await world.as('customer@acme.test');
      // Acme's customer asking for Initech: as if it did not exist.
      await expectServiceError(
        slaMonthReport(acme, { organisationId: initech, month: '2026-10' }),
        'NOT_FOUND',
      );
      expect((await slaMonthReport(acme, { month: '2026-10' })).organisation.slug).toBe('acme');
      await expectServiceError(
        slaMonthReport(customer, { organisationId: world.org('acme').id, month: '2026-10' }),
        'NOT_FOUND',
      );
      for (const email of [
        'manager@watchfloor.test',
        'noc@watchfloor.test',
        'soc@watchfloor.test',
      ] as const) {
        const staff = await world.as(email);
        const report = await slaMonthReport(staff, { organisationId: initech, month: '2026-10' });
        expect(report.services).toHaveLength(6);
      }
      await expectServiceError(slaMonthReport(admin, { month: '2026-10' }), 'BAD_REQUEST');
      await expectServiceError(
        slaMonthReport(admin, { organisationId: randomUUID(), month: '2026-10' }),
        'NOT_FOUND',
      );
      const integration: ServiceContext = {
        db,
        now: world.clock.now,
        actor: { type: 'integration', id: randomUUID(), label: 'alerts', organisationId: initech },
      };
      await expectServiceError(slaMonthReport(integration, { month: '2026-10' }), 'NOT_FOUND');
      await expectServiceError(slaMonthReport(customer, { month: '2026-13' }), 'BAD_REQUEST');
    });
  });
});
