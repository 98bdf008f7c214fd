import { eq } from 'drizzle-orm';
import { type Integration, integrations } from '../../../db/schema';
import { heartbeatDueAt } from '../../../workflows/integrations/heartbeat';
import type { ServiceContext } from '../kernel/context';
import { applyAlerts } from './internal/apply';
import { assertIngests, deliver } from './internal/deliver';
import { heartbeatAlert } from './internal/heartbeat-alert';

export interface PingResult {
  /** The ping ended a missed heartbeat (its alert resolved, the ticket recovering). */
  recovered: boolean;
  /** When the next ping is overdue. */
  dueAt: Date;
}

/**
 * A heartbeat monitor's ping (`POST /api/integrations/heartbeat`): the deadline moves to now + interval +
 * grace; if the heartbeat had been reported missing, its alert resolves (the ticket walks on as the
 * integration's resolve behaviour says). The integration row is locked first, so a ping and the
 * scheduler's claim of the same heartbeat run one after the other.
 */
export async function pingHeartbeat(ctx: ServiceContext, integration: Integration): Promise<PingResult> {
  assertIngests(ctx, integration, 'heartbeat');
  let outcome: PingResult | undefined;
  await deliver(
    ctx,
    integration,
    'heartbeat',
    { groupKey: null, alertCount: 0, truncatedAlerts: 0 },
    async (scope) => {
      const [row] = await scope.tx
        .select()
        .from(integrations)
        .where(eq(integrations.id, integration.id))
        .for('update');
      const current = row ?? integration;
      const dueAt = heartbeatDueAt(
        {
          heartbeatIntervalMinutes: current.heartbeatIntervalMinutes ?? 0,
          heartbeatGraceMinutes: current.heartbeatGraceMinutes,
        },
        scope.now,
      );
      const missed = current.heartbeatMissedAt !== null;
      await scope.tx
        .update(integrations)
        .set({ lastPingAt: scope.now, heartbeatDueAt: dueAt, heartbeatMissedAt: null })
        .where(eq(integrations.id, integration.id));
      outcome = { recovered: missed, dueAt };
      return missed
        ? applyAlerts({ ...scope, integration: current }, [heartbeatAlert(current, 'resolved', scope.now)])
        : [];
    },
  );
  return outcome!;
}
