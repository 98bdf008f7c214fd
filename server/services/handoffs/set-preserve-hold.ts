import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { socOnOutage } from './internal/soc-on-outage';
import { type SetPreserveHoldInput, setPreserveHoldInput } from './schemas';

/**
 * handoffs.setPreserveHold: while set, the NOC cannot CLOSE the outage and the UI warns before
 * destructive remediation (reboots, reimaging and failovers destroy evidence).
 */
export function setPreserveHold(ctx: ServiceContext, rawInput: SetPreserveHoldInput) {
  const input = parseInput(setPreserveHoldInput, rawInput);
  return socOnOutage(ctx, input.outageId, { type: 'SET_PRESERVE_HOLD', hold: input.hold }, () => ({
    type: input.hold ? 'handoff.preserve_hold_set' : 'handoff.preserve_hold_lifted',
    payload: { reason: input.reason },
  }));
}
