import { COMPONENT_STATUSES, type ComponentStatus, PUBLIC_INCIDENT_STATUS_LABEL } from './constants';

// Statuspage-compatible documents (the public `/api/v2/*.json` of an Atlassian Statuspage), built from a
// page's public snapshot, so that tools already polling Statuspage pages read ours unchanged: the same
// field names, enums, nesting and nulls. Pure: the service gathers the snapshot, the route serialises.

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];
/** Every stage a Statuspage incident or maintenance update can carry, in words (pages and feeds). */
export const UPDATE_STAGE_LABEL: Record<IncidentStatus | MaintenanceStatus, string> = {
  ...PUBLIC_INCIDENT_STATUS_LABEL,
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};
export const INDICATORS = ['none', 'minor', 'major', 'critical'] as const;
export type Indicator = (typeof INDICATORS)[number];

export interface SnapshotComponent {
  id: string;
  name: string;
  description: string | null;
  status: ComponentStatus;
  position: number;
  groupId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A component group: Statuspage lists it as a component with `group: true` and its members' ids. */
export interface SnapshotGroup {
  id: string;
  name: string;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SnapshotUpdate<S extends string> {
  id: string;
  status: S;
  body: string;
  createdAt: Date;
  displayAt: Date;
  affectedComponents: { id: string; name: string; oldStatus: ComponentStatus; newStatus: ComponentStatus }[];
}

interface SnapshotEvent<S extends string> {
  id: string;
  name: string;
  status: S;
  impact: Indicator;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date;
  monitoringAt: Date | null;
  resolvedAt: Date | null;
  /** Absolute URL of the incident's public page. */
  shortlink: string;
  /** Newest first, as Statuspage lists them. */
  updates: SnapshotUpdate<S>[];
  componentIds: string[];
}

export type SnapshotIncident = SnapshotEvent<IncidentStatus>;
export type SnapshotMaintenance = SnapshotEvent<MaintenanceStatus> & {
  scheduledFor: Date;
  scheduledUntil: Date;
};

export interface StatusSnapshot {
  page: { id: string; name: string; url: string; timeZone: string; updatedAt: Date };
  groups: SnapshotGroup[];
  components: SnapshotComponent[];
  /** Newest first; at most the 50 most recent (incidents.json's window). */
  incidents: SnapshotIncident[];
  maintenances: SnapshotMaintenance[];
}

const INDICATOR_OF: Record<ComponentStatus, Indicator> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

const DESCRIPTION_OF: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
};

const iso = (at: Date | null) => (at ? at.toISOString() : null);
const worse = (a: Indicator, b: Indicator) => (INDICATORS.indexOf(b) > INDICATORS.indexOf(a) ? b : a);

/** The page's indicator: the worst of its components and of its unresolved incidents' impact. */
export function pageIndicator(snapshot: StatusSnapshot): { indicator: Indicator; description: string } {
  let indicator: Indicator = 'none';
  for (const c of snapshot.components) indicator = worse(indicator, INDICATOR_OF[c.status]);
  for (const i of unresolved(snapshot.incidents)) indicator = worse(indicator, i.impact);
  const maintenance =
    indicator === 'none' && snapshot.components.some((c) => c.status === 'under_maintenance');
  return { indicator, description: maintenance ? 'Service Under Maintenance' : DESCRIPTION_OF[indicator] };
}

const unresolved = (incidents: SnapshotIncident[]) =>
  incidents.filter((i) => i.status !== 'resolved' && i.status !== 'postmortem');

function pageJson(s: StatusSnapshot) {
  const { id, name, url, timeZone, updatedAt } = s.page;
  return { id, name, url, time_zone: timeZone, updated_at: updatedAt.toISOString() };
}

function componentJson(page_id: string, c: SnapshotComponent) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    position: c.position,
    description: c.description,
    showcase: true,
    start_date: null,
    group_id: c.groupId,
    page_id,
    group: false,
    only_show_if_degraded: false,
  };
}

