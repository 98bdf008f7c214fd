import { and, eq } from 'drizzle-orm';
import type { Transaction } from '../../../../../db/client';
import { maintenances, maintenanceUpdates } from '../../../../../db/schema';
import type { MaintenanceState } from '../../../../../workflows/status/constants';
import {
  DEFAULT_MAINTENANCE_TEXT,
  type MaintenanceEvent,
  nextMaintenanceState,
  stampsOf,
} from '../../../../../workflows/status/maintenance';
import { recordAudit } from '../../../kernel/audit-log';
import { type Actor, actorLabel } from '../../../kernel/context';
import { ServiceError } from '../../../kernel/errors';
import { enqueueMaintenanceWebhook } from '../../../webhooks/internal/enqueue-maintenance';
import { announceMaintenanceStep } from '../../internal/announce';

export type MaintenanceRow = typeof maintenances.$inferSelect;

/** A maintenance as it stands after a step: what subscribers' announcements are made of. */
export interface MaintenanceStepTaken {
  maintenanceId: string;
  organisationId: string;
  title: string;
  event: MaintenanceEvent;
  from: MaintenanceState;
  to: MaintenanceState;
  /** The public text of the step (maintenance_updates.body). */
  body: string;
  /** When the step happened (started_at / completed_at for START / COMPLETE). */
  at: Date;
  version: number;
}

export const AUDIT_TYPE: Record<MaintenanceEvent, string> = {
  START: 'maintenance.started',
  COMPLETE: 'maintenance.completed',
  CANCEL: 'maintenance.cancelled',
};

export const staleMaintenance = () =>
  new ServiceError('CONFLICT', 'The maintenance changed since you loaded it; reload and try again');

/**
 * One lifecycle step of a locked maintenance row, in the caller's transaction: the row (state, stamps,
 * version), its public update (maintenance_updates) and the audit row, together. `at` is when the step
 * happened, `now` when it is recorded (they differ for the scheduler, which stamps the announced times).
 */
export async function takeMaintenanceStep(
  tx: Transaction,
  actor: Actor,
  row: MaintenanceRow,
  step: { event: MaintenanceEvent; at: Date; now: Date; body: string },
): Promise<MaintenanceStepTaken> {
  const to = nextMaintenanceState(row.state, step.event);
  if (!to) {
    throw new ServiceError(
      'PRECONDITION_FAILED',
      `The maintenance is ${row.state.replaceAll('_', ' ')}: it cannot be ${AUDIT_TYPE[step.event].split('.')[1]}`,
    );
  }
  const body = step.body.trim() === '' ? DEFAULT_MAINTENANCE_TEXT[to] : step.body;
  const version = row.version + 1;
  const changed = await tx
    .update(maintenances)
    .set({ state: to, ...stampsOf(step.event, step.at), version, updatedAt: step.now })
    .where(and(eq(maintenances.id, row.id), eq(maintenances.version, row.version)))
    .returning({ id: maintenances.id });
  // Unreachable while the row is locked, kept so correctness never rests on the lock alone.
  if (changed.length !== 1) throw staleMaintenance();
  await tx.insert(maintenanceUpdates).values({
    maintenanceId: row.id,
    state: to,
    body,
    actorLabel: actorLabel(actor),
    createdAt: step.now,
  });
  await recordAudit(tx, actor, step.now, [
    {
      type: AUDIT_TYPE[step.event],
      subject: `maintenance:${row.id}`,
      payload: { organisationId: row.organisationId, from: row.state, to, at: step.at.toISOString(), body },
    },
  ]);
  const taken: MaintenanceStepTaken = {
    maintenanceId: row.id,
    organisationId: row.organisationId,
    title: row.title,
    event: step.event,
    from: row.state,
    to,
    body,
    at: step.at,
    version,
  };
  // Subscribers hear of a start or a completion from this transaction's outbox rows.
  await announceMaintenanceStep(tx, taken);
  // … and the organisation's webhook endpoints from its webhook outbox (status_page.updated).
  await enqueueMaintenanceWebhook(tx, {
    ...taken,
    now: step.now,
    scheduledFor: row.scheduledFor,
    scheduledUntil: row.scheduledUntil,
  });
  return taken;
}
