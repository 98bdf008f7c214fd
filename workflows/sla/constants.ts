// Business-calendar vocabulary shared by the SLA workflow, the services and client components.
// Drizzle-free and I/O-free on purpose: client bundles (calendar editors) import this file.

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
export const WEEKDAYS_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** 0 = Sunday … 6 = Saturday, the same numbering as `Date.prototype.getDay()`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/**
 * How far ahead a business-time search may walk before giving up (about 10 years). A calendar whose
 * holidays swallow every working day would otherwise loop forever.
 */
export const SEARCH_HORIZON_DAYS = 3653;

/** 'HH:MM', 24-hour clock. '24:00' is accepted as an interval end only. */
export const CLOCK_TIME_PATTERN = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** 'YYYY-MM-DD' local calendar date. */
export const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** What an SLA clock measures (DESIGN §2.4): two customer-facing SLAs and two internal OLAs. */
export const SLA_METRICS = ['response', 'resolution', 'handoff_acceptance', 'noc_action'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** The customer-facing SLAs; the other metrics are the operator's internal OLAs. */
export const CUSTOMER_METRICS = ['response', 'resolution'] as const satisfies readonly SlaMetric[];

/** A clock's metric in words, for tables and timelines. */
export const METRIC_LABELS: Record<SlaMetric, string> = {
  response: 'Response',
  resolution: 'Resolution',
  handoff_acceptance: 'Handoff acceptance',
  noc_action: 'NOC action',
};

/** The same, short enough for a queue's "Next SLA" column (the full label goes to screen readers). */
export const METRIC_SHORT_LABELS: Record<SlaMetric, string> = {
  response: 'resp.',
  resolution: 'resol.',
  handoff_acceptance: 'handoff',
  noc_action: 'NOC act.',
};

/**
 * The colour bands of remaining time (DESIGN §2.4 / §4): amber under an hour, red under 30 minutes. A
 * clock in either band (or breached) is "urgent", so what a queue calls urgent is what it shows in colour.
 */
export const AMBER_BAND_MS = HOUR_MS;
export const RED_BAND_MS = 30 * MINUTE_MS;

/** A clock's lifecycle state; `met_late` is a breached clock that has since stopped. */
export const CLOCK_STATES = ['running', 'paused', 'met', 'breached', 'met_late'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/** Warning thresholds, in percent of the target, unless a policy says otherwise. */
export const DEFAULT_WARN_THRESHOLDS = [75, 90] as const;
