import type { ServiceContext } from '../kernel/context';
import { setServiceRetired } from './internal/retirement';
import type { ServiceRefInput } from './schemas';

/**
 * directory.retireService (admins): the service leaves the status page and the pickers, and new tickets
 * can no longer name it; the tickets and history that name it keep it. Retiring twice changes nothing.
 */
export function retireService(ctx: ServiceContext, input: ServiceRefInput): Promise<{ changed: boolean }> {
  return setServiceRetired(ctx, input, true);
}
