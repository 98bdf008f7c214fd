// The table behind each chart of /reports: the page shows it as the chart's data table, and
// /api/reports/<file>.csv exports it, so what a person reads and what they download are the same cells.
// Pure: built from the reports services' results.
import type { breachesReport } from '@/server/services/reports/breaches';
import type { handoffAcceptanceReport } from '@/server/services/reports/handoff-acceptance';
import type { ReportWindow } from '@/server/services/reports/internal/window';
import type { mttaMttrReport } from '@/server/services/reports/mtta-mttr';
import type { slaMetReport } from '@/server/services/reports/sla-met';
import type { ReportFile } from '@/workflows/reports/constants';
import { METRIC_LABELS } from '@/workflows/sla/constants';
import type { CsvCell } from '../csv';

export type MttaMttrReport = Awaited<ReturnType<typeof mttaMttrReport>>;
export type SlaMetReport = Awaited<ReturnType<typeof slaMetReport>>;
export type BreachesReport = Awaited<ReturnType<typeof breachesReport>>;
export type HandoffsReport = Awaited<ReturnType<typeof handoffAcceptanceReport>>;

export interface ReportTable {
  file: ReportFile;
  /** What the table covers (the days name the CSV file). */
  window: ReportWindow;
  title: string;
  columns: readonly string[];
  rows: CsvCell[][];
}

export const KIND_LABELS = { outage: 'Outages', security: 'Security incidents' } as const;
export const TEAM_LABELS = { noc: 'NOC', soc: 'SOC' } as const;

/** Minutes, to a tenth; null stays null (nothing measured, not zero). */
export const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);
/** Hours, to a hundredth. */
export const hours = (ms: number | null) => (ms === null ? null : Math.round(ms / 36_000) / 100);
/** Percent, to a tenth. */
export const percent = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

const periodColumn = (window: Pick<ReportWindow, 'unit'>) =>
  window.unit === 'day' ? 'Day' : 'Week starting';

export function mttaMttrTable(report: MttaMttrReport): ReportTable {
  return {
    file: 'mtta-mttr',
    window: report.window,
    title: 'Time to acknowledge and resolve',
    columns: [periodColumn(report.window), 'Kind', 'Acknowledged', 'MTTA (min)', 'Resolved', 'MTTR (h)'],
    rows: report.rows.map((r) => [
      r.bucket,
      KIND_LABELS[r.kind],
      r.acknowledged,
      minutes(r.mttaMs),
      r.resolved,
      hours(r.mttrMs),
    ]),
  };
}

const SLA_MET_BY = {
  priority: { file: 'sla-met-by-priority', title: 'SLA met by priority', column: 'Priority' },
  team: { file: 'sla-met-by-team', title: 'SLA met by team', column: 'Team' },
  customer: { file: 'sla-met-by-customer', title: 'SLA met by customer', column: 'Customer' },
} as const;
export type SlaMetDimension = keyof typeof SLA_MET_BY;

export function slaMetTable(report: SlaMetReport, by: SlaMetDimension): ReportTable {
  const { file, title, column } = SLA_MET_BY[by];
  const rows = by === 'priority' ? report.byPriority : by === 'team' ? report.byTeam : report.byCustomer;
  return {
    file,
    window: report.window,
    title,
    columns: [column, 'SLA', 'Met', 'Missed', 'Still running', '% met'],
    rows: rows.map((r) => [
      by === 'team' ? TEAM_LABELS[r.group as keyof typeof TEAM_LABELS] : r.group,
      METRIC_LABELS[r.metric],
      r.met,
      r.missed,
      r.pending,
      percent(r.percentMet),
    ]),
  };
}

export function breachesTable(report: BreachesReport): ReportTable {
  return {
    file: 'breaches',
    window: report.window,
    title: 'Breaches over time',
    columns: [
      periodColumn(report.window),
      METRIC_LABELS.response,
      METRIC_LABELS.resolution,
      METRIC_LABELS.handoff_acceptance,
      METRIC_LABELS.noc_action,
      'Total',
    ],
    rows: report.rows.map((r) => [
      r.bucket,
      r.response,
      r.resolution,
      r.handoff_acceptance,
      r.noc_action,
      r.total,
    ]),
  };
}

export function handoffsTable(report: HandoffsReport): ReportTable {
  return {
    file: 'handoffs',
    window: report.window,
    title: 'Handoff acceptance',
    columns: [
      periodColumn(report.window),
      'Requested',
      'Accepted',
      'Declined',
      'Waiting',
      'Over OLA',
      'Mean decision (min)',
      'P90 decision (min)',
      'Acceptance rate (%)',
    ],
    rows: report.rows.map((r) => [
      r.bucket,
      r.requested,
      r.accepted,
      r.declined,
      r.waiting,
      r.overOla,
      minutes(r.meanDecisionMs),
      minutes(r.p90DecisionMs),
      percent(r.acceptanceRate),
    ]),
  };
}

/** The download's file name: which table, which days. */
export function csvFileName(file: ReportFile, window: Pick<ReportWindow, 'firstDay' | 'lastDay'>): string {
  return `watchfloor-${file}-${window.firstDay}-to-${window.lastDay}.csv`;
}
