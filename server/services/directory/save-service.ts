import { and, eq, max, ne } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { organisations, services } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { conflictOnRace } from '../kernel/db-errors';
import { badRequest, notFound, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertCustomerAdmin } from './internal/authorize';
import { changesOf } from './internal/changes';
import { type ServiceInput, serviceInput } from './schemas';

const SLUG_TAKEN = 'Another service of this organisation already has this slug';

/**
 * directory.saveService (admins): adds a service (a status-page component) to an organisation, at the end
 * of its list, or edits one. A service never moves to another organisation: its tickets and availability
 * history belong to the one it was created in. Audited with what changed.
 */
export async function saveService(ctx: ServiceContext, rawInput: ServiceInput): Promise<{ id: string }> {
  const actor = ctx.actor;
  assertCustomerAdmin(actor);
  const input = parseInput(serviceInput, rawInput);
  const values = {
    name: input.name,
    slug: input.slug,
    description: input.description,
    groupName: input.groupName,
    availabilityCommitment: input.availabilityCommitment,
  };
  try {
    return await ctx.db.transaction(async (tx) => {
      const [organisation] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.id, input.organisationId));
      if (!organisation) throw badRequest('Invalid input', { organisationId: ['No such organisation'] });
      await assertSlugFree(tx, input.organisationId, input.slug, input.id);
      if (input.id) {
        const id = input.id;
        const [before] = await tx.select().from(services).where(eq(services.id, id)).for('update');
        if (!before || before.organisationId !== input.organisationId) throw notFound('Service');
        const changes = changesOf(before, values);
        if (!Object.keys(changes).length) return { id };
        await tx.update(services).set(values).where(eq(services.id, id));
        await recordAudit(tx, actor, ctx.now(), [
          { type: 'service.updated', subject: `service:${id}`, payload: { slug: input.slug, changes } },
        ]);
        return { id };
      }
      const [last] = await tx
        .select({ position: max(services.position) })
        .from(services)
        .where(eq(services.organisationId, input.organisationId));
      const [row] = await tx
        .insert(services)
        .values({
          ...values,
          organisationId: input.organisationId,
          position: (last?.position ?? -1) + 1,
          createdAt: ctx.now(),
        })
        .returning({ id: services.id });
      const id = row!.id;
      await recordAudit(tx, actor, ctx.now(), [
        {
          type: 'service.created',
          subject: `service:${id}`,
          payload: { organisationId: input.organisationId, ...values },
        },
      ]);
      return { id };
    });
  } catch (error) {
    return conflictOnRace(error);
  }
}

/** CONFLICT on the slug field when a sibling has it (services_org_slug_unique decides races). */
async function assertSlugFree(tx: Executor, organisationId: string, slug: string, id: string | undefined) {
  const sameSlug = and(eq(services.organisationId, organisationId), eq(services.slug, slug));
  const [taken] = await tx
    .select({ id: services.id })
    .from(services)
    .where(id ? and(sameSlug, ne(services.id, id)) : sameSlug);
  if (taken) throw new ServiceError('CONFLICT', SLUG_TAKEN, { slug: [SLUG_TAKEN] });
}
