// The reports' results shaped for the charts (one row per x value, one key per series): pure, small arrays.
import {
  type BreachesReport,
  type HandoffsReport,
  hours,
  KIND_LABELS,
  type MttaMttrReport,
  minutes,
  percent,
  type SlaMetReport,
  TEAM_LABELS,
} from '@/lib/reports/tables';
import { METRIC_LABELS } from '@/workflows/sla/constants';
import { type ChartRow, type ChartSeries, SERIES_COLOURS } from './chart-theme';

const KIND_COLOUR = { outage: SERIES_COLOURS.sky, security: SERIES_COLOURS.violet } as const;

/** MTTA (minutes) and MTTR (hours) per bucket, one line per counted kind. */
export function timesCharts(report: MttaMttrReport) {
  const buckets = [...new Set(report.rows.map((r) => r.bucket))];
  const pivot = (value: (r: MttaMttrReport['rows'][number]) => number | null) =>
    buckets.map((bucket) => {
      const row: ChartRow = { bucket };
      for (const r of report.rows) if (r.bucket === bucket) row[r.kind] = value(r);
      return row;
    });
  const series: ChartSeries[] = report.window.kinds.map((kind) => ({
    key: kind,
    label: KIND_LABELS[kind],
    colour: KIND_COLOUR[kind],
    type: 'line',
  }));
  return {
    mtta: pivot((r) => minutes(r.mttaMs)),
    mttr: pivot((r) => hours(r.mttrMs)),
    series,
  };
}

export const SLA_SERIES: ChartSeries[] = [
  { key: 'response', label: METRIC_LABELS.response, colour: SERIES_COLOURS.sky, type: 'bar' },
  { key: 'resolution', label: METRIC_LABELS.resolution, colour: SERIES_COLOURS.violet, type: 'bar' },
];

/** % met per group, a bar per customer-facing SLA. */
export function slaChart(
  rows: SlaMetReport['byPriority' | 'byTeam' | 'byCustomer'],
  team = false,
): ChartRow[] {
  const groups = [...new Set(rows.map((r) => r.group))];
  return groups.map((group) => {
    const row: ChartRow = { group: team ? TEAM_LABELS[group as keyof typeof TEAM_LABELS] : group };
    for (const r of rows) if (r.group === group) row[r.metric] = percent(r.percentMet);
    return row;
  });
}

export const BREACH_SERIES: ChartSeries[] = [
  { key: 'response', label: METRIC_LABELS.response, colour: SERIES_COLOURS.rose, type: 'bar', stack: 'b' },
  {
    key: 'resolution',
    label: METRIC_LABELS.resolution,
    colour: SERIES_COLOURS.violet,
    type: 'bar',
    stack: 'b',
  },
  {
    key: 'handoff_acceptance',
    label: METRIC_LABELS.handoff_acceptance,
    colour: SERIES_COLOURS.amber,
    type: 'bar',
    stack: 'b',
  },
  { key: 'noc_action', label: METRIC_LABELS.noc_action, colour: SERIES_COLOURS.sky, type: 'bar', stack: 'b' },
];

export const breachesChart = (report: BreachesReport): ChartRow[] => report.rows.map((r) => ({ ...r }));

export const HANDOFF_SERIES: ChartSeries[] = [
  { key: 'accepted', label: 'Accepted', colour: SERIES_COLOURS.emerald, type: 'bar', stack: 'h' },
  { key: 'declined', label: 'Declined', colour: SERIES_COLOURS.amber, type: 'bar', stack: 'h' },
  { key: 'waiting', label: 'Waiting', colour: SERIES_COLOURS.zinc, type: 'bar', stack: 'h' },
  { key: 'mean', label: 'Mean decision time', colour: SERIES_COLOURS.sky, type: 'line', right: true },
];

export const handoffsChart = (report: HandoffsReport): ChartRow[] =>
  report.rows.map((r) => ({
    bucket: r.bucket,
    accepted: r.accepted,
    declined: r.declined,
    waiting: r.waiting,
    mean: minutes(r.meanDecisionMs),
  }));
