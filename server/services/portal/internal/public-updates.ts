import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import { services, statusUpdateComponents, statusUpdates } from '../../../../db/schema';
import type { ComponentStatus, PublicIncidentStatus } from '../../../../workflows/status/constants';

export interface PublicUpdate {
  title: string;
  status: PublicIncidentStatus;
  body: string;
  publishedAt: Date;
  /** The status this update set on each of the organisation's services. */
  components: { service: string; status: ComponentStatus }[];
}

const updateColumns = {
  id: statusUpdates.id,
  ticketId: statusUpdates.ticketId,
  title: statusUpdates.title,
  status: statusUpdates.status,
  body: statusUpdates.body,
  publishedAt: statusUpdates.publishedAt,
};

/** The published status updates of one outage of `organisationId`, oldest first. */
export async function publicUpdatesOf(
  db: Reader,
  ticketId: string,
  organisationId: string,
): Promise<PublicUpdate[]> {
  const updates = await db
    .select(updateColumns)
    .from(statusUpdates)
    .where(and(eq(statusUpdates.ticketId, ticketId), eq(statusUpdates.organisationId, organisationId)))
    .orderBy(asc(statusUpdates.publishedAt), asc(statusUpdates.id));
  if (updates.length === 0) return [];
  const components = await db
    .select({
      updateId: statusUpdateComponents.updateId,
      service: services.name,
      status: statusUpdateComponents.status,
    })
    .from(statusUpdateComponents)
    .innerJoin(services, eq(services.id, statusUpdateComponents.serviceId))
    .where(
      and(
        inArray(
          statusUpdateComponents.updateId,
          updates.map((u) => u.id),
        ),
        eq(statusUpdateComponents.organisationId, organisationId),
      ),
    )
    .orderBy(asc(services.position), asc(services.name));
  return updates.map((u) => ({
    title: u.title,
    status: u.status,
    body: u.body,
    publishedAt: u.publishedAt,
    components: components
      .filter((c) => c.updateId === u.id)
      .map((c) => ({ service: c.service, status: c.status })),
  }));
}

/** Each ticket's latest published update (without its components), keyed by ticket. */
export async function latestUpdates(
  db: Reader,
  ticketIds: readonly string[],
  organisationId: string,
): Promise<Map<string, Omit<PublicUpdate, 'components'>>> {
  const latest = new Map<string, Omit<PublicUpdate, 'components'>>();
  if (ticketIds.length === 0) return latest;
  const rows = await db
    .selectDistinctOn([statusUpdates.ticketId], updateColumns)
    .from(statusUpdates)
    .where(
      and(inArray(statusUpdates.ticketId, [...ticketIds]), eq(statusUpdates.organisationId, organisationId)),
    )
    .orderBy(statusUpdates.ticketId, desc(statusUpdates.publishedAt), desc(statusUpdates.id));
  for (const u of rows)
    latest.set(u.ticketId, { title: u.title, status: u.status, body: u.body, publishedAt: u.publishedAt });
  return latest;
}
