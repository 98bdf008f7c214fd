import { assertEvent, assign, type StateValue, setup } from 'xstate';
import {
  HOLD_REASONS,
  type HoldReason,
  OUTAGE_CAUSES,
  type OutageCause,
  type OutageStatus,
  RESOLUTION_SUMMARY_MAX,
  SECURITY_LINK_STATES,
  type SecurityLinkState,
} from '../tickets/constants';
import { type Actor, isNonBlank, isOneOf } from './shared';

/** Statuses from which HOLD is allowed; they live under the `open` parent so one history node covers them. */
export const OPEN_OUTAGE_STATUSES = [
  'new',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
] as const;
export type OpenOutageStatus = (typeof OPEN_OUTAGE_STATUSES)[number];

export interface OutageContext {
  holdReason: HoldReason | null;
  preserveEvidence: boolean;
}

export type OutageEvent = Actor &
  (
    | { type: 'ACK' }
    | { type: 'INVESTIGATE' }
    | { type: 'IDENTIFY' }
    | { type: 'FIX' }
    | { type: 'RESOLVE'; resolutionSummary: string; causeCategory: OutageCause }
    | { type: 'CLOSE' }
    | { type: 'REOPEN' }
    | { type: 'HOLD'; reason: HoldReason }
    | { type: 'RESUME' }
    | { type: 'REQUEST_HANDOFF' }
    | { type: 'HANDOFF_ACCEPTED' }
    | { type: 'HANDOFF_DECLINED' }
    | { type: 'SOC_CLEARED' }
    | { type: 'SET_PRESERVE_HOLD'; hold: boolean }
  );

export const outageGuardMessages = {
  validHoldReason: 'HOLD needs a reason (vendor, customer or change_window)',
  validResolution: `RESOLVE needs a resolution summary (up to ${RESOLUTION_SUMMARY_MAX} characters) and a cause category`,
  evidenceNotPreserved: 'cannot CLOSE while evidence must be preserved',
  validPreserveFlag: 'SET_PRESERVE_HOLD needs hold (true or false)',
} as const;

/** Representative payloads for `allowedEvents`: the fields a user must supply when the bare event is refused. */
export const outagePayloadSamples: Record<string, Record<string, unknown>> = {
  HOLD: { reason: 'vendor' },
  RESOLVE: { resolutionSummary: 'sample', causeCategory: 'unknown' },
  SET_PRESERVE_HOLD: { hold: true },
};

export const outageMachine = setup({
  types: { context: {} as OutageContext, events: {} as OutageEvent },
  guards: {
    validHoldReason: ({ event }) => event.type === 'HOLD' && isOneOf(HOLD_REASONS, event.reason),
    // What the customer is told happened, and why: the ticket keeps both, the status page shows the summary.
    validResolution: ({ event }) =>
      event.type === 'RESOLVE' &&
      isNonBlank(event.resolutionSummary) &&
      event.resolutionSummary.trim().length <= RESOLUTION_SUMMARY_MAX &&
      isOneOf(OUTAGE_CAUSES, event.causeCategory),
    evidenceNotPreserved: ({ context }) => !context.preserveEvidence,
    validPreserveFlag: ({ event }) => event.type === 'SET_PRESERVE_HOLD' && typeof event.hold === 'boolean',
  },
  actions: {
    recordHoldReason: assign({
      holdReason: ({ event }) => {
        assertEvent(event, 'HOLD');
        return event.reason;
      },
    }),
    clearHoldReason: assign({ holdReason: null }),
    recordPreserveEvidence: assign({
      preserveEvidence: ({ event }) => {
        assertEvent(event, 'SET_PRESERVE_HOLD');
        return event.hold;
      },
    }),
    // The flag only means something while the SOC is involved; leaving that phase must lift it,
    // or CLOSE would stay refused forever with no state left that accepts SET_PRESERVE_HOLD.
    liftPreserveEvidence: assign({ preserveEvidence: false }),
  },
}).createMachine({
  id: 'outage',
  type: 'parallel',
  context: { holdReason: null, preserveEvidence: false },
  states: {
    lifecycle: {
      initial: 'open',
      states: {
        open: {
          initial: 'new',
          on: { HOLD: { target: 'on_hold', guard: 'validHoldReason', actions: 'recordHoldReason' } },
          states: {
            new: { on: { ACK: 'acknowledged' } },
            acknowledged: { on: { INVESTIGATE: 'investigating' } },
            investigating: { on: { IDENTIFY: 'identified', FIX: 'monitoring' } },
            identified: { on: { FIX: 'monitoring' } },
            monitoring: {
              on: { RESOLVE: { target: '#outage.lifecycle.resolved', guard: 'validResolution' } },
            },
            // Shallow history is persisted as `historyValue` by getPersistedSnapshot, so RESUME survives JSON.
            previous: { type: 'history' },
          },
        },
        on_hold: { on: { RESUME: { target: 'open.previous', actions: 'clearHoldReason' } } },
        resolved: {
          on: {
            CLOSE: { target: 'closed', guard: 'evidenceNotPreserved' },
            REOPEN: 'open.investigating',
          },
        },
        closed: { type: 'final' },
      },
    },
    security: {
      initial: 'none',
      states: {
        none: { on: { REQUEST_HANDOFF: 'handoff_requested' } },
        handoff_requested: {
          on: {
            HANDOFF_ACCEPTED: 'under_soc_investigation',
            HANDOFF_DECLINED: { target: 'none', actions: 'liftPreserveEvidence' },
            SET_PRESERVE_HOLD: { guard: 'validPreserveFlag', actions: 'recordPreserveEvidence' },
          },
        },
        under_soc_investigation: {
          on: {
            SOC_CLEARED: { target: 'cleared', actions: 'liftPreserveEvidence' },
            SET_PRESERVE_HOLD: { guard: 'validPreserveFlag', actions: 'recordPreserveEvidence' },
          },
        },
        cleared: {},
      },
    },
  },
});

function regionValue(value: StateValue, region: 'lifecycle' | 'security'): StateValue | undefined {
  return typeof value === 'object' ? value[region] : undefined;
}

/** `{ lifecycle: { open: 'new' } }` and `{ lifecycle: 'on_hold' }` both flatten to the public status. */
export function outageStatus(value: StateValue): OutageStatus {
  const lifecycle = regionValue(value, 'lifecycle');
  const leaf = typeof lifecycle === 'object' ? lifecycle.open : lifecycle;
  if (typeof leaf !== 'string')
    throw new Error(`outage snapshot has no lifecycle state: ${JSON.stringify(value)}`);
  return leaf as OutageStatus;
}

export function outageSecurityLink(value: StateValue): SecurityLinkState {
  const link = regionValue(value, 'security');
  if (!isOneOf(SECURITY_LINK_STATES, link)) {
    throw new Error(`outage snapshot has no security link state: ${JSON.stringify(value)}`);
  }
  return link;
}

/** Builds the v1 state value for a lifecycle status (used by the v0 migration). */
export function outageStateValue(status: OutageStatus, link: SecurityLinkState): StateValue {
  const lifecycle = isOneOf(OPEN_OUTAGE_STATUSES, status) ? { open: status } : status;
  return { lifecycle, security: link };
}
