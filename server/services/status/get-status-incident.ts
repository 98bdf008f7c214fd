import { and, eq, min } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { statusUpdates, tickets } from '../../../db/schema';
import { publicBaseUrl } from '../../../lib/public-url';
import type { SnapshotIncident } from '../../../workflows/status/statuspage';
import { loadStatusHistory } from './internal/history';
import { snapshotIncident } from './internal/public-incidents';
import { publicOrganisation, servicesNamer } from './internal/public-status';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StatusIncidentPage {
  organisation: { slug: string; name: string; timeZone: string };
  incident: SnapshotIncident;
}

/**
 * One public incident with all its published updates, however old, by its id (the outage's id: the ticket
 * number and everything else internal stay internal). Null unless the page is public and the outage of
 * that organisation published something: an outage nobody wrote about is no public incident.
 */
export async function getStatusIncident(
  db: Database,
  slug: string,
  id: string,
  now: Date,
  links = { baseUrl: publicBaseUrl() },
): Promise<StatusIncidentPage | null> {
  if (!UUID.test(id)) return null;
  const organisation = await publicOrganisation(db, slug);
  if (!organisation) return null;
  const [facts] = await db
    .select({ first: min(statusUpdates.publishedAt), resolvedAt: tickets.resolvedAt })
    .from(statusUpdates)
    .innerJoin(tickets, eq(tickets.id, statusUpdates.ticketId))
    .where(and(eq(statusUpdates.ticketId, id), eq(statusUpdates.organisationId, organisation.id)))
    .groupBy(tickets.resolvedAt);
  if (!facts?.first) return null;
  const first = facts.first.getTime();
  // The window around the incident's first update: the loader reads every update of the incidents
  // touching it, this one's included.
  const start = Math.min(first, facts.resolvedAt?.getTime() ?? first) - 1;
  const history = await loadStatusHistory(db, organisation.id, { start, end: first + 1 }, now);
  const record = history.incidents.find((i) => i.ticketId === id);
  if (!record) return null;
  const name = await servicesNamer(db, organisation.id);
  return {
    organisation: { slug: organisation.slug, name: organisation.name, timeZone: organisation.timeZone },
    incident: snapshotIncident(record, name, { baseUrl: links.baseUrl.replace(/\/+$/, ''), slug }),
  };
}
