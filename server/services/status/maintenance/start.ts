import type { ServiceContext } from '../../kernel/context';
import type { MaintenanceTransitionInput } from '../schemas';
import { transitionMaintenance } from './internal/transition';

/** maintenance.start: a scheduled window begins now (early, or late if the work started late). */
export function startMaintenance(ctx: ServiceContext, input: MaintenanceTransitionInput) {
  return transitionMaintenance(ctx, input, 'START');
}
