import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { maintenanceServices, maintenances, organisations, services } from '../../../../db/schema';
import type { MaintenanceState } from '../../../../workflows/status/constants';
import { allowedMaintenanceEvents, type MaintenanceEvent } from '../../../../workflows/status/maintenance';
import { roleHas } from '../../../auth/permissions';
import type { ServiceContext } from '../../kernel/context';
import { forbidden } from '../../kernel/errors';
import { parseInput } from '../../kernel/parse';
import { mayPublishUpdates } from '../internal/publishers';
import { type ListMaintenancesInput, listMaintenancesInput } from '../schemas';

export interface MaintenanceView {
  id: string;
  organisation: { id: string; name: string };
  title: string;
  body: string;
  state: MaintenanceState;
  scheduledFor: Date;
  scheduledUntil: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  version: number;
  services: { id: string; name: string }[];
  /** The steps this viewer may take now (none for those who only read). */
  actions: MaintenanceEvent[];
}

export interface MaintenanceLists {
  inProgress: MaintenanceView[];
  /** Soonest first. */
  upcoming: MaintenanceView[];
  /** Finished (completed or cancelled), latest first. */
  recent: MaintenanceView[];
}

/**
 * maintenance.list (staff): windows in progress, upcoming and recently finished, of one organisation or
 * of all, with their services and the steps the viewer may take.
 */
export async function listMaintenances(
  ctx: ServiceContext,
  rawInput: ListMaintenancesInput = {},
): Promise<MaintenanceLists> {
  if (ctx.actor.type !== 'system' && !(ctx.actor.type === 'user' && roleHas(ctx.actor.role, 'console.use')))
    throw forbidden();
  const input = parseInput(listMaintenancesInput, rawInput);
  const mayAct = mayPublishUpdates(ctx.actor);
  const read = (where: SQL | undefined, order: SQL[], limit?: number) => {
    const query = ctx.db
      .select({ m: maintenances, organisationName: organisations.name })
      .from(maintenances)
      .innerJoin(organisations, eq(organisations.id, maintenances.organisationId))
      .where(
        and(where, input.organisationId ? eq(maintenances.organisationId, input.organisationId) : undefined),
      )
      .orderBy(...order);
    return limit === undefined ? query : query.limit(limit);
  };
  const [inProgress, upcoming, recent] = await Promise.all([
    read(eq(maintenances.state, 'in_progress'), [asc(maintenances.scheduledUntil)]),
    read(eq(maintenances.state, 'scheduled'), [asc(maintenances.scheduledFor)]),
    read(
      inArray(maintenances.state, ['completed', 'cancelled']),
      [desc(maintenances.updatedAt), desc(maintenances.id)],
      input.recent,
    ),
  ]);
  const all = [...inProgress, ...upcoming, ...recent];
  const serviceRows =
    all.length === 0
      ? []
      : await ctx.db
          .select({ maintenanceId: maintenanceServices.maintenanceId, id: services.id, name: services.name })
          .from(maintenanceServices)
          .innerJoin(services, eq(services.id, maintenanceServices.serviceId))
          .where(
            inArray(
              maintenanceServices.maintenanceId,
              all.map((r) => r.m.id),
            ),
          )
          .orderBy(asc(services.position), asc(services.name));
  const view = ({ m, organisationName }: (typeof all)[number]): MaintenanceView => ({
    id: m.id,
    organisation: { id: m.organisationId, name: organisationName },
    title: m.title,
    body: m.body,
    state: m.state,
    scheduledFor: m.scheduledFor,
    scheduledUntil: m.scheduledUntil,
    startedAt: m.startedAt,
    completedAt: m.completedAt,
    version: m.version,
    services: serviceRows.filter((s) => s.maintenanceId === m.id).map(({ id, name }) => ({ id, name })),
    actions: mayAct ? allowedMaintenanceEvents(m.state) : [],
  });
  return { inProgress: inProgress.map(view), upcoming: upcoming.map(view), recent: recent.map(view) };
}
