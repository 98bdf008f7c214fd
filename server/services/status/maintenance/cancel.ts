import type { ServiceContext } from '../../kernel/context';
import type { MaintenanceTransitionInput } from '../schemas';
import { transitionMaintenance } from './internal/transition';

/**
 * maintenance.cancel: a scheduled window will not happen. A window already in progress cannot be
 * cancelled (its time happened): it is completed.
 */
export function cancelMaintenance(ctx: ServiceContext, input: MaintenanceTransitionInput) {
  return transitionMaintenance(ctx, input, 'CANCEL');
}
