import { randomUUID } from 'node:crypto';
import { and, arrayContains, asc, eq } from 'drizzle-orm';
import type { Transaction } from '../../../../db/client';
import { maintenanceServices, services, webhookDeliveries, webhookEndpoints } from '../../../../db/schema';
import type { MaintenanceState } from '../../../../workflows/status/constants';
import type { MaintenanceEvent } from '../../../../workflows/status/maintenance';
import type { WebhookEventType } from '../../../../workflows/webhooks/constants';

const EVENT_TYPE: WebhookEventType = 'status_page.updated';

/** A maintenance window's step as the outbox needs it (status/maintenance/internal/step.ts's MaintenanceStepTaken). */
export interface MaintenanceWebhookStep {
  maintenanceId: string;
  organisationId: string;
  title: string;
  event: MaintenanceEvent;
  to: MaintenanceState;
  /** The step's public text (what the status page shows for it). */
  body: string;
  /** When the step happened (the message's timestamp) … */
  at: Date;
  /** … and when it is recorded (the scheduler stamps announced instants late). */
  now: Date;
  scheduledFor: Date;
  scheduledUntil: Date;
}

/**
 * A maintenance window starting or ending, as a `status_page.updated` message to its organisation's enabled
 * endpoints that asked for that event, queued in the step's own transaction (the outbox the scheduler's
 * webhook lane delivers, signs and retries): a rolled-back step sends nothing, and since the step is a state
 * change under the row's lock and version, each start and each end is queued once. Ticket events reach the
 * outbox by a trigger on the audit log; a maintenance is no ticket, so it is queued here. The message holds
 * only what the public status page shows of the window (title, state, times, public text, the organisation's
 * own services). A cancellation is neither a start nor an end (the window never ran): nothing is sent.
 * Returns how many messages were queued.
 */
export async function enqueueMaintenanceWebhook(
  tx: Transaction,
  step: MaintenanceWebhookStep,
): Promise<number> {
  if (step.event !== 'START' && step.event !== 'COMPLETE') return 0;
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.organisationId, step.organisationId),
        eq(webhookEndpoints.enabled, true),
        arrayContains(webhookEndpoints.eventTypes, [EVENT_TYPE]),
      ),
    );
  if (endpoints.length === 0) return 0;
  const affected = await tx
    .select({ id: services.id, name: services.name })
    .from(maintenanceServices)
    .innerJoin(services, eq(services.id, maintenanceServices.serviceId))
    .where(
      and(
        eq(maintenanceServices.maintenanceId, step.maintenanceId),
        eq(services.organisationId, step.organisationId),
      ),
    )
    .orderBy(asc(services.name));
  const payload = {
    type: EVENT_TYPE,
    timestamp: step.at.toISOString(),
    data: {
      maintenance: {
        id: step.maintenanceId,
        title: step.title,
        state: step.to,
        scheduledFor: step.scheduledFor.toISOString(),
        scheduledUntil: step.scheduledUntil.toISOString(),
        services: affected,
      },
      change: { maintenance: step.event === 'START' ? 'started' : 'completed', body: step.body },
    },
  };
  await tx.insert(webhookDeliveries).values(
    endpoints.map((e) => ({
      endpointId: e.id,
      messageId: `msg_${randomUUID().replaceAll('-', '')}`,
      eventType: EVENT_TYPE,
      payload,
      nextAttemptAt: step.now,
      createdAt: step.now,
    })),
  );
  return endpoints.length;
}
