import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  integrationAlerts,
  integrationDeliveries,
  integrations,
  organisations,
  services,
} from '../../../db/schema';
import type { IntegrationKind, ResolveBehaviour } from '../../../workflows/integrations/constants';
import type { RoutingRule } from '../../../workflows/integrations/routing';
import { assertAdminRead } from '../kernel/authorize-admin';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { type ListIntegrationsInput, listIntegrationsInput } from './schemas';

export interface IntegrationView {
  id: string;
  organisation: { id: string; name: string };
  kind: IntegrationKind;
  name: string;
  /** The key's first characters (never the key, which only its creator saw once). */
  keyPrefix: string;
  defaultService: { id: string; name: string };
  routingRules: RoutingRule[];
  resolveBehaviour: ResolveBehaviour;
  reopenWindowMinutes: number;
  rateLimitPerMinute: number;
  groupingWindowMinutes: number;
  groupMaxLifeMinutes: number;
  flapThreshold: number;
  flapWindowMinutes: number;
  /** Heartbeat monitors: the interval, and since when pings are missing (null while they come). */
  heartbeat: { intervalMinutes: number; graceMinutes: number; missedAt: Date | null } | null;
  createdAt: Date;
  revokedAt: Date | null;
  /** Alerts still open (firing or suppressed). */
  liveAlerts: number;
  /** The latest accepted delivery, with how many alerts Alertmanager said it left out of it. */
  lastDelivery: { at: Date; truncatedAlerts: number } | null;
}

/** integrations.list (admins; managers read): active first, then revoked, newest first. */
export async function listIntegrations(
  ctx: ServiceContext,
  rawInput: ListIntegrationsInput = {},
): Promise<IntegrationView[]> {
  assertAdminRead(ctx.actor);
  const input = parseInput(listIntegrationsInput, rawInput);
  const live = sql<number>`(select count(*)::int from ${integrationAlerts} a
    where a.integration_id = ${integrations.id} and a.closed_at is null)`;
  const last = sql<{
    at: string;
    truncatedAlerts: number;
  } | null>`(select json_build_object('at', d.received_at,
    'truncatedAlerts', d.truncated_alerts) from ${integrationDeliveries} d
    where d.integration_id = ${integrations.id} order by d.received_at desc limit 1)`;
  const rows = await ctx.db
    .select({
      i: integrations,
      organisationName: organisations.name,
      serviceName: services.name,
      liveAlerts: live,
      lastDelivery: last,
    })
    .from(integrations)
    .innerJoin(organisations, eq(organisations.id, integrations.organisationId))
    .innerJoin(services, eq(services.id, integrations.defaultServiceId))
    .where(and(input.organisationId ? eq(integrations.organisationId, input.organisationId) : undefined))
    .orderBy(
      asc(sql`${integrations.revokedAt} is not null`),
      desc(integrations.createdAt),
      asc(integrations.id),
    );
  return rows.map(({ i, organisationName, serviceName, liveAlerts, lastDelivery }) => ({
    id: i.id,
    organisation: { id: i.organisationId, name: organisationName },
    kind: i.kind,
    name: i.name,
    keyPrefix: i.keyPrefix,
    defaultService: { id: i.defaultServiceId, name: serviceName },
    routingRules: i.routingRules as RoutingRule[],
    resolveBehaviour: i.resolveBehaviour,
    reopenWindowMinutes: i.reopenWindowMinutes,
    rateLimitPerMinute: i.rateLimitPerMinute,
    groupingWindowMinutes: i.groupingWindowMinutes,
    groupMaxLifeMinutes: i.groupMaxLifeMinutes,
    flapThreshold: i.flapThreshold,
    flapWindowMinutes: i.flapWindowMinutes,
    heartbeat:
      i.heartbeatIntervalMinutes === null
        ? null
        : {
            intervalMinutes: i.heartbeatIntervalMinutes,
            graceMinutes: i.heartbeatGraceMinutes,
            missedAt: i.heartbeatMissedAt,
          },
    createdAt: i.createdAt,
    revokedAt: i.revokedAt,
    liveAlerts: Number(liveAlerts),
    lastDelivery: lastDelivery
      ? { at: new Date(lastDelivery.at), truncatedAlerts: Number(lastDelivery.truncatedAlerts) }
      : null,
  }));
}
