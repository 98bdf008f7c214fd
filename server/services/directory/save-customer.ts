import { and, desc, eq, ne } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { creditTiers, organisations, slaPolicies } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { conflictOnRace } from '../kernel/db-errors';
import { badRequest, notFound, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertCustomerAdmin } from './internal/authorize';
import { changesOf } from './internal/changes';
import { type CustomerInput, customerInput } from './schemas';

const SLUG_TAKEN = 'Another organisation already has this slug';

/**
 * directory.saveCustomer (admins): creates a customer organisation, or edits an organisation's name, slug,
 * time zone and contract (the operator's too; its kind never changes): SLA policy, availability
 * commitment, impact weights and service-credit table. Audited with what changed. A new SLA policy applies
 * to tickets opened from now on; running clocks keep the targets they started with. New weights and tiers
 * apply to months not yet closed: a closed month's report is frozen.
 */
export async function saveCustomer(ctx: ServiceContext, rawInput: CustomerInput): Promise<{ id: string }> {
  const actor = ctx.actor;
  assertCustomerAdmin(actor);
  const input = parseInput(customerInput, rawInput);
  const values = {
    name: input.name,
    slug: input.slug,
    timeZone: input.timeZone,
    slaPolicyId: input.slaPolicyId,
    availabilityCommitment: input.availabilityCommitment,
    statusPagePublic: input.statusPagePublic,
    // Left out when absent, so that an edit without them keeps what is stored.
    ...(input.weightMajor === undefined ? {} : { weightMajor: input.weightMajor }),
    ...(input.weightPartial === undefined ? {} : { weightPartial: input.weightPartial }),
    ...(input.weightDegraded === undefined ? {} : { weightDegraded: input.weightDegraded }),
  };
  const tiers = input.creditTiers;
  try {
    return await ctx.db.transaction(async (tx) => {
      await assertPolicyExists(tx, input.slaPolicyId);
      await assertSlugFree(tx, input.slug, input.id);
      if (input.id) {
        const id = input.id;
        const [before] = await tx.select().from(organisations).where(eq(organisations.id, id)).for('update');
        if (!before) throw notFound('Organisation');
        const changes: Record<string, { from: unknown; to: unknown }> = changesOf(before, values);
        if (tiers) {
          const stored = await tiersOf(tx, id);
          if (JSON.stringify(stored) !== JSON.stringify(tiers)) {
            changes.creditTiers = { from: stored, to: tiers };
            await replaceTiers(tx, id, tiers);
          }
        }
        if (!Object.keys(changes).length) return { id };
        await tx.update(organisations).set(values).where(eq(organisations.id, id));
        await recordAudit(tx, actor, ctx.now(), [
          {
            type: 'organisation.updated',
            subject: `organisation:${id}`,
            payload: { slug: input.slug, changes },
          },
        ]);
        return { id };
      }
      const [row] = await tx
        .insert(organisations)
        .values({ ...values, kind: 'customer', createdAt: ctx.now() })
        .returning({ id: organisations.id });
      const id = row!.id;
      if (tiers?.length) await replaceTiers(tx, id, tiers);
      await recordAudit(tx, actor, ctx.now(), [
        {
          type: 'organisation.created',
          subject: `organisation:${id}`,
          payload: { kind: 'customer', ...values, creditTiers: tiers ?? [] },
        },
      ]);
      return { id };
    });
  } catch (error) {
    return conflictOnRace(error);
  }
}

async function assertPolicyExists(tx: Executor, policyId: string | null): Promise<void> {
  if (!policyId) return;
  const [policy] = await tx
    .select({ id: slaPolicies.id })
    .from(slaPolicies)
    .where(eq(slaPolicies.id, policyId));
  if (!policy) throw badRequest('Invalid input', { slaPolicyId: ['No such SLA policy'] });
}

/** CONFLICT on the slug field when another organisation has it (the UNIQUE constraint decides races). */
async function assertSlugFree(tx: Executor, slug: string, id: string | undefined): Promise<void> {
  const [taken] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(id ? and(eq(organisations.slug, slug), ne(organisations.id, id)) : eq(organisations.slug, slug));
  if (taken) throw new ServiceError('CONFLICT', SLUG_TAKEN, { slug: [SLUG_TAKEN] });
}

type Tier = { belowPercent: number; creditPercent: number };

/** The stored credit table, highest threshold first (the order the schema gives a new one). */
function tiersOf(tx: Executor, organisationId: string): Promise<Tier[]> {
  return tx
    .select({ belowPercent: creditTiers.belowPercent, creditPercent: creditTiers.creditPercent })
    .from(creditTiers)
    .where(eq(creditTiers.organisationId, organisationId))
    .orderBy(desc(creditTiers.belowPercent));
}

async function replaceTiers(tx: Executor, organisationId: string, tiers: readonly Tier[]): Promise<void> {
  await tx.delete(creditTiers).where(eq(creditTiers.organisationId, organisationId));
  if (tiers.length) await tx.insert(creditTiers).values(tiers.map((t) => ({ ...t, organisationId })));
}
