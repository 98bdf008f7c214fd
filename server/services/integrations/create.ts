import { and, eq, isNull } from 'drizzle-orm';
import { integrations, organisations, services } from '../../../db/schema';
import type { IntegrationKind } from '../../../workflows/integrations/constants';
import { heartbeatDueAt } from '../../../workflows/integrations/heartbeat';
import { recordAudit } from '../kernel/audit-log';
import { assertAdminWrite } from '../kernel/authorize-admin';
import type { ServiceContext } from '../kernel/context';
import { badRequest, forbidden } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { newIntegrationKey } from './internal/keys';
import { type CreateIntegrationInput, createIntegrationInput } from './schemas';

export interface CreatedIntegration {
  id: string;
  name: string;
  kind: IntegrationKind;
  /** The key, this once: it is stored hashed and can never be shown again. */
  key: string;
  keyPrefix: string;
}

/**
 * integrations.create (admins): a monitoring source of one organisation, with a new random key. The
 * default service and every service a routing rule names must be the organisation's own and not retired.
 * The audit entry names the key's prefix, never the key.
 */
export async function createIntegration(
  ctx: ServiceContext,
  rawInput: CreateIntegrationInput,
): Promise<CreatedIntegration> {
  assertAdminWrite(ctx.actor);
  if (ctx.actor.type !== 'user') throw forbidden();
  const actor = ctx.actor;
  const input = parseInput(createIntegrationInput, rawInput);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [organisation] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.id, input.organisationId));
    if (!organisation) throw badRequest('Invalid input', { organisationId: ['No such organisation'] });
    const own = new Set(
      (
        await tx
          .select({ id: services.id })
          .from(services)
          .where(and(eq(services.organisationId, input.organisationId), isNull(services.retiredAt)))
      ).map((s) => s.id),
    );
    if (!own.has(input.defaultServiceId))
      throw badRequest('Invalid input', { defaultServiceId: ["Choose one of the organisation's services"] });
    const fieldErrors: Record<string, string[]> = {};
    input.routingRules.forEach((rule, i) => {
      if (rule.serviceIds?.some((id) => !own.has(id)))
        fieldErrors[`routingRules.${i}.serviceIds`] = ["Only the organisation's own services"];
    });
    if (Object.keys(fieldErrors).length) throw badRequest('Invalid input', fieldErrors);

    const { key, hash, prefix } = newIntegrationKey();
    const [row] = await tx
      .insert(integrations)
      .values({
        organisationId: input.organisationId,
        kind: input.kind,
        name: input.name,
        keyHash: hash,
        keyPrefix: prefix,
        defaultServiceId: input.defaultServiceId,
        routingRules: input.routingRules,
        resolveBehaviour: input.resolveBehaviour,
        reopenWindowMinutes: input.reopenWindowMinutes,
        rateLimitPerMinute: input.rateLimitPerMinute,
        groupingWindowMinutes: input.groupingWindowMinutes,
        groupMaxLifeMinutes: input.groupMaxLifeMinutes,
        flapThreshold: input.flapThreshold,
        flapWindowMinutes: input.flapWindowMinutes,
        // A heartbeat's first ping is due one interval (plus grace) after it was created.
        ...(input.heartbeatIntervalMinutes === undefined
          ? {}
          : {
              heartbeatIntervalMinutes: input.heartbeatIntervalMinutes,
              heartbeatGraceMinutes: input.heartbeatGraceMinutes,
              heartbeatDueAt: heartbeatDueAt(
                {
                  heartbeatIntervalMinutes: input.heartbeatIntervalMinutes,
                  heartbeatGraceMinutes: input.heartbeatGraceMinutes,
                },
                now,
              ),
            }),
        createdById: actor.id,
        createdAt: now,
      })
      .returning({ id: integrations.id });
    const id = row!.id;
    await recordAudit(tx, actor, now, [
      {
        type: 'integration.created',
        subject: `integration:${id}`,
        payload: {
          organisationId: input.organisationId,
          kind: input.kind,
          name: input.name,
          keyPrefix: prefix,
        },
      },
    ]);
    return { id, name: input.name, kind: input.kind, key, keyPrefix: prefix };
  });
}
