// Integration vocabulary shared by the database schema, the services and client components.
// Drizzle-free and I/O-free: client bundles import this file.

export const INTEGRATION_KINDS = ['alertmanager', 'events_v2', 'heartbeat'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];
export const INTEGRATION_KIND_LABELS: Record<IntegrationKind, string> = {
  alertmanager: 'Prometheus Alertmanager',
  events_v2: 'Events API v2',
  heartbeat: 'Heartbeat monitor',
};

/** A heartbeat monitor expects a ping every interval; past interval + grace it opens an outage. */
export const HEARTBEAT_INTERVAL_MAX_MINUTES = 7 * 24 * 60;
export const HEARTBEAT_GRACE_MAX_MINUTES = 24 * 60;
/** The alert key (and group) a missed heartbeat is tracked under on its integration. */
export const HEARTBEAT_ALERT_KEY = 'heartbeat';

/** What a ticket does once every alert on it has resolved: wait in monitoring, or resolve. */
export const RESOLVE_BEHAVIOURS = ['monitoring', 'resolve'] as const;
export type ResolveBehaviour = (typeof RESOLVE_BEHAVIOURS)[number];

/** An alert is firing (open on its ticket), resolved (recovered), or suppressed (by maintenance). */
export const ALERT_STATUSES = ['firing', 'resolved', 'suppressed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Events v2 severities (the API's own words). */
export const EVENT_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

export const EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** The integration key: 32 random bytes, base64url (43 characters); its first characters are shown. */
export const KEY_BYTES = 32;
export const KEY_LENGTH = 43;
export const KEY_PREFIX_LENGTH = 8;

/** Largest body an ingestion endpoint reads. */
export const MAX_BODY_BYTES = 512 * 1024;

export const REOPEN_WINDOW_MAX_MINUTES = 7 * 24 * 60;
export const RATE_LIMIT_MAX_PER_MINUTE = 10_000;

/** Grouping window, group max life and flap window are at most a day; the flap threshold at most 100. */
export const GROUPING_MAX_MINUTES = 24 * 60;
export const FLAP_THRESHOLD_MAX = 100;
