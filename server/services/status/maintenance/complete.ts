import type { ServiceContext } from '../../kernel/context';
import type { MaintenanceTransitionInput } from '../schemas';
import { transitionMaintenance } from './internal/transition';

/** maintenance.complete: the work in progress is done, now (the scheduler completes the rest on time). */
export function completeMaintenance(ctx: ServiceContext, input: MaintenanceTransitionInput) {
  return transitionMaintenance(ctx, input, 'COMPLETE');
}
