import type { Integration } from '../../../../db/schema';
import { integrationDeliveries } from '../../../../db/schema';
import type { IntegrationKind } from '../../../../workflows/integrations/constants';
import type { TicketSource } from '../../../../workflows/tickets/constants';
import type { ServiceContext } from '../../kernel/context';
import { sqlState } from '../../kernel/db-errors';
import { forbidden, ServiceError } from '../../kernel/errors';
import { PendingWrites } from '../../kernel/pending-writes';
import { type AlertResult, countOutcomes } from './alerts';
import type { IngestScope } from './apply';

/** Authorization of an ingestion verb: the integration itself, acting through its own kind of endpoint. */
export function assertIngests(ctx: ServiceContext, integration: Integration, kind: IntegrationKind): void {
  const { actor } = ctx;
  if (actor.type !== 'integration' || actor.id !== integration.id || integration.revokedAt)
    throw new ServiceError('UNAUTHORIZED', 'Unknown or revoked integration key');
  if (integration.kind !== kind) throw forbidden(`This key belongs to an ${integration.kind} integration`);
}

// A lost race (the live-alert unique index, a serialisation failure or deadlock, a ticket changed under
// us) is retried whole: nothing of the losing attempt was committed.
const RETRYABLE = new Set(['23505', '40001', '40P01']);
const ATTEMPTS = 4;

const isRace = (error: unknown) =>
  (error instanceof ServiceError && error.code === 'CONFLICT') ||
  (!(error instanceof ServiceError) && RETRYABLE.has(sqlState(error) ?? ''));

export interface Delivered {
  results: AlertResult[];
  counts: Record<string, number>;
}

/**
 * One delivery in one transaction: the alerts applied, then the delivery's record. Only once this
 * resolves has anything been committed, so the endpoint answers 2xx only then; a retry of the same
 * delivery finds its alerts and repeats nothing.
 */
export async function deliver(
  ctx: ServiceContext,
  integration: Integration,
  source: TicketSource,
  facts: { groupKey: string | null; alertCount: number; truncatedAlerts: number },
  apply: (scope: IngestScope) => Promise<AlertResult[]>,
): Promise<Delivered> {
  for (let attempt = 1; ; attempt++) {
    const now = ctx.now();
    try {
      return await ctx.db.transaction(async (tx) => {
        const pending = new PendingWrites();
        let counts: Record<string, number> | undefined;
        // The delivery's record joins the writes held back (internal/apply.ts records it as soon as the
        // results are known), so it costs no round trip of its own.
        const record = (results: readonly AlertResult[]) => {
          if (counts) return;
          counts = countOutcomes(results);
          pending.add(
            tx
              .insert(integrationDeliveries)
              .values({
                integrationId: integration.id,
                receivedAt: now,
                groupKey: facts.groupKey?.slice(0, 1024) ?? null,
                alertCount: facts.alertCount,
                truncatedAlerts: facts.truncatedAlerts,
                outcome: counts,
              })
              .getSQL(),
          );
        };
        const results = await apply({ tx, integration, actor: ctx.actor, now, source, pending, record });
        record(results);
        await pending.flush(tx);
        return { results, counts: counts! };
      });
    } catch (error) {
      if (attempt < ATTEMPTS && isRace(error)) continue;
      throw error;
    }
  }
}