function componentsOf(s: StatusSnapshot) {
  const page_id = s.page.id;
  const members = (groupId: string) => s.components.filter((c) => c.groupId === groupId).map((c) => c.id);
  const worstOf = (ids: string[]) =>
    s.components
      .filter((c) => ids.includes(c.id))
      .reduce<ComponentStatus>(
        (w, c) => (COMPONENT_STATUSES.indexOf(c.status) > COMPONENT_STATUSES.indexOf(w) ? c.status : w),
        'operational',
      );
  const groups = s.groups.map((g) => ({
    id: g.id,
    name: g.name,
    status: worstOf(members(g.id)),
    created_at: g.createdAt.toISOString(),
    updated_at: g.updatedAt.toISOString(),
    position: g.position,
    description: null,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id,
    group: true,
    only_show_if_degraded: false,
    components: members(g.id),
  }));
  const components = s.components.map((c) => componentJson(page_id, c));
  return [...groups, ...components].sort((a, b) => a.position - b.position);
}

function eventJson<S extends string>(s: StatusSnapshot, event: SnapshotEvent<S>) {
  const component = (id: string) => s.components.find((c) => c.id === id);
  return {
    id: event.id,
    name: event.name,
    status: event.status,
    created_at: event.createdAt.toISOString(),
    updated_at: event.updatedAt.toISOString(),
    monitoring_at: iso(event.monitoringAt),
    resolved_at: iso(event.resolvedAt),
    impact: event.impact,
    shortlink: event.shortlink,
    started_at: event.startedAt.toISOString(),
    page_id: s.page.id,
    incident_updates: event.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      incident_id: event.id,
      created_at: u.createdAt.toISOString(),
      updated_at: u.createdAt.toISOString(),
      display_at: u.displayAt.toISOString(),
      affected_components: u.affectedComponents.map((a) => ({
        code: a.id,
        name: a.name,
        old_status: a.oldStatus,
        new_status: a.newStatus,
      })),
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: event.componentIds.flatMap((id) => {
      const c = component(id);
      return c ? [componentJson(s.page.id, c)] : [];
    }),
  };
}

function maintenanceJson(s: StatusSnapshot, m: SnapshotMaintenance) {
  return {
    ...eventJson(s, m),
    scheduled_for: m.scheduledFor.toISOString(),
    scheduled_until: m.scheduledUntil.toISOString(),
  };
}

const upcomingOrActive = (m: SnapshotMaintenance) => m.status !== 'completed';

/** The documents of `/api/v2/`, by file name. */
export const statuspageDocuments = {
  'summary.json': (s: StatusSnapshot) => ({
    page: pageJson(s),
    components: componentsOf(s),
    incidents: unresolved(s.incidents).map((i) => eventJson(s, i)),
    scheduled_maintenances: s.maintenances.filter(upcomingOrActive).map((m) => maintenanceJson(s, m)),
    status: pageIndicator(s),
  }),
  'status.json': (s: StatusSnapshot) => ({ page: pageJson(s), status: pageIndicator(s) }),
  'components.json': (s: StatusSnapshot) => ({ page: pageJson(s), components: componentsOf(s) }),
  'incidents.json': (s: StatusSnapshot) => ({
    page: pageJson(s),
    incidents: s.incidents.slice(0, 50).map((i) => eventJson(s, i)),
  }),
  'incidents/unresolved.json': (s: StatusSnapshot) => ({
    page: pageJson(s),
    incidents: unresolved(s.incidents).map((i) => eventJson(s, i)),
  }),
  'scheduled-maintenances.json': (s: StatusSnapshot) => ({
    page: pageJson(s),
    scheduled_maintenances: s.maintenances.map((m) => maintenanceJson(s, m)),
  }),
  'scheduled-maintenances/upcoming.json': (s: StatusSnapshot) => ({
    page: pageJson(s),
    scheduled_maintenances: s.maintenances
      .filter((m) => m.status === 'scheduled')
      .map((m) => maintenanceJson(s, m)),
  }),
  'scheduled-maintenances/active.json': (s: StatusSnapshot) => ({
    page: pageJson(s),
    scheduled_maintenances: s.maintenances
      .filter((m) => m.status === 'in_progress' || m.status === 'verifying')
      .map((m) => maintenanceJson(s, m)),
  }),
} as const;

export type StatuspageDocument = keyof typeof statuspageDocuments;
