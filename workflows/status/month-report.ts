import { civilFromDays } from '../sla/civil';
import { DAY_MS } from '../sla/constants';
import { offsetAt } from '../sla/zone';
import {
  type CreditTier,
  creditFor,
  type DowntimeStatus,
  type ImpactWeights,
  type StatusSpan,
  type TimeWindow,
  uptimeIn,
} from './uptime';

// A service's month as its SLA report states it (DESIGN §2.6), pure: the figures a report row shows, and
// that a closed month freezes (sla_month_reports.figures). Times stay in milliseconds here: minutes are a
// presentation.

/** The calendar month (1–12) an instant falls in, in `timeZone`. */
export function localMonthOf(timeZone: string, instant: number): { year: number; month: number } {
  const { year, month } = civilFromDays(Math.floor((instant + offsetAt(timeZone, instant)) / DAY_MS));
  return { year, month };
}

/** A contract SLA's outcome over the clocks that stopped in the month. */
export interface ClockTally {
  met: number;
  missed: number;
}

/** met / (met + missed) in percent, or null when no clock stopped. */
export function percentMet(tally: ClockTally): number | null {
  const decided = tally.met + tally.missed;
  return decided ? (100 * tally.met) / decided : null;
}

/** What a closed month stores for one service (schema version 1), and what an open one computes live. */
export interface ServiceMonthFigures {
  version: 1;
  elapsedMs: number;
  maintenanceMs: number;
  byStatus: Record<DowntimeStatus, number>;
  /** Weighted downtime. */
  downtimeMs: number;
  /** 0–1, unrounded; null when nothing was counted (the whole month under maintenance). */
  uptime: number | null;
  weights: ImpactWeights;
  /** The service's commitment (percent) at the time of the report. */
  commitment: number;
  /** Uptime at or above the commitment (a month with nothing counted had no downtime: met). */
  met: boolean;
  creditPercent: number;
  /** Public incidents (outage ticket ids) that set a status on the service within the month. */
  incidentIds: string[];
  /** Ids of the clocks (of outages naming the service) that stopped in the month, by outcome. */
  clocks: Record<'response' | 'resolution', { met: string[]; missed: string[] }>;
}

export interface ServiceMonthFacts {
  window: TimeWindow;
  now: number;
  spans: readonly StatusSpan[];
  maintenance: readonly TimeWindow[];
  weights: ImpactWeights;
  tiers: readonly CreditTier[];
  commitment: number;
  /** Each incident's spans on this service, to count those touching the month. */
  incidents: readonly { id: string; spans: readonly StatusSpan[] }[];
  clocks: ServiceMonthFigures['clocks'];
}

/** Whether the uptime keeps the commitment; exactly at it keeps it (binary fractions forgiven). */
export function meetsCommitment(uptime: number | null, commitment: number): boolean {
  return uptime === null || uptime * 100 >= commitment - 1e-9;
}

export function serviceMonthFigures(facts: ServiceMonthFacts): ServiceMonthFigures {
  const { window, now } = facts;
  const figures = uptimeIn(window, facts.spans, facts.maintenance, now, facts.weights);
  const end = Math.min(window.end, now);
  const touches = (s: StatusSpan) => s.start < end && (s.end ?? Number.POSITIVE_INFINITY) > window.start;
  return {
    version: 1,
    elapsedMs: figures.elapsedMs,
    maintenanceMs: figures.maintenanceMs,
    byStatus: figures.byStatus,
    downtimeMs: figures.downtimeMs,
    uptime: figures.uptime,
    weights: { ...facts.weights },
    commitment: facts.commitment,
    met: meetsCommitment(figures.uptime, facts.commitment),
    creditPercent: creditFor(figures.uptime, facts.tiers),
    incidentIds: facts.incidents.filter((i) => i.spans.some(touches)).map((i) => i.id),
    clocks: facts.clocks,
  };
}

/** The organisation's month over its services: time-weighted uptime, summed minutes, distinct incidents. */
export interface TotalMonthFigures {
  maintenanceMs: number;
  byStatus: Record<DowntimeStatus, number>;
  downtimeMs: number;
  uptime: number | null;
  incidents: number;
  response: ClockTally;
  resolution: ClockTally;
}

export function totalMonthFigures(rows: readonly ServiceMonthFigures[]): TotalMonthFigures {
  const byStatus = { major_outage: 0, partial_outage: 0, degraded_performance: 0 };
  let counted = 0;
  let downtimeMs = 0;
  let maintenanceMs = 0;
  for (const row of rows) {
    for (const key of Object.keys(byStatus) as DowntimeStatus[]) byStatus[key] += row.byStatus[key];
    counted += row.elapsedMs - row.maintenanceMs;
    downtimeMs += row.downtimeMs;
    maintenanceMs += row.maintenanceMs;
  }
  // A ticket naming two services is one incident and one pair of clocks for the organisation.
  const distinct = (ids: (r: ServiceMonthFigures) => string[]) => new Set(rows.flatMap(ids)).size;
  const tally = (metric: 'response' | 'resolution'): ClockTally => ({
    met: distinct((r) => r.clocks[metric].met),
    missed: distinct((r) => r.clocks[metric].missed),
  });
  return {
    maintenanceMs,
    byStatus,
    downtimeMs,
    uptime: counted > 0 ? 1 - downtimeMs / counted : null,
    incidents: distinct((r) => r.incidentIds),
    response: tally('response'),
    resolution: tally('resolution'),
  };
}
