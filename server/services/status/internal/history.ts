import { and, asc, eq, gt, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import {
  maintenanceServices,
  maintenances,
  statusUpdateComponents,
  statusUpdates,
  tickets,
} from '../../../../db/schema';
import {
  componentSpans,
  type PublicIncidentFacts,
  type PublishedUpdateFact,
} from '../../../../workflows/status/component-history';
import type { StatusSpan, TimeWindow } from '../../../../workflows/status/uptime';

/** One outage as its published updates tell it. */
export interface PublicIncidentRecord {
  ticketId: string;
  /** The latest update's title. */
  title: string;
  facts: PublicIncidentFacts;
  /** Oldest first, with their ids and text (the facts hold the same updates, reduced to the maths). */
  updates: {
    id: string;
    title: string;
    status: PublishedUpdateFact['status'];
    body: string;
    publishedAt: Date;
    components: PublishedUpdateFact['components'];
  }[];
}

export interface MaintenanceWindowRecord {
  id: string;
  /** What actually happened: started → completed (or still going, end null). */
  window: { start: number; end: number | null };
  serviceIds: string[];
}

export interface StatusHistory {
  incidents: PublicIncidentRecord[];
  /** Each service's status spans over the window (and around it: callers clip). */
  spans: Map<string, StatusSpan[]>;
  /** Each service's maintenance time, up to `now` for a window still in progress. */
  maintenance: Map<string, TimeWindow[]>;
  /** Maintenance records themselves, for the page's lists. */
  maintenanceWindows: MaintenanceWindowRecord[];
}

/**
 * What an organisation's outages told the public, and its maintenance, for every incident that touches
 * `window`: the one read behind the status page, its uptime bars and the monthly reports (so all three
 * follow the same rule, workflows/status/component-history.ts). Public facts only: nothing of a ticket
 * but its id and resolution time is read, and security incidents have no public updates.
 */
export async function loadStatusHistory(
  db: Reader,
  organisationId: string,
  window: TimeWindow,
  now: Date,
): Promise<StatusHistory> {
  const start = new Date(window.start);
  const end = new Date(window.end);
  const rows = await db
    .select({
      id: statusUpdates.id,
      ticketId: statusUpdates.ticketId,
      title: statusUpdates.title,
      status: statusUpdates.status,
      body: statusUpdates.body,
      publishedAt: statusUpdates.publishedAt,
      resolvedAt: tickets.resolvedAt,
    })
    .from(statusUpdates)
    .innerJoin(tickets, eq(tickets.id, statusUpdates.ticketId))
    .where(
      and(
        eq(statusUpdates.organisationId, organisationId),
        // An incident resolved before the window cannot touch it (its updates may still run late).
        or(isNull(tickets.resolvedAt), gt(tickets.resolvedAt, start)),
        inArray(
          statusUpdates.ticketId,
          db
            .selectDistinct({ id: statusUpdates.ticketId })
            .from(statusUpdates)
            .where(and(eq(statusUpdates.organisationId, organisationId), lt(statusUpdates.publishedAt, end))),
        ),
      ),
    )
    .orderBy(asc(statusUpdates.publishedAt), asc(statusUpdates.id));
  const components = rows.length
    ? await db
        .select({
          updateId: statusUpdateComponents.updateId,
          serviceId: statusUpdateComponents.serviceId,
          status: statusUpdateComponents.status,
        })
        .from(statusUpdateComponents)
        .where(
          inArray(
            statusUpdateComponents.updateId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const componentsOf = new Map<string, PublishedUpdateFact['components'][number][]>();
  for (const c of components) {
    componentsOf.set(c.updateId, [
      ...(componentsOf.get(c.updateId) ?? []),
      { serviceId: c.serviceId, status: c.status },
    ]);
  }
  const byTicket = new Map<string, PublicIncidentRecord>();
  for (const row of rows) {
    const record = byTicket.get(row.ticketId) ?? {
      ticketId: row.ticketId,
      title: row.title,
      facts: { updates: [], resolvedAt: row.resolvedAt?.getTime() ?? null },
      updates: [],
    };
    byTicket.set(row.ticketId, record);
    const list = componentsOf.get(row.id) ?? [];
    record.title = row.title;
    (record.facts.updates as PublishedUpdateFact[]).push({
      at: row.publishedAt.getTime(),
      status: row.status,
      components: list,
    });
    record.updates.push({
      id: row.id,
      title: row.title,
      status: row.status,
      body: row.body,
      publishedAt: row.publishedAt,
      components: list,
    });
  }
  const incidents = [...byTicket.values()];

  const windows = await db
    .select({
      id: maintenances.id,
      startedAt: maintenances.startedAt,
      completedAt: maintenances.completedAt,
      serviceId: maintenanceServices.serviceId,
    })
    .from(maintenances)
    .innerJoin(maintenanceServices, eq(maintenanceServices.maintenanceId, maintenances.id))
    .where(
      and(
        eq(maintenances.organisationId, organisationId),
        inArray(maintenances.state, ['in_progress', 'completed']),
        lt(maintenances.startedAt, end),
        or(isNull(maintenances.completedAt), gt(maintenances.completedAt, start)),
      ),
    );
  const maintenance = new Map<string, TimeWindow[]>();
  const records = new Map<string, MaintenanceWindowRecord>();
  for (const w of windows) {
    const started = w.startedAt!.getTime();
    const completed = w.completedAt?.getTime() ?? null;
    const list = maintenance.get(w.serviceId) ?? [];
    list.push({ start: started, end: completed ?? Math.max(started, now.getTime()) });
    maintenance.set(w.serviceId, list);
    const record = records.get(w.id) ?? {
      id: w.id,
      window: { start: started, end: completed },
      serviceIds: [],
    };
    record.serviceIds.push(w.serviceId);
    records.set(w.id, record);
  }
  return {
    incidents,
    spans: componentSpans(incidents.map((i) => i.facts)),
    maintenance,
    maintenanceWindows: [...records.values()],
  };
}
