import type { ServiceContext } from '../context';
import { parseInput } from '../parse';
import { type ClearOutageInput, clearOutageInput } from './schemas';
import { socOnOutage } from './soc-on-outage';

/** handoffs.clear: the SOC has settled the security question; the outage is the NOC's alone again. */
export function clearOutage(ctx: ServiceContext, rawInput: ClearOutageInput) {
  const input = parseInput(clearOutageInput, rawInput);
  return socOnOutage(ctx, input.outageId, { type: 'SOC_CLEARED' }, () => ({
    type: 'handoff.cleared',
    payload: { note: input.note },
  }));
}
