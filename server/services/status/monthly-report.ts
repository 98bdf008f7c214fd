import { and, asc, eq, gt, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import {
  creditTiers,
  organisations,
  services,
  slaClocks,
  slaMonthReports,
  ticketServices,
  tickets,
} from '../../../db/schema';
import { CUSTOMER_METRICS } from '../../../workflows/sla/constants';
import { incidentSpans } from '../../../workflows/status/component-history';
import {
  type ClockTally,
  localMonthOf,
  percentMet,
  type ServiceMonthFigures,
  serviceMonthFigures,
  totalMonthFigures,
} from '../../../workflows/status/month-report';
import {
  type DowntimeStatus,
  formatUptime,
  type ImpactWeights,
  localMonthWindow,
  type StatusSpan,
  type TimeWindow,
} from '../../../workflows/status/uptime';
import { roleHas } from '../../auth/permissions';
import type { Actor, ServiceContext } from '../kernel/context';
import { badRequest, notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { loadStatusHistory } from './internal/history';
import { monthKey, parseMonth, type SlaMonthInput, shiftMonth, slaMonthInput } from './report-schemas';

const MINUTE_MS = 60_000;
/** How many months the pickers offer (the current one included). */
export const REPORT_MONTHS = 12;

export interface SlaTally extends ClockTally {
  /** met / (met + missed) in percent; null when no clock stopped in the month. */
  percentMet: number | null;
}

interface Minutes {
  /** Weighted downtime, in minutes (unrounded). */
  downtimeMinutes: number;
  /** Wall-clock minutes in each downtime status, outside maintenance. */
  minutesByStatus: Record<DowntimeStatus, number>;
  maintenanceMinutes: number;
}

export interface SlaReportRow extends Minutes {
  serviceId: string;
  name: string;
  slug: string;
  groupName: string | null;
  retired: boolean;
  /** 0–1, unrounded; null when nothing was counted (the whole month under maintenance). */
  uptime: number | null;
  /** Rounded down to 3 places, never "100.000" with downtime (formatUptime). */
  uptimePercent: string | null;
  commitment: number;
  met: boolean;
  creditPercent: number;
  incidents: number;
  response: SlaTally;
  resolution: SlaTally;
}

export interface SlaReportTotal extends Minutes {
  uptime: number | null;
  uptimePercent: string | null;
  incidents: number;
  response: SlaTally;
  resolution: SlaTally;
}

export interface SlaMonthReport {
  organisation: { id: string; slug: string; name: string; timeZone: string };
  /** 'YYYY-MM'. */
  month: string;
  /** The month in the organisation's time zone. */
  window: { start: Date; end: Date };
  /** The month is still running: figures up to now, and they will change. */
  provisional: boolean;
  /** When a closed month's figures were frozen (null while provisional). */
  frozenAt: Date | null;
  generatedAt: Date;
  /** The months a picker offers, newest first: the current one and the 11 before it. */
  months: string[];
  /** The impact weights the figures were computed with (frozen with a closed month). */
  weights: ImpactWeights;
  services: SlaReportRow[];
  total: SlaReportTotal;
}

/**
 * slaReports.month: an organisation's availability SLA for one month in its time zone (DESIGN §2.6):
 * per service uptime (the organisation's impact weights, maintenance excluded), weighted downtime,
 * commitment, credit (its credit tiers), public incidents, and the ticket SLAs (% of its outages' response
 * and resolution clocks, naming the service, that stopped in the month within target). A closed month is
 * computed once, stored (sla_month_reports) and from then on read back as stored, whatever changes later;
 * the current month is computed live and marked provisional. Customers read their own organisation only
 * (another answers NOT_FOUND), staff any; month defaults to the last closed one.
 */
export async function slaMonthReport(ctx: ServiceContext, rawInput: SlaMonthInput): Promise<SlaMonthReport> {
  const input = parseInput(slaMonthInput, rawInput);
  const organisationId = reportOrganisation(ctx.actor, input.organisationId);
  const [org] = await ctx.db.select().from(organisations).where(eq(organisations.id, organisationId));
  if (!org) throw notFound('Organisation');

  const now = ctx.now();
  const current = localMonthOf(org.timeZone, now.getTime());
  const { year, month } = input.month ? parseMonth(input.month) : shiftMonth(current.year, current.month, -1);
  const window = localMonthWindow(org.timeZone, year, month);
  if (window.start > now.getTime()) {
    throw badRequest('Invalid input', { month: ['This month has not begun yet'] });
  }
  const provisional = now.getTime() < window.end;
  const monthStart = `${monthKey(year, month)}-01`;

  let frozenAt: Date | null = null;
  let figures: Map<string, ServiceMonthFigures>;
  if (provisional) {
    figures = await computeMonth(ctx.db, org, window, now);
  } else {
    let stored = await readFrozen(ctx.db, org.id, monthStart);
    if (!stored.length) {
      const computed = await computeMonth(ctx.db, org, window, now);
      if (computed.size) {
        // Two first reads may race: the first insert wins and both read back the same rows.
        await ctx.db
          .insert(slaMonthReports)
          .values(
            [...computed].map(([serviceId, f]) => ({
              serviceId,
              organisationId: org.id,
              month: monthStart,
              figures: f as unknown as Record<string, unknown>,
              frozenAt: now,
            })),
          )
          .onConflictDoNothing();
        stored = await readFrozen(ctx.db, org.id, monthStart);
      }
    }
    figures = new Map(stored.map((r) => [r.serviceId, r.figures as unknown as ServiceMonthFigures]));
    frozenAt = stored.reduce<Date | null>((at, r) => (!at || r.frozenAt < at ? r.frozenAt : at), null);
  }

  const serviceRows = figures.size
    ? await ctx.db
        .select()
        .from(services)
        .where(inArray(services.id, [...figures.keys()]))
        .orderBy(asc(services.position), asc(services.name), asc(services.id))
    : [];
  const rows = serviceRows.map((s): SlaReportRow => {
    const f = figures.get(s.id)!;
    return {
      serviceId: s.id,
      name: s.name,
      slug: s.slug,
      groupName: s.groupName,
      retired: s.retiredAt !== null,
      uptime: f.uptime,
      uptimePercent: formatUptime(f, 3),
      ...minutesOf(f),
      commitment: f.commitment,
      met: f.met,
      creditPercent: f.creditPercent,
      incidents: f.incidentIds.length,
      response: tallyOf(f.clocks.response.met.length, f.clocks.response.missed.length),
      resolution: tallyOf(f.clocks.resolution.met.length, f.clocks.resolution.missed.length),
    };
  });
  const total = totalMonthFigures(serviceRows.map((s) => figures.get(s.id)!));
  const months = Array.from({ length: REPORT_MONTHS }, (_, i) => {
    const m = shiftMonth(current.year, current.month, -i);
    return monthKey(m.year, m.month);
  });
  return {
    organisation: { id: org.id, slug: org.slug, name: org.name, timeZone: org.timeZone },
    month: monthKey(year, month),
    window: { start: new Date(window.start), end: new Date(window.end) },
    provisional,
    frozenAt,
    generatedAt: now,
    months,
    weights: figures.values().next().value?.weights ?? {
      major_outage: org.weightMajor,
      partial_outage: org.weightPartial,
      degraded_performance: org.weightDegraded,
    },
    services: rows,
    total: {
      uptime: total.uptime,
      uptimePercent: formatUptime(total, 3),
      ...minutesOf(total),
      incidents: total.incidents,
      response: tallyOf(total.response.met, total.response.missed),
      resolution: tallyOf(total.resolution.met, total.resolution.missed),
    },
  };
}

/** Whose report the actor may read: customers their own (another is NOT_FOUND), staff any they name. */
function reportOrganisation(actor: Actor, requested: string | undefined): string {
  if (actor.type === 'integration') throw notFound('Organisation');
  if (actor.type === 'user' && actor.role === 'customer') {
    if (requested && requested !== actor.organisationId) throw notFound('Organisation');
    return actor.organisationId;
  }
  if (actor.type === 'user' && !roleHas(actor.role, 'console.use')) throw notFound('Organisation');
  if (!requested) throw badRequest('Invalid input', { organisationId: ['Choose an organisation'] });
  return requested;
}

function readFrozen(db: Database, organisationId: string, month: string) {
  return db
    .select()
    .from(slaMonthReports)
    .where(and(eq(slaMonthReports.organisationId, organisationId), eq(slaMonthReports.month, month)));
}

const minutes = (ms: number) => ms / MINUTE_MS;

function minutesOf(f: Pick<ServiceMonthFigures, 'downtimeMs' | 'byStatus' | 'maintenanceMs'>): Minutes {
  return {
    downtimeMinutes: minutes(f.downtimeMs),
    minutesByStatus: {
      major_outage: minutes(f.byStatus.major_outage),
      partial_outage: minutes(f.byStatus.partial_outage),
      degraded_performance: minutes(f.byStatus.degraded_performance),
    },
    maintenanceMinutes: minutes(f.maintenanceMs),
  };
}

const tallyOf = (met: number, missed: number): SlaTally => ({
  met,
  missed,
  percentMet: percentMet({ met, missed }),
});

/**
 * The month's figures of every service the organisation had in it: not retired, or retired after the
 * month began (its tickets and history stay).
 */
async function computeMonth(
  db: Database,
  org: typeof organisations.$inferSelect,
  window: TimeWindow,
  now: Date,
): Promise<Map<string, ServiceMonthFigures>> {
  const start = new Date(window.start);
  const end = new Date(window.end);
  const list = await db
    .select({ id: services.id, commitment: services.availabilityCommitment })
    .from(services)
    .where(
      and(eq(services.organisationId, org.id), or(isNull(services.retiredAt), gt(services.retiredAt, start))),
    );
  if (!list.length) return new Map();
  const [history, tiers, clocks] = await Promise.all([
    loadStatusHistory(db, org.id, window, now),
    db
      .select({ belowPercent: creditTiers.belowPercent, creditPercent: creditTiers.creditPercent })
      .from(creditTiers)
      .where(eq(creditTiers.organisationId, org.id)),
    db
      .select({
        id: slaClocks.id,
        metric: slaClocks.metric,
        state: slaClocks.state,
        serviceId: ticketServices.serviceId,
      })
      .from(slaClocks)
      .innerJoin(tickets, eq(tickets.id, slaClocks.ticketId))
      .innerJoin(ticketServices, eq(ticketServices.ticketId, tickets.id))
      .where(
        and(
          eq(tickets.organisationId, org.id),
          eq(tickets.kind, 'outage'),
          inArray(slaClocks.metric, [...CUSTOMER_METRICS]),
          // The ticket's own clocks (not one per handoff or NOC action request), stopped in the month.
          eq(slaClocks.subjectKey, ''),
          gte(slaClocks.metAt, start),
          lt(slaClocks.metAt, end),
          inArray(
            ticketServices.serviceId,
            list.map((s) => s.id),
          ),
        ),
      ),
  ]);
  const weights: ImpactWeights = {
    major_outage: org.weightMajor,
    partial_outage: org.weightPartial,
    degraded_performance: org.weightDegraded,
  };
  const perIncident = history.incidents.map((i) => ({ id: i.ticketId, spans: incidentSpans(i.facts) }));
  const result = new Map<string, ServiceMonthFigures>();
  for (const service of list) {
    const own = {
      response: { met: [], missed: [] },
      resolution: { met: [], missed: [] },
    } as ServiceMonthFigures['clocks'];
    for (const c of clocks) {
      if (c.serviceId !== service.id || (c.metric !== 'response' && c.metric !== 'resolution')) continue;
      own[c.metric][c.state === 'met' ? 'met' : 'missed'].push(c.id);
    }
    result.set(
      service.id,
      serviceMonthFigures({
        window,
        now: now.getTime(),
        spans: history.spans.get(service.id) ?? [],
        maintenance: history.maintenance.get(service.id) ?? [],
        weights,
        tiers,
        commitment: service.commitment,
        incidents: perIncident.flatMap((i): { id: string; spans: StatusSpan[] }[] => {
          const spans = i.spans.get(service.id);
          return spans ? [{ id: i.id, spans }] : [];
        }),
        clocks: own,
      }),
    );
  }
  return result;
}
