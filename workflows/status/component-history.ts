import { type ComponentStatus, type PublicIncidentStatus, worstStatus } from './constants';
import type { StatusSpan } from './uptime';

// How published updates become component statuses (DESIGN §2.6), pure: one rule for the page's current
// status, its 90-day bars and the monthly reports, so they can never disagree.
//
// - An update sets the status of each service it lists; a service it does not list keeps what the
//   incident's previous updates set (Statuspage's semantics: only changes are listed).
// - A `resolved` update ends every status the incident set, whatever it lists; a later update reopens it.
// - The outage's resolution ends whatever its updates left open (nobody should have to publish
//   "resolved" for the page to turn green again once the ticket is resolved).
// - An outage with no published update sets nothing: a new outage does not turn the page red before
//   anyone has said anything.

export interface PublishedUpdateFact {
  at: number;
  status: PublicIncidentStatus;
  components: readonly { serviceId: string; status: ComponentStatus }[];
}

export interface PublicIncidentFacts {
  /** Oldest first. */
  updates: readonly PublishedUpdateFact[];
  /** When the outage was resolved, if it is. */
  resolvedAt: number | null;
}

export interface PublicIncidentState {
  status: PublicIncidentStatus;
  /** When it ended: its `resolved` update, or the outage's resolution; null while it lasts. */
  resolvedAt: number | null;
  /** When it first reached `monitoring` in its current run. */
  monitoringAt: number | null;
  /** The worst status any of its updates set (Statuspage's incident impact). */
  worst: ComponentStatus;
}

/** The incident as the public sees it, from its updates and its outage's resolution. */
export function publicIncidentState(incident: PublicIncidentFacts): PublicIncidentState {
  const last = incident.updates.at(-1);
  const worst = worstStatus(incident.updates.flatMap((u) => u.components.map((c) => c.status)));
  let monitoringAt: number | null = null;
  for (const update of incident.updates) {
    if (update.status === 'monitoring') monitoringAt ??= update.at;
    else if (update.status !== 'resolved') monitoringAt = null;
  }
  if (last?.status === 'resolved') return { status: 'resolved', resolvedAt: last.at, monitoringAt, worst };
  if (incident.resolvedAt !== null) {
    return { status: 'resolved', resolvedAt: incident.resolvedAt, monitoringAt, worst };
  }
  return { status: last?.status ?? 'investigating', resolvedAt: null, monitoringAt, worst };
}

/** Each service's status spans set by one incident (a service's spans never overlap each other). */
export function incidentSpans(incident: PublicIncidentFacts): Map<string, StatusSpan[]> {
  const spans = new Map<string, StatusSpan[]>();
  const open = new Map<string, StatusSpan>();
  const close = (serviceId: string, at: number) => {
    const span = open.get(serviceId);
    if (!span) return;
    open.delete(serviceId);
    if (at > span.start) span.end = at;
    else
      spans.set(
        serviceId,
        spans.get(serviceId)!.filter((s) => s !== span),
      );
  };
  const stop = incident.resolvedAt;
  for (const update of incident.updates) {
    if (stop !== null && update.at >= stop) break;
    if (update.status === 'resolved') {
      for (const serviceId of [...open.keys()]) close(serviceId, update.at);
      continue;
    }
    for (const { serviceId, status } of update.components) {
      const current = open.get(serviceId);
      if (current?.status === status) continue;
      close(serviceId, update.at);
      if (status === 'operational') continue;
      const span: StatusSpan = { start: update.at, end: null, status };
      open.set(serviceId, span);
      spans.set(serviceId, [...(spans.get(serviceId) ?? []), span]);
    }
  }
  if (stop !== null) for (const serviceId of [...open.keys()]) close(serviceId, stop);
  for (const [serviceId, list] of spans) if (list.length === 0) spans.delete(serviceId);
  return spans;
}

/** Every service's spans over many incidents (they may overlap: uptime takes the worst at each instant). */
export function componentSpans(incidents: readonly PublicIncidentFacts[]): Map<string, StatusSpan[]> {
  const all = new Map<string, StatusSpan[]>();
  for (const incident of incidents) {
    for (const [serviceId, spans] of incidentSpans(incident)) {
      all.set(serviceId, [...(all.get(serviceId) ?? []), ...spans]);
    }
  }
  return all;
}

/**
 * A service's status at `at`: the worst of the spans covering it, else under maintenance when a
 * maintenance window of it is in progress, else operational.
 */
export function statusAt(
  spans: readonly StatusSpan[],
  at: number,
  underMaintenance: boolean,
): ComponentStatus {
  const covering = spans.filter((s) => s.start <= at && (s.end === null || s.end > at)).map((s) => s.status);
  const worst = worstStatus(covering);
  if (worst !== 'operational') return worst;
  return underMaintenance ? 'under_maintenance' : 'operational';
}
