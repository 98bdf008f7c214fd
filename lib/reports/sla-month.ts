// The monthly SLA report as cells: the page's table and its CSV download are built from the same rows, so
// what a customer reads and what they download agree. Pure: built from slaReports.month's answer.
import type {
  SlaMonthReport,
  SlaReportRow,
  SlaReportTotal,
  SlaTally,
} from '@/server/services/status/monthly-report';
import type { CsvCell } from '../csv';

export type { SlaMonthReport, SlaReportRow, SlaReportTotal };

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** '2026-10' → 'October 2026'. */
export function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** Minutes to a tenth ('60', '27.5'), as a number for the CSV. */
export const minutesCell = (minutes: number) => Math.round(minutes * 10) / 10;

/** A tally's % met to a tenth; null when no clock stopped in the month. */
export const percentCell = (tally: SlaTally) =>
  tally.percentMet === null ? null : Math.round(tally.percentMet * 10) / 10;

export const SLA_MONTH_COLUMNS = [
  'Service',
  'Uptime %',
  'Downtime (weighted min)',
  'Major outage (min)',
  'Partial outage (min)',
  'Degraded (min)',
  'Maintenance (min)',
  'Commitment %',
  'Met',
  'Credit %',
  'Incidents',
  'Response % met',
  'Responses met',
  'Responses missed',
  'Resolution % met',
  'Resolutions met',
  'Resolutions missed',
] as const;

function cells(
  name: string,
  row: SlaReportRow | SlaReportTotal,
  contract: { commitment: number; met: boolean; credit: number } | null,
): CsvCell[] {
  return [
    name,
    row.uptimePercent,
    minutesCell(row.downtimeMinutes),
    minutesCell(row.minutesByStatus.major_outage),
    minutesCell(row.minutesByStatus.partial_outage),
    minutesCell(row.minutesByStatus.degraded_performance),
    minutesCell(row.maintenanceMinutes),
    contract?.commitment ?? null,
    contract ? (contract.met ? 'yes' : 'no') : null,
    contract?.credit ?? null,
    row.incidents,
    percentCell(row.response),
    row.response.met,
    row.response.missed,
    percentCell(row.resolution),
    row.resolution.met,
    row.resolution.missed,
  ];
}

/** One record per service, then the organisation's total (commitment and credit are per service). */
export function slaMonthRows(report: SlaMonthReport): CsvCell[][] {
  return [
    ...report.services.map((s) =>
      cells(s.retired ? `${s.name} (retired)` : s.name, s, {
        commitment: s.commitment,
        met: s.met,
        credit: s.creditPercent,
      }),
    ),
    cells('All services', report.total, null),
  ];
}

/** 'acme-sla-2026-10.csv' ('-provisional' while the month runs: the file will not be the final one). */
export function slaMonthFileName(report: SlaMonthReport): string {
  return `${report.organisation.slug}-sla-${report.month}${report.provisional ? '-provisional' : ''}.csv`;
}
