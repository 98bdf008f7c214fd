import { and, asc, eq, isNull } from 'drizzle-orm';
import { organisations, services } from '../../../db/schema';
import { roleHas } from '../../auth/permissions';
import type { ServiceContext } from '../kernel/context';
import { forbidden } from '../kernel/errors';

export interface DirectoryOrganisation {
  id: string;
  slug: string;
  name: string;
  kind: 'operator' | 'customer';
  services: { id: string; name: string; groupName: string | null }[];
}

/**
 * Organisations with their services, for the staff forms (customer and affected-service pickers): retired
 * services are no longer offered.
 */
export async function listOrganisationsWithServices(ctx: ServiceContext): Promise<DirectoryOrganisation[]> {
  if (ctx.actor.type === 'user' && !roleHas(ctx.actor.role, 'console.use')) throw forbidden();
  const rows = await ctx.db
    .select({ organisation: organisations, service: services })
    .from(organisations)
    .leftJoin(services, and(eq(services.organisationId, organisations.id), isNull(services.retiredAt)))
    .orderBy(asc(organisations.kind), asc(organisations.name), asc(services.position), asc(services.name));
  const byId = new Map<string, DirectoryOrganisation>();
  for (const { organisation, service } of rows) {
    const entry = byId.get(organisation.id) ?? {
      id: organisation.id,
      slug: organisation.slug,
      name: organisation.name,
      kind: organisation.kind,
      services: [],
    };
    byId.set(organisation.id, entry);
    if (service) entry.services.push({ id: service.id, name: service.name, groupName: service.groupName });
  }
  return [...byId.values()];
}
