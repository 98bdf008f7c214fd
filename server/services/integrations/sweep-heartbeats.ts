import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { integrationDeliveries, integrations } from '../../../db/schema';
import { integrationActor } from './authenticate';
import { countOutcomes } from './internal/alerts';
import { applyAlerts } from './internal/apply';
import { heartbeatAlert } from './internal/heartbeat-alert';

export interface HeartbeatSweep {
  /** Heartbeats found overdue and reported missing (an outage opened, attached or reopened). */
  missed: number;
}

/**
 * The scheduler's heartbeat lane, one batch in one transaction: claims live heartbeat monitors whose ping
 * is overdue and not yet reported (`heartbeat_due_at <= now`, a partial index), locking them with SKIP
 * LOCKED so concurrent workers take disjoint batches and never wait on a ping; each fires its missed
 * heartbeat alert as the integration itself, through the alert path, and is marked missing, so it is
 * reported once until a ping resets it. Time is the caller's (`now`).
 */
export async function sweepMissedHeartbeats(
  db: Database,
  now: Date,
  batchSize = 100,
): Promise<HeartbeatSweep> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(integrations)
      .where(
        and(
          eq(integrations.kind, 'heartbeat'),
          isNull(integrations.revokedAt),
          isNull(integrations.heartbeatMissedAt),
          lte(integrations.heartbeatDueAt, now),
        ),
      )
      .orderBy(asc(integrations.heartbeatDueAt))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    for (const integration of due) {
      const lastHeard = integration.lastPingAt ?? integration.createdAt;
      const scope = {
        tx,
        integration,
        actor: integrationActor(integration),
        now,
        source: 'heartbeat' as const,
      };
      const results = await applyAlerts(scope, [heartbeatAlert(integration, 'firing', lastHeard)]);
      await tx
        .update(integrations)
        .set({ heartbeatMissedAt: now })
        .where(eq(integrations.id, integration.id));
      await tx.insert(integrationDeliveries).values({
        integrationId: integration.id,
        receivedAt: now,
        groupKey: 'heartbeat',
        alertCount: 1,
        truncatedAlerts: 0,
        outcome: countOutcomes(results),
      });
    }
    return { missed: due.length };
  });
}

/** When the next heartbeat falls overdue (the scheduler sleeps no longer than that), or null. */
export async function nextHeartbeatDue(db: Database): Promise<Date | null> {
  const [row] = await db
    .select({ at: integrations.heartbeatDueAt })
    .from(integrations)
    .where(
      and(
        eq(integrations.kind, 'heartbeat'),
        isNull(integrations.revokedAt),
        isNull(integrations.heartbeatMissedAt),
      ),
    )
    .orderBy(asc(integrations.heartbeatDueAt))
    .limit(1);
  return row?.at ?? null;
}
