import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  organisations,
  services,
  statusUpdateComponents,
  statusUpdates,
  ticketServices,
} from '../../../db/schema';
import type { ComponentStatus, PublicIncidentStatus } from '../../../workflows/status/constants';
import { userNameOf } from '../directory/internal/user-name';
import { seesInternalFields } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { readVisibleTicket } from '../tickets/internal/read-one';
import { mayPublishUpdates } from './internal/publishers';
import { type ListUpdatesInput, listUpdatesInput } from './schemas';

export interface StatusUpdateView {
  id: string;
  title: string;
  status: PublicIncidentStatus;
  body: string;
  publishedAt: Date;
  /** Staff only: who published it (customers read the operator's voice, not a person's). */
  publishedBy: string | null;
  components: { serviceId: string; name: string; status: ComponentStatus }[];
}

export interface TicketStatusUpdates {
  /** Newest first. */
  updates: StatusUpdateView[];
  /** The ticket's services on its organisation's status page (not retired): what a new update sets. */
  services: { id: string; name: string }[];
  /** Whether anyone (not only the customer's portal users) reads the updates on the public page. */
  statusPagePublic: boolean;
  organisationName: string;
  mayPublish: boolean;
}

/**
 * statusUpdates.list: an outage's public updates, newest first, with the names of the services each
 * sets. For staff and the outage's own customer; anyone else learns nothing (NOT_FOUND). A security
 * incident has no public updates (its notice is the SOC's), so it lists none.
 */
export async function listStatusUpdates(
  ctx: ServiceContext,
  rawInput: ListUpdatesInput,
): Promise<TicketStatusUpdates> {
  const input = parseInput(listUpdatesInput, rawInput);
  const ticket = await readVisibleTicket(ctx, input.ticketId);
  const [organisation] = await ctx.db
    .select({ name: organisations.name, statusPagePublic: organisations.statusPagePublic })
    .from(organisations)
    .where(eq(organisations.id, ticket.organisationId));
  const base = {
    statusPagePublic: organisation?.statusPagePublic ?? false,
    organisationName: organisation?.name ?? '',
  };
  if (ticket.kind !== 'outage') return { updates: [], services: [], mayPublish: false, ...base };
  const internal = seesInternalFields(ctx.actor);
  const [rows, affected] = await Promise.all([
    ctx.db
      .select({
        id: statusUpdates.id,
        title: statusUpdates.title,
        status: statusUpdates.status,
        body: statusUpdates.body,
        publishedAt: statusUpdates.publishedAt,
        publishedBy: userNameOf(statusUpdates.publishedById),
      })
      .from(statusUpdates)
      .where(eq(statusUpdates.ticketId, ticket.id))
      .orderBy(desc(statusUpdates.publishedAt), desc(statusUpdates.id)),
    ctx.db
      .select({ id: services.id, name: services.name })
      .from(ticketServices)
      .innerJoin(services, eq(services.id, ticketServices.serviceId))
      // The operator's shared services an outage may also name are not on this customer's page.
      .where(
        and(
          eq(ticketServices.ticketId, ticket.id),
          eq(services.organisationId, ticket.organisationId),
          isNull(services.retiredAt),
        ),
      )
      .orderBy(asc(services.position), asc(services.name)),
  ]);
  const components =
    rows.length === 0
      ? []
      : await ctx.db
          .select({
            updateId: statusUpdateComponents.updateId,
            serviceId: statusUpdateComponents.serviceId,
            name: services.name,
            status: statusUpdateComponents.status,
          })
          .from(statusUpdateComponents)
          .innerJoin(services, eq(services.id, statusUpdateComponents.serviceId))
          .where(
            inArray(
              statusUpdateComponents.updateId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(services.position), asc(services.name));
  return {
    updates: rows.map((r) => ({
      ...r,
      publishedBy: internal ? r.publishedBy : null,
      components: components
        .filter((c) => c.updateId === r.id)
        .map(({ serviceId, name, status }) => ({ serviceId, name, status })),
    })),
    services: affected,
    mayPublish: mayPublishUpdates(ctx.actor),
    ...base,
  };
}
