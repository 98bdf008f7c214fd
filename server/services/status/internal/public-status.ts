import { and, asc, desc, eq, gte, inArray, ne, or } from 'drizzle-orm';
import type { Database, Reader } from '../../../../db/client';
import {
  maintenanceServices,
  maintenances,
  maintenanceUpdates,
  type Organisation,
  organisations,
  services,
} from '../../../../db/schema';
import { DAY_MS } from '../../../../workflows/sla/constants';
import { incidentSpans, statusAt } from '../../../../workflows/status/component-history';
import type { ComponentStatus, MaintenanceState } from '../../../../workflows/status/constants';
import type {
  MaintenanceStatus,
  SnapshotComponent,
  SnapshotGroup,
  SnapshotMaintenance,
  SnapshotUpdate,
  StatusSnapshot,
} from '../../../../workflows/status/statuspage';
import { localDayWindow } from '../../../../workflows/status/uptime';
import { type ComponentBars, localDayOf, uptimeBars } from '../../../../workflows/status/uptime-bars';
import { listNotices } from '../../security/list-notices';
import { loadStatusHistory } from './history';
import { groupId, snapshotIncident } from './public-incidents';

/** The page's look-back: its incidents, maintenance and uptime bars. */
export const STATUS_WINDOW_DAYS = 90;

export interface PublicStatus {
  organisation: Pick<Organisation, 'id' | 'slug' | 'name' | 'timeZone'>;
  snapshot: StatusSnapshot;
  /** One per component, in the snapshot's order: the last 90 local days, oldest first. */
  bars: ComponentBars[];
  /** Public security notices (the SOC chose "public" when publishing): their title, text and time only. */
  notices: { title: string; body: string; publishedAt: Date }[];
}

/** A page's origin-relative links become absolute with this (NEXTAUTH_URL, or the request's origin). */
export interface PublicLinks {
  baseUrl: string;
}

export async function publicOrganisation(db: Reader, slug: string): Promise<Organisation | null> {
  const [organisation] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.slug, slug), eq(organisations.statusPagePublic, true)));
  return organisation ?? null;
}

/** Component names for update lists, retired services included (history names them). */
export async function servicesNamer(db: Reader, organisationId: string): Promise<(id: string) => string> {
  const rows = await db
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(eq(services.organisationId, organisationId));
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return (id) => names.get(id) ?? 'Retired component';
}

const latest = (dates: readonly Date[], fallback: Date) =>
  new Date(Math.max(fallback.getTime(), ...dates.map((d) => d.getTime())));
const earliest = (dates: readonly Date[]) => new Date(Math.min(...dates.map((d) => d.getTime())));

/**
 * Everything a public page shows, from published facts only: components and their status now, groups,
 * the incidents and maintenance of the last 90 days, and the uptime bars. Null for an unknown slug or a
 * page that is not public. Anonymous: nothing of a ticket but its id and resolution time is read.
 */
