import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { socOnOutage } from './internal/soc-on-outage';
import { type ClearOutageInput, clearOutageInput } from './schemas';

/** handoffs.clear: the SOC has settled the security question; the outage is the NOC's alone again. */
export function clearOutage(ctx: ServiceContext, rawInput: ClearOutageInput) {
  const input = parseInput(clearOutageInput, rawInput);
  return socOnOutage(ctx, input.outageId, { type: 'SOC_CLEARED' }, () => ({
    type: 'handoff.cleared',
    payload: { note: input.note },
  }));
}
