import { asc, count, desc, eq } from 'drizzle-orm';
import { creditTiers, organisations, services, slaPolicies, users } from '../../../db/schema';
import type { OrganisationKind } from '../../../workflows/organisations/constants';
import type { ServiceContext } from '../kernel/context';
import { assertCustomerReader } from './internal/authorize';

export interface AdminService {
  id: string;
  slug: string;
  name: string;
  description: string;
  groupName: string | null;
  availabilityCommitment: number;
  retiredAt: Date | null;
}

export interface CustomerAccount {
  id: string;
  slug: string;
  name: string;
  kind: OrganisationKind;
  timeZone: string;
  availabilityCommitment: number;
  statusPagePublic: boolean;
  /** Share of the time in each status that counts as downtime. */
  weightMajor: number;
  weightPartial: number;
  weightDegraded: number;
  /** The service-credit table, highest threshold first. */
  creditTiers: { belowPercent: number; creditPercent: number }[];
  slaPolicy: { id: string; name: string } | null;
  /** Accounts of the organisation, active or not. */
  userCount: number;
  /** Every service, retired ones too (marked), in status-page order. */
  services: AdminService[];
}

/**
 * directory.customers (admins and managers): each organisation (the operator first, with the shared infrastructure it
 * runs, then the customers by name) with its contract, its services and how many accounts it has.
 */
export async function listCustomerAccounts(ctx: ServiceContext): Promise<CustomerAccount[]> {
  assertCustomerReader(ctx.actor);
  const [orgRows, serviceRows, userCounts, tierRows] = await Promise.all([
    ctx.db
      .select({
        id: organisations.id,
        slug: organisations.slug,
        name: organisations.name,
        kind: organisations.kind,
        timeZone: organisations.timeZone,
        availabilityCommitment: organisations.availabilityCommitment,
        statusPagePublic: organisations.statusPagePublic,
        weightMajor: organisations.weightMajor,
        weightPartial: organisations.weightPartial,
        weightDegraded: organisations.weightDegraded,
        slaPolicyId: slaPolicies.id,
        slaPolicyName: slaPolicies.name,
      })
      .from(organisations)
      .leftJoin(slaPolicies, eq(slaPolicies.id, organisations.slaPolicyId))
      // 'operator' sorts after 'customer': descending puts it first.
      .orderBy(desc(organisations.kind), asc(organisations.name)),
    ctx.db
      .select({
        id: services.id,
        organisationId: services.organisationId,
        slug: services.slug,
        name: services.name,
        description: services.description,
        groupName: services.groupName,
        availabilityCommitment: services.availabilityCommitment,
        retiredAt: services.retiredAt,
      })
      .from(services)
      .orderBy(asc(services.position), asc(services.name)),
    ctx.db
      .select({ organisationId: users.organisationId, n: count() })
      .from(users)
      .groupBy(users.organisationId),
    ctx.db.select().from(creditTiers).orderBy(desc(creditTiers.belowPercent)),
  ]);
  const usersOf = new Map(userCounts.map((u) => [u.organisationId, Number(u.n)]));
  return orgRows.map(({ slaPolicyId, slaPolicyName, ...org }) => ({
    ...org,
    slaPolicy: slaPolicyId && slaPolicyName ? { id: slaPolicyId, name: slaPolicyName } : null,
    userCount: usersOf.get(org.id) ?? 0,
    creditTiers: tierRows
      .filter((t) => t.organisationId === org.id)
      .map(({ belowPercent, creditPercent }) => ({ belowPercent, creditPercent })),
    services: serviceRows
      .filter((s) => s.organisationId === org.id)
      .map(({ organisationId: _, ...service }) => service),
  }));
}
