// Status-page vocabulary, ordered from best to worst. Drizzle-free: client components import it.
export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const COMPONENT_STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/** A page's indicator is its worst component. */
export function worstStatus(statuses: readonly ComponentStatus[]): ComponentStatus {
  return statuses.reduce<ComponentStatus>(
    (worst, s) => (COMPONENT_STATUSES.indexOf(s) > COMPONENT_STATUSES.indexOf(worst) ? s : worst),
    'operational',
  );
}

/** A public incident's stage, set by each public update (Statuspage's incident statuses, less postmortem). */
export const PUBLIC_INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type PublicIncidentStatus = (typeof PUBLIC_INCIDENT_STATUSES)[number];

export const PUBLIC_INCIDENT_STATUS_LABEL: Record<PublicIncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/**
 * Scheduled maintenance lifecycle: scheduled → in_progress → completed, or scheduled → cancelled. The
 * scheduler starts and completes windows on time; NOC/admin may start early or finish early.
 */
export const MAINTENANCE_STATES = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type MaintenanceState = (typeof MAINTENANCE_STATES)[number];

/** Who may read a published security notice: the affected customer's people, or anyone on the page. */
export const NOTICE_AUDIENCES = ['customers', 'public'] as const;
export type NoticeAudience = (typeof NOTICE_AUDIENCES)[number];

/** How a visitor subscribes to a status page. */
export const SUBSCRIBER_CHANNELS = ['email', 'webhook'] as const;
export type SubscriberChannel = (typeof SUBSCRIBER_CHANNELS)[number];

/** Longest public update / maintenance text, in characters. */
export const PUBLIC_TEXT_MAX = 5_000;
