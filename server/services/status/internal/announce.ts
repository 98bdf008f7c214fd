import { count, eq } from 'drizzle-orm';
import type { Transaction } from '../../../../db/client';
import {
  maintenanceServices,
  organisations,
  statusUpdateComponents,
  statusUpdates,
} from '../../../../db/schema';
import { announceStatusChange, type StatusChangeKind } from '../../subscriptions/internal/announce';
import type { MaintenanceStepTaken } from '../maintenance/internal/step';
import type { PublishedStatusUpdate } from '../publish-update';

// What subscribers hear of the NOC's status-page work, queued in the change's own transaction (the
// outbox): an incident's first update creates it, a `resolved` one resolves it, the rest update it; a
// maintenance window's start and completion (a cancellation is not news for those who never saw it
// start).

async function slugOf(tx: Transaction, organisationId: string): Promise<string> {
  const [row] = await tx
    .select({ slug: organisations.slug })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row!.slug;
}

/** After a public update is written (same transaction): tells the incident's services' subscribers. */
export async function announceStatusUpdate(tx: Transaction, update: PublishedStatusUpdate): Promise<number> {
  // This update is already written: one row means it is the incident's first.
  const [written] = await tx
    .select({ n: count() })
    .from(statusUpdates)
    .where(eq(statusUpdates.ticketId, update.ticketId));
  const kind: StatusChangeKind =
    update.status === 'resolved'
      ? 'incident.resolved'
      : Number(written?.n ?? 0) <= 1
        ? 'incident.created'
        : 'incident.updated';
  // Every service the incident has named so far: a `resolved` update lists none, but concerns them all.
  const named = await tx
    .selectDistinct({ serviceId: statusUpdateComponents.serviceId })
    .from(statusUpdateComponents)
    .innerJoin(statusUpdates, eq(statusUpdates.id, statusUpdateComponents.updateId))
    .where(eq(statusUpdates.ticketId, update.ticketId));
  const slug = await slugOf(tx, update.organisationId);
  return announceStatusChange(tx, {
    organisationId: update.organisationId,
    serviceIds: named.map((n) => n.serviceId),
    eventKey: `update:${update.updateId}`,
    kind,
    title: update.title,
    body: update.body,
    url: `/status/${slug}/incidents/${update.ticketId}`,
    at: update.publishedAt,
  });
}

/** After a maintenance step is taken (same transaction): its start and its completion are announced. */
export async function announceMaintenanceStep(tx: Transaction, step: MaintenanceStepTaken): Promise<number> {
  if (step.event !== 'START' && step.event !== 'COMPLETE') return 0;
  const kind: StatusChangeKind = step.event === 'START' ? 'maintenance.started' : 'maintenance.completed';
  const affected = await tx
    .select({ serviceId: maintenanceServices.serviceId })
    .from(maintenanceServices)
    .where(eq(maintenanceServices.maintenanceId, step.maintenanceId));
  const slug = await slugOf(tx, step.organisationId);
  return announceStatusChange(tx, {
    organisationId: step.organisationId,
    serviceIds: affected.map((a) => a.serviceId),
    eventKey: `maintenance:${step.maintenanceId}:${step.event === 'START' ? 'started' : 'completed'}`,
    kind,
    title: step.title,
    body: step.body,
    url: `/status/${slug}`,
    at: step.at,
  });
}
