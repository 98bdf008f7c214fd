import { and, asc, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { organisations, services, ticketServices, tickets } from '../../../db/schema';
import { type ComponentStatus, statusForOpenOutage, worstStatus } from '../../../workflows/status/constants';
import { DONE_STATUSES } from '../../../workflows/tickets/constants';
import { listNotices } from '../security/list-notices';

export interface StatusPage {
  organisation: { slug: string; name: string };
  overall: ComponentStatus;
  groups: {
    name: string | null;
    services: { id: string; name: string; description: string; status: ComponentStatus }[];
  }[];
  /** Published security notices: their title, text and time, nothing else of the incident. */
  notices: { title: string; body: string; publishedAt: Date }[];
}

/**
 * The public status page of an organisation, or null when there is none (unknown slug or not public).
 * Anonymous: reads only public facts. A component's status comes from the open outages affecting it;
 * security incidents never count.
 */
export async function getStatusPage(db: Database, slug: string): Promise<StatusPage | null> {
  const [organisation] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.slug, slug), eq(organisations.statusPagePublic, true)));
  if (!organisation) return null;
  const rows = await db
    .select()
    .from(services)
    // Retired services are history, not components.
    .where(and(eq(services.organisationId, organisation.id), isNull(services.retiredAt)))
    .orderBy(asc(services.position), asc(services.name));
  const serviceIds = rows.map((s) => s.id);
  const open = serviceIds.length
    ? await db
        .select({ serviceId: ticketServices.serviceId, impact: tickets.impact })
        .from(ticketServices)
        .innerJoin(tickets, eq(tickets.id, ticketServices.ticketId))
        .where(
          and(
            inArray(ticketServices.serviceId, serviceIds),
            eq(tickets.kind, 'outage'),
            notInArray(tickets.status, [...DONE_STATUSES]),
          ),
        )
    : [];
  const statusOf = (id: string) =>
    worstStatus(open.filter((o) => o.serviceId === id).map((o) => statusForOpenOutage(o.impact)));
  const groups = new Map<string | null, StatusPage['groups'][number]>();
  for (const service of rows) {
    const group = groups.get(service.groupName) ?? { name: service.groupName, services: [] };
    groups.set(service.groupName, group);
    group.services.push({
      id: service.id,
      name: service.name,
      description: service.description,
      status: statusOf(service.id),
    });
  }
  const all = [...groups.values()];
  const notices = await listNotices(
    { db, actor: { type: 'system', label: 'status-page' }, now: () => new Date() },
    { organisationId: organisation.id, audience: 'public', limit: 20 },
  );
  return {
    organisation: { slug: organisation.slug, name: organisation.name },
    overall: worstStatus(all.flatMap((g) => g.services.map((s) => s.status))),
    groups: all,
    notices: notices.map(({ title, body, publishedAt }) => ({ title, body, publishedAt })),
  };
}
