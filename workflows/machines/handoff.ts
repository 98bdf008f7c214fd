import { assertEvent, assign, type StateValue, setup } from 'xstate';
import { HANDOFF_STATUSES, type HandoffStatus } from '../handoffs/constants';
import { type Actor, isNonBlank, isOneOf } from './shared';

export { HANDOFF_STATUSES, type HandoffStatus };

export interface HandoffContext {
  declineReason: string | null;
}

export type HandoffEvent = Actor &
  (
    | { type: 'ACCEPT' }
    | { type: 'DECLINE'; reason: string }
    /** Raised by the scheduler when the acceptance OLA clock breaches; time itself never enters the machine. */
    | { type: 'OLA_BREACHED' }
  );

export const handoffGuardMessages = {
  hasDeclineReason: 'DECLINE needs a reason',
} as const;

export const handoffPayloadSamples: Record<string, Record<string, unknown>> = {
  DECLINE: { reason: 'sample' },
};

// The reason goes on the outage's timeline, so an escalated handoff needs one as much as a fresh one.
const decline = { target: 'declined', guard: 'hasDeclineReason', actions: 'recordDeclineReason' } as const;

export const handoffMachine = setup({
  types: { context: {} as HandoffContext, events: {} as HandoffEvent },
  guards: {
    hasDeclineReason: ({ event }) => event.type === 'DECLINE' && isNonBlank(event.reason),
  },
  actions: {
    recordDeclineReason: assign({
      declineReason: ({ event }) => {
        assertEvent(event, 'DECLINE');
        return event.reason;
      },
    }),
  },
}).createMachine({
  id: 'handoff',
  initial: 'requested',
  context: { declineReason: null },
  states: {
    requested: { on: { ACCEPT: 'accepted', DECLINE: decline, OLA_BREACHED: 'escalated' } },
    escalated: { on: { ACCEPT: 'accepted', DECLINE: decline } },
    accepted: { type: 'final' },
    declined: { type: 'final' },
  },
});

export function handoffStatus(value: StateValue): HandoffStatus {
  if (!isOneOf(HANDOFF_STATUSES, value)) throw new Error(`unknown handoff state: ${JSON.stringify(value)}`);
  return value;
}