export async function loadPublicStatus(
  db: Database,
  slug: string,
  now: Date,
  links: PublicLinks,
): Promise<PublicStatus | null> {
  const organisation = await publicOrganisation(db, slug);
  if (!organisation) return null;
  const at = now.getTime();
  const timeZone = organisation.timeZone;
  // Whole local days: the first bar starts at its local midnight.
  const firstDay = localDayOf(timeZone, at) - STATUS_WINDOW_DAYS + 1;
  // The loader's window ends before its end: an update published at this very instant counts.
  const window = { start: Math.min(at, localDayWindow(timeZone, firstDay).start), end: at + 1 };
  const [serviceRows, history, maintenanceRows, notices] = await Promise.all([
    db
      .select()
      .from(services)
      .where(eq(services.organisationId, organisation.id))
      .orderBy(asc(services.position), asc(services.name)),
    loadStatusHistory(db, organisation.id, window, now),
    loadMaintenances(db, organisation.id, new Date(at - STATUS_WINDOW_DAYS * DAY_MS)),
    listNotices(
      { db, actor: { type: 'system', label: 'status-page' }, now: () => now },
      { organisationId: organisation.id, audience: 'public', limit: 20 },
    ),
  ]);
  const nameOf = new Map(serviceRows.map((s) => [s.id, s.name]));
  const componentName = (id: string) => nameOf.get(id) ?? 'Retired component';
  const baseUrl = links.baseUrl.replace(/\/+$/, '');
  const incidents = history.incidents
    .map((record) => snapshotIncident(record, componentName, { baseUrl, slug }))
    // An outage still open whose incident a `resolved` update ended before the window is history.
    .filter((i) => i.resolvedAt === null || i.resolvedAt.getTime() >= window.start)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1));

  const inMaintenance = new Set(
    history.maintenanceWindows.filter((w) => w.window.end === null).flatMap((w) => w.serviceIds),
  );
  const touched = new Map<string, Date>();
  for (const incident of incidents)
    for (const update of incident.updates)
      for (const c of update.affectedComponents)
        if (!touched.has(c.id) || touched.get(c.id)! < update.createdAt) touched.set(c.id, update.createdAt);

  // Retired services are history, not components.
  const live = serviceRows.filter((s) => s.retiredAt === null);
  const groups: SnapshotGroup[] = [];
  const components: SnapshotComponent[] = [];
  let position = 0;
  const groupNames = [...new Set(live.map((s) => s.groupName))];
  for (const name of groupNames) {
    const members = live.filter((s) => s.groupName === name);
    const id = name === null ? null : groupId(organisation.id, name);
    const group =
      name === null
        ? null
        : ({
            id: id!,
            name,
            position: position++,
            createdAt: members[0]!.createdAt,
            updatedAt: now,
          } as SnapshotGroup);
    const start = components.length;
    for (const service of members) {
      components.push({
        id: service.id,
        name: service.name,
        description: service.description || null,
        status: statusAt(history.spans.get(service.id) ?? [], at, inMaintenance.has(service.id)),
        position: position++,
        groupId: id,
        createdAt: service.createdAt,
        updatedAt: latest([touched.get(service.id) ?? service.createdAt], service.createdAt),
      });
    }
    if (group) {
      const mine = components.slice(start);
      group.createdAt = earliest(mine.map((c) => c.createdAt));
      group.updatedAt = latest(
        mine.map((c) => c.updatedAt),
        group.createdAt,
      );
      groups.push(group);
    }
  }

  const snapshotMaintenances = maintenanceRows.map((m) =>
    snapshotMaintenance(m, componentName, baseUrl, slug),
  );
  const snapshot: StatusSnapshot = {
    page: {
      id: organisation.id,
      name: organisation.name,
      url: `${baseUrl}/status/${slug}`,
      timeZone,
      updatedAt: latest(
        [
          ...components.map((c) => c.updatedAt),
          ...incidents.map((i) => i.updatedAt),
          ...snapshotMaintenances.map((m) => m.updatedAt),
        ],
        organisation.createdAt,
      ),
    },
    groups,
    components,
    incidents,
    maintenances: snapshotMaintenances,
  };
  const bars = uptimeBars({
    timeZone,
    days: STATUS_WINDOW_DAYS,
    now: at,
    weights: {
      major_outage: organisation.weightMajor,
      partial_outage: organisation.weightPartial,
      degraded_performance: organisation.weightDegraded,
    },
    componentIds: components.map((c) => c.id),
    spans: history.spans,
    maintenance: history.maintenance,
    incidents: history.incidents.map((record) => ({
      id: record.ticketId,
      name: record.title,
      spans: incidentSpans(record.facts),
    })),
  });
  return {
    organisation: { id: organisation.id, slug: organisation.slug, name: organisation.name, timeZone },
    snapshot,
    bars,
    notices: notices.map(({ title, body, publishedAt }) => ({ title, body, publishedAt })),
  };
}

