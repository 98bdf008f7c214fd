import { eq, inArray } from 'drizzle-orm';
import {
  maintenanceServices,
  maintenances,
  maintenanceUpdates,
  organisations,
  services,
} from '../../../../db/schema';
import { DEFAULT_MAINTENANCE_TEXT } from '../../../../workflows/status/maintenance';
import { recordAudit } from '../../kernel/audit-log';
import { actorLabel, type ServiceContext } from '../../kernel/context';
import { badRequest } from '../../kernel/errors';
import { parseInput } from '../../kernel/parse';
import { actorUserId } from '../../reviews/internal/gate';
import { invalidateStatusSnapshot } from '../cache';
import { assertMayRunMaintenance } from '../internal/publishers';
import { type ScheduleMaintenanceInput, scheduleMaintenanceInput } from '../schemas';

/**
 * maintenance.schedule: announces a window of some of one organisation's services. The scheduler starts
 * it at `scheduledFor` and completes it at `scheduledUntil` (sweep-due.ts) unless someone does sooner.
 * The window, its services, its first public update and the audit row are written together.
 */
export async function scheduleMaintenance(
  ctx: ServiceContext,
  rawInput: ScheduleMaintenanceInput,
): Promise<{ id: string; version: number }> {
  assertMayRunMaintenance(ctx.actor);
  const input = parseInput(scheduleMaintenanceInput, rawInput);
  const now = ctx.now();
  if (input.scheduledUntil.getTime() <= now.getTime())
    throw badRequest('The window is already over', { scheduledUntil: ['Choose an end in the future'] });
  const scheduled = await ctx.db.transaction(async (tx) => {
    const [organisation] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.id, input.organisationId));
    if (!organisation) throw badRequest('Unknown customer', { organisationId: ['Choose a customer'] });
    const found = await tx
      .select({ id: services.id, organisationId: services.organisationId, retiredAt: services.retiredAt })
      .from(services)
      .where(inArray(services.id, input.serviceIds));
    const problems: Record<string, string[]> = {};
    input.serviceIds.forEach((id, i) => {
      const service = found.find((s) => s.id === id);
      if (!service || service.organisationId !== organisation.id)
        problems[`serviceIds.${i}`] = ['Not a service of this customer'];
      else if (service.retiredAt) problems[`serviceIds.${i}`] = ['This service is retired'];
    });
    if (Object.keys(problems).length > 0) {
      // The form shows the list's message under the checkboxes.
      throw badRequest('Choose services of this customer', {
        ...problems,
        serviceIds: Object.values(problems).flat().slice(0, 1),
      });
    }
    const body = input.body;
    const [row] = await tx
      .insert(maintenances)
      .values({
        organisationId: organisation.id,
        title: input.title,
        body,
        scheduledFor: input.scheduledFor,
        scheduledUntil: input.scheduledUntil,
        createdById: actorUserId(ctx.actor),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: maintenances.id, version: maintenances.version });
    const id = row!.id;
    await tx.insert(maintenanceServices).values(
      input.serviceIds.map((serviceId) => ({
        maintenanceId: id,
        serviceId,
        organisationId: organisation.id,
      })),
    );
    await tx.insert(maintenanceUpdates).values({
      maintenanceId: id,
      state: 'scheduled',
      body: body === '' ? DEFAULT_MAINTENANCE_TEXT.scheduled : body,
      actorLabel: actorLabel(ctx.actor),
      createdAt: now,
    });
    await recordAudit(tx, ctx.actor, now, [
      {
        type: 'maintenance.scheduled',
        subject: `maintenance:${id}`,
        payload: {
          organisationId: organisation.id,
          title: input.title,
          body,
          scheduledFor: input.scheduledFor.toISOString(),
          scheduledUntil: input.scheduledUntil.toISOString(),
          serviceIds: input.serviceIds,
        },
      },
    ]);
    return { id, version: row!.version };
  });
  // An upcoming window shows on the page from the next request (this process; others within the TTL).
  invalidateStatusSnapshot();
  return scheduled;
}
