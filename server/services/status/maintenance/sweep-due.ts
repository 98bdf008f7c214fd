import { and, asc, eq, inArray, lte, min, or, sql } from 'drizzle-orm';
import type { Database } from '../../../../db/client';
import { maintenances } from '../../../../db/schema';
import { dueMaintenanceSteps } from '../../../../workflows/status/maintenance';
import { SCHEDULER_ACTOR } from '../../sla/sweep-clocks';
import { invalidateStatusSnapshot } from '../cache';
import { type MaintenanceStepTaken, takeMaintenanceStep } from './internal/step';

const LIVE = ['scheduled', 'in_progress'] as const;

/** Windows with a step due at `now`: scheduled ones whose start came, in-progress ones whose end came. */
const dueAt = (now: Date) =>
  and(
    inArray(maintenances.state, LIVE),
    // Implied by both (a window ends after it starts), and what the partial index maintenances_due_idx has.
    lte(maintenances.scheduledFor, now),
    or(eq(maintenances.state, 'scheduled'), lte(maintenances.scheduledUntil, now)),
  );

/**
 * The scheduler's maintenance work (DESIGN §2.6): starts scheduled windows whose start has come and
 * completes those in progress whose end has, as the `scheduler`, stamping the announced instants
 * (workflows/status/maintenance.ts). One transaction per batch; rows are locked SKIP LOCKED, so
 * concurrent workers take disjoint windows and a window someone is changing by hand is left for the next
 * round. Returns the steps taken, in order (a window slept through is started and completed).
 */
export async function sweepDueMaintenances(
  db: Database,
  now: Date,
  batchSize = 100,
): Promise<{ maintenances: number; started: number; completed: number; steps: MaintenanceStepTaken[] }> {
  const steps = await db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(maintenances)
      .where(dueAt(now))
      .orderBy(asc(maintenances.scheduledFor))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    const taken: MaintenanceStepTaken[] = [];
    for (let row of due) {
      for (const step of dueMaintenanceSteps(row, now)) {
        const done = await takeMaintenanceStep(tx, SCHEDULER_ACTOR, row, { ...step, now, body: '' });
        taken.push(done);
        row = {
          ...row,
          state: done.to,
          version: done.version,
          ...(step.event === 'START' ? { startedAt: step.at } : { completedAt: step.at }),
        };
      }
    }
    return { taken, count: due.length };
  });
  if (steps.taken.length > 0) invalidateStatusSnapshot();
  return {
    maintenances: steps.count,
    started: steps.taken.filter((s) => s.event === 'START').length,
    completed: steps.taken.filter((s) => s.event === 'COMPLETE').length,
    steps: steps.taken,
  };
}

/** The next instant a maintenance step falls due (the scheduler sleeps no longer), or null for none. */
export async function nextMaintenanceDue(db: Database): Promise<Date | null> {
  const [next] = await db
    .select({
      next: min(
        sql<Date>`case when ${maintenances.state} = 'scheduled' then ${maintenances.scheduledFor} else ${maintenances.scheduledUntil} end`,
      ),
    })
    .from(maintenances)
    .where(inArray(maintenances.state, LIVE));
  return next?.next ? new Date(next.next) : null;
}
