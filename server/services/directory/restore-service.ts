import type { ServiceContext } from '../kernel/context';
import { setServiceRetired } from './internal/retirement';
import type { ServiceRefInput } from './schemas';

/**
 * directory.restoreService (admins): a retired service back on the status page and in the pickers (its
 * history never left). Restoring a service in use changes nothing.
 */
export function restoreService(ctx: ServiceContext, input: ServiceRefInput): Promise<{ changed: boolean }> {
  return setServiceRetired(ctx, input, false);
}
