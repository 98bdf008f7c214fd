// Reports vocabulary (filters, buckets, the report files) shared by the reports service, the tRPC router,
// the CSV route and the /reports page. Drizzle-free and I/O-free on purpose: client bundles import it.
import type { Role, TicketKind } from '../tickets/constants';

/** A preset of the last N local days (today included), or a custom range of local dates. */
export const REPORT_PERIODS = ['7d', '30d', '90d', 'custom'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export const PERIOD_DAYS: Record<Exclude<ReportPeriod, 'custom'>, number> = { '7d': 7, '30d': 30, '90d': 90 };

export const PERIOD_LABELS: Record<ReportPeriod, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  custom: 'Custom range',
};

/** Which tickets a report counts: `all` means every kind the viewer may report on. */
export const REPORT_KINDS = ['all', 'outage', 'security'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  all: 'All tickets',
  outage: 'Outages (NOC)',
  security: 'Security incidents (SOC)',
};

/** Trend buckets: local days or ISO weeks (Monday first) of the operator's time zone; `auto` picks. */
export const REPORT_INTERVALS = ['auto', 'day', 'week'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];
export type BucketUnit = Exclude<ReportInterval, 'auto'>;

export const INTERVAL_LABELS: Record<ReportInterval, string> = {
  auto: 'Automatic',
  day: 'By day',
  week: 'By week',
};

/** What a filter left blank means (the page's bare URL): the last 30 days of everything, bucketed to fit. */
export const REPORT_DEFAULTS = { period: '30d', kind: 'all', interval: 'auto' } as const satisfies {
  period: ReportPeriod;
  kind: ReportKind;
  interval: ReportInterval;
};

/** The longest custom range: a year (a leap year's too). */
export const MAX_REPORT_DAYS = 366;
/** Daily buckets beyond this many days make a chart of unreadable slivers: weeks instead. */
export const MAX_DAILY_DAYS = 92;
/** `auto` buckets by day up to this many days, by week beyond. */
export const AUTO_DAILY_UP_TO_DAYS = 31;

export function bucketUnitFor(interval: ReportInterval, days: number): BucketUnit {
  if (interval !== 'auto') return interval;
  return days <= AUTO_DAILY_UP_TO_DAYS ? 'day' : 'week';
}

/** Every table behind a chart, by the name of its CSV file (`/api/reports/<name>.csv`). */
export const REPORT_FILES = [
  'mtta-mttr',
  'sla-met-by-priority',
  'sla-met-by-team',
  'sla-met-by-customer',
  'breaches',
  'handoffs',
] as const;
export type ReportFile = (typeof REPORT_FILES)[number];

/**
 * Whose tickets each role reports on. Managers and admins oversee the whole floor (they read every
 * incident, DESIGN §2.9); a NOC engineer reports on outages and a SOC analyst on security incidents: their
 * own team's work, so no count of an incident a NOC engineer may not see can reach them. Customers have
 * their own reports in the portal, never these.
 */
export const REPORTABLE_KINDS: Record<Role, readonly TicketKind[]> = {
  admin: ['outage', 'security'],
  manager: ['outage', 'security'],
  noc_engineer: ['outage'],
  soc_analyst: ['security'],
  customer: [],
};
