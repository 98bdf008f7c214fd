import { eq } from 'drizzle-orm';
import { maintenances } from '../../../../../db/schema';
import type { MaintenanceEvent } from '../../../../../workflows/status/maintenance';
import type { ServiceContext } from '../../../kernel/context';
import { conflictOnRace } from '../../../kernel/db-errors';
import { notFound } from '../../../kernel/errors';
import { parseInput } from '../../../kernel/parse';
import { invalidateStatusSnapshot } from '../../cache';
import { assertMayRunMaintenance } from '../../internal/publishers';
import { type MaintenanceTransitionInput, maintenanceTransitionInput } from '../../schemas';
import { type MaintenanceStepTaken, staleMaintenance, takeMaintenanceStep } from './step';

/** A person's step (start now, complete, cancel): authorise, lock, version check, then the step. */
export async function transitionMaintenance(
  ctx: ServiceContext,
  rawInput: MaintenanceTransitionInput,
  event: MaintenanceEvent,
): Promise<MaintenanceStepTaken> {
  assertMayRunMaintenance(ctx.actor);
  const input = parseInput(maintenanceTransitionInput, rawInput);
  const now = ctx.now();
  return ctx.db
    .transaction(async (tx) => {
      const [row] = await tx.select().from(maintenances).where(eq(maintenances.id, input.id)).for('update');
      if (!row) throw notFound('Maintenance');
      if (input.expectedVersion !== undefined && input.expectedVersion !== row.version)
        throw staleMaintenance();
      return takeMaintenanceStep(tx, ctx.actor, row, { event, at: now, now, body: input.body });
    })
    .then((step) => {
      // Committed: this process's cached status pages show it from the next request.
      invalidateStatusSnapshot();
      return step;
    })
    .catch(conflictOnRace);
}