interface MaintenanceRow {
  id: string;
  title: string;
  body: string;
  state: MaintenanceState;
  scheduledFor: Date;
  scheduledUntil: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  serviceIds: string[];
  updates: { id: string; state: MaintenanceState; body: string; createdAt: Date }[];
}

/** Upcoming and in-progress windows, and those completed since `since`; cancelled ones are not shown. */
async function loadMaintenances(db: Reader, organisationId: string, since: Date): Promise<MaintenanceRow[]> {
  const rows = await db
    .select()
    .from(maintenances)
    .where(
      and(
        eq(maintenances.organisationId, organisationId),
        ne(maintenances.state, 'cancelled'),
        or(inArray(maintenances.state, ['scheduled', 'in_progress']), gte(maintenances.completedAt, since)),
      ),
    )
    .orderBy(desc(maintenances.scheduledFor), asc(maintenances.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [links, updates] = await Promise.all([
    db
      .select({ maintenanceId: maintenanceServices.maintenanceId, serviceId: maintenanceServices.serviceId })
      .from(maintenanceServices)
      .where(inArray(maintenanceServices.maintenanceId, ids)),
    db
      .select()
      .from(maintenanceUpdates)
      .where(inArray(maintenanceUpdates.maintenanceId, ids))
      .orderBy(desc(maintenanceUpdates.createdAt), desc(maintenanceUpdates.id)),
  ]);
  return rows.map((r) => ({
    ...r,
    serviceIds: links.filter((l) => l.maintenanceId === r.id).map((l) => l.serviceId),
    updates: updates
      .filter((u) => u.maintenanceId === r.id && u.state !== 'cancelled')
      .map(({ id, state, body, createdAt }) => ({ id, state, body, createdAt })),
  }));
}

const MAINTENANCE_STATUS_OF: Record<Exclude<MaintenanceState, 'cancelled'>, MaintenanceStatus> = {
  scheduled: 'scheduled',
  in_progress: 'in_progress',
  completed: 'completed',
};

/** A maintenance step's effect on its components: starting puts them under maintenance, completing ends it. */
const COMPONENT_CHANGE: Partial<Record<MaintenanceState, [ComponentStatus, ComponentStatus]>> = {
  in_progress: ['operational', 'under_maintenance'],
  completed: ['under_maintenance', 'operational'],
};

function snapshotMaintenance(
  m: MaintenanceRow,
  componentName: (id: string) => string,
  baseUrl: string,
  slug: string,
): SnapshotMaintenance {
  const status = MAINTENANCE_STATUS_OF[m.state as Exclude<MaintenanceState, 'cancelled'>];
  // A window announced without a separate update still tells what it is about (its own text).
  const steps =
    m.updates.length || !m.body.trim()
      ? m.updates
      : [{ id: m.id, state: 'scheduled' as const, body: m.body, createdAt: m.createdAt }];
  const updates: SnapshotUpdate<MaintenanceStatus>[] = steps.map((u) => {
    const change = COMPONENT_CHANGE[u.state];
    return {
      id: u.id,
      status: MAINTENANCE_STATUS_OF[u.state as Exclude<MaintenanceState, 'cancelled'>],
      body: u.body,
      createdAt: u.createdAt,
      displayAt: u.createdAt,
      affectedComponents: change
        ? m.serviceIds.map((id) => ({
            id,
            name: componentName(id),
            oldStatus: change[0],
            newStatus: change[1],
          }))
        : [],
    };
  });
  return {
    id: m.id,
    name: m.title,
    status,
    // Statuspage's maintenance impact vocabulary has no "maintenance" indicator: it is no outage.
    impact: 'none',
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    startedAt: m.startedAt ?? m.scheduledFor,
    monitoringAt: null,
    resolvedAt: m.completedAt,
    shortlink: `${baseUrl}/status/${slug}#maintenance-${m.id}`,
    updates,
    componentIds: m.serviceIds,
    scheduledFor: m.scheduledFor,
    scheduledUntil: m.scheduledUntil,
  };
}
