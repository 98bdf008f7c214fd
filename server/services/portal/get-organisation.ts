import { and, asc, eq, isNull } from 'drizzle-orm';
import { organisations, services } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { portalReader } from './internal/reader';

export interface PortalOrganisation {
  id: string;
  name: string;
  slug: string;
  /** Whether its status page is open to anyone (the organisation's choice). */
  statusPagePublic: boolean;
  /** The services it buys, as the report form and the list's filter offer them (retired ones left out). */
  services: { id: string; name: string; group: string | null }[];
}

/** portal.organisation: the caller's own organisation and its services, for the portal's header and forms. */
export async function getPortalOrganisation(ctx: ServiceContext): Promise<PortalOrganisation> {
  const actor = portalReader(ctx.actor);
  const [organisation] = await ctx.db
    .select({
      id: organisations.id,
      name: organisations.name,
      slug: organisations.slug,
      statusPagePublic: organisations.statusPagePublic,
    })
    .from(organisations)
    .where(eq(organisations.id, actor.organisationId));
  if (!organisation) throw notFound('Organisation');
  const owned = await ctx.db
    .select({ id: services.id, name: services.name, group: services.groupName })
    .from(services)
    .where(and(eq(services.organisationId, organisation.id), isNull(services.retiredAt)))
    .orderBy(asc(services.position), asc(services.name));
  return { ...organisation, services: owned };
}
