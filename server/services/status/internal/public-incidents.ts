import { createHash } from 'node:crypto';
import { publicIncidentState } from '../../../../workflows/status/component-history';
import type { ComponentStatus } from '../../../../workflows/status/constants';
import type { Indicator, SnapshotIncident, SnapshotUpdate } from '../../../../workflows/status/statuspage';
import type { PublicIncidentRecord } from './history';

// From the loader's records to the Statuspage-shaped incidents of a snapshot: public facts only (the
// ticket's id is the incident's id; its number, text and people never leave the NOC).

const IMPACT_OF: Record<ComponentStatus, Indicator> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

/** A stable, UUID-shaped id for a component group (groups are a name on services, not rows). */
export function groupId(organisationId: string, groupName: string): string {
  const hex = createHash('sha1').update(`${organisationId}\ngroup\n${groupName}`).digest('hex');
  // Shaped as a name-based UUID (version 5, RFC 4122 variant) so consumers that parse ids accept it.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function incidentPath(slug: string, id: string): string {
  return `/status/${slug}/incidents/${id}`;
}

/**
 * One incident as Statuspage shows it. Each update lists what it changed, with the status the incident
 * had set before (Statuspage's old_status / new_status); a `resolved` update returns everything the
 * incident still held to operational, as the page does.
 */
export function snapshotIncident(
  record: PublicIncidentRecord,
  componentName: (serviceId: string) => string,
  links: { baseUrl: string; slug: string },
): SnapshotIncident {
  const state = publicIncidentState(record.facts);
  const held = new Map<string, ComponentStatus>();
  const updates: SnapshotUpdate<SnapshotIncident['status']>[] = record.updates.map((update) => {
    const changes = new Map<string, ComponentStatus>();
    for (const c of update.components) changes.set(c.serviceId, c.status);
    if (update.status === 'resolved') {
      for (const serviceId of held.keys()) changes.set(serviceId, 'operational');
      for (const serviceId of changes.keys()) changes.set(serviceId, 'operational');
    }
    const affectedComponents = [...changes].map(([serviceId, newStatus]) => {
      const oldStatus = held.get(serviceId) ?? 'operational';
      if (newStatus === 'operational') held.delete(serviceId);
      else held.set(serviceId, newStatus);
      return { id: serviceId, name: componentName(serviceId), oldStatus, newStatus };
    });
    return {
      id: update.id,
      status: update.status,
      body: update.body,
      createdAt: update.publishedAt,
      displayAt: update.publishedAt,
      affectedComponents,
    };
  });
  const first = record.updates[0]!.publishedAt;
  const last = record.updates.at(-1)!.publishedAt;
  const resolvedAt = state.resolvedAt === null ? null : new Date(state.resolvedAt);
  return {
    id: record.ticketId,
    name: record.title,
    status: state.status,
    impact: IMPACT_OF[state.worst],
    createdAt: first,
    updatedAt: resolvedAt && resolvedAt > last ? resolvedAt : last,
    startedAt: first,
    monitoringAt: state.monitoringAt === null ? null : new Date(state.monitoringAt),
    resolvedAt,
    shortlink: `${links.baseUrl}${incidentPath(links.slug, record.ticketId)}`,
    updates: updates.reverse(),
    componentIds: [...new Set(record.updates.flatMap((u) => u.components.map((c) => c.serviceId)))],
  };
}
