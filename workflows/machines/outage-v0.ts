import { HOLD_REASONS, OUTAGE_STATUSES } from '../tickets/constants';
import { OPEN_OUTAGE_STATUSES, outageMachine, outageStateValue } from './outage';
import { isRecord, persistSnapshot } from './registry';
import { isOneOf } from './shared';

/**
 * Version 0 predates the SOC link: a flat machine persisted as `{ value: 'investigating', context }`,
 * and a held outage remembered where it came from in `context.heldFrom` rather than in a history node.
 */
export interface OutageSnapshotV0 {
  value: (typeof OUTAGE_STATUSES)[number];
  context: {
    holdReason?: (typeof HOLD_REASONS)[number] | null;
    heldFrom?: (typeof OPEN_OUTAGE_STATUSES)[number];
  };
}

const historyNode = outageMachine.getStateNodeById('outage.lifecycle.open.previous');

export function outageV0ToV1(snapshot: unknown): unknown {
  if (!isRecord(snapshot) || !isOneOf(OUTAGE_STATUSES, snapshot.value) || !isRecord(snapshot.context)) {
    throw new Error('outage v0 snapshot is malformed');
  }
  const { value, context } = snapshot;
  const held = value === 'on_hold';
  // Without heldFrom, RESUME would have nowhere exact to go; refusing beats guessing a state.
  if (held && !isOneOf(OPEN_OUTAGE_STATUSES, context.heldFrom)) {
    throw new Error('outage v0 snapshot is on hold but does not say where it was held from');
  }
  const holdReason = held && isOneOf(HOLD_REASONS, context.holdReason) ? context.holdReason : null;
  const historyValue = held
    ? { [historyNode.id]: [outageMachine.getStateNodeById(`outage.lifecycle.open.${context.heldFrom}`)] }
    : {};
  const v1 = outageMachine.resolveState({
    value: outageStateValue(value, 'none'),
    context: { holdReason, preserveEvidence: false },
    historyValue,
  });
  return persistSnapshot(outageMachine, v1);
}
