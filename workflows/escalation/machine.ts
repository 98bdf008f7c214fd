// One ticket's progress through its escalation policy, as an XState machine (DESIGN.md §1.3, §2.5).
// Pure: the scheduler computes which level is due (progress.ts `dueEscalations`) and raises LEVEL_DUE
// with the instant it became due; the ticket's acknowledgement raises ACKNOWLEDGED.
//
//   active ──LEVEL_DUE(next level)──▶ active            (level + 1; after the last level of a cycle with
//                                                          repeats left: cycle + 1, level 0)
//   active ──LEVEL_DUE(last level, last cycle)──▶ done
//   active ──ACKNOWLEDGED──▶ stopped
//
// Levels fire strictly in order, each exactly once per cycle: LEVEL_DUE must name the next (level, cycle)
// and an instant not before the previous one. The policy is copied into the context at start, so editing
// a policy never changes an escalation already under way (as SLA targets are copied onto clocks).

import { assertEvent, assign, setup } from 'xstate';
import type { EscalationPolicy } from './policy';

export const ESCALATION_MACHINE_ID = 'escalation';
export const ESCALATION_MACHINE_VERSION = 1;

export const ESCALATION_STATES = ['active', 'stopped', 'done'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];

export interface EscalationContext {
  policy: EscalationPolicy;
  /** When the escalation began (the ticket's creation, normally); cycle 0 starts here. */
  startedAt: number;
  /** The next level to fire, 0-based (= levels.length once done). */
  level: number;
  /** The current cycle, 0-based; runs up to policy.repeat. */
  cycle: number;
  cycleStartedAt: number;
  /** Due instant of the last fired level; startedAt before any fired. */
  lastDueAt: number;
  /** Cycle 0's timeline: offsets[k] = due instant of level k − startedAt. Later cycles replay it. */
  offsets: number[];
  /** Keys `${level}:${cycle}` of every fired level, in firing order. */
  fired: string[];
  acknowledgedAt: number | null;
}

export interface EscalationInput {
  policy: EscalationPolicy;
  startedAt: number;
}

export type EscalationEvent =
  /** `at` is the instant the level became due (not when the scheduler noticed). */
  { type: 'LEVEL_DUE'; level: number; cycle: number; at: number } | { type: 'ACKNOWLEDGED'; at: number };

export const escalationGuardMessages = {
  finalLevelDue: 'LEVEL_DUE must name the next level and cycle, at or after the previous level',
  lastLevelOfCycleDue: 'LEVEL_DUE must name the next level and cycle, at or after the previous level',
  nextLevelDue: 'LEVEL_DUE must name the next level and cycle, at or after the previous level',
  validAcknowledgement: 'ACKNOWLEDGED needs at (epoch ms)',
} as const;

export function escalationKey(level: number, cycle: number): string {
  return `${level}:${cycle}`;
}

function isInstant(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

type Guarded = { context: EscalationContext; event: EscalationEvent };

function nextLevelDue({ context, event }: Guarded): boolean {
  return (
    event.type === 'LEVEL_DUE' &&
    event.level === context.level &&
    event.cycle === context.cycle &&
    context.level < context.policy.levels.length &&
    isInstant(event.at) &&
    event.at >= context.lastDueAt
  );
}

function isLastLevel({ context }: Guarded): boolean {
  return context.level === context.policy.levels.length - 1;
}

export const escalationMachine = setup({
  types: {
    context: {} as EscalationContext,
    events: {} as EscalationEvent,
    input: {} as EscalationInput,
  },
  guards: {
    finalLevelDue: (args) =>
      nextLevelDue(args) && isLastLevel(args) && args.context.cycle >= args.context.policy.repeat,
    lastLevelOfCycleDue: (args) => nextLevelDue(args) && isLastLevel(args),
    nextLevelDue,
    validAcknowledgement: ({ event }) => event.type === 'ACKNOWLEDGED' && isInstant(event.at),
  },
  actions: {
    recordLevel: assign(({ context, event }) => {
      assertEvent(event, 'LEVEL_DUE');
      return {
        fired: [...context.fired, escalationKey(event.level, event.cycle)],
        offsets: event.cycle === 0 ? [...context.offsets, event.at - context.startedAt] : context.offsets,
        lastDueAt: event.at,
        level: context.level + 1,
      };
    }),
    // A repeat replays cycle 0's timeline from the instant the previous cycle's last level became due.
    startNextCycle: assign(({ context, event }) => {
      assertEvent(event, 'LEVEL_DUE');
      return { cycle: context.cycle + 1, level: 0, cycleStartedAt: event.at };
    }),
    recordAcknowledgement: assign(({ event }) => {
      assertEvent(event, 'ACKNOWLEDGED');
      return { acknowledgedAt: event.at };
    }),
  },
}).createMachine({
  id: ESCALATION_MACHINE_ID,
  initial: 'active',
  context: ({ input }) => ({
    policy: input.policy,
    startedAt: input.startedAt,
    level: 0,
    cycle: 0,
    cycleStartedAt: input.startedAt,
    lastDueAt: input.startedAt,
    offsets: [],
    fired: [],
    acknowledgedAt: null,
  }),
  states: {
    active: {
      on: {
        LEVEL_DUE: [
          { target: 'done', guard: 'finalLevelDue', actions: 'recordLevel' },
          { guard: 'lastLevelOfCycleDue', actions: ['recordLevel', 'startNextCycle'] },
          { guard: 'nextLevelDue', actions: 'recordLevel' },
        ],
        ACKNOWLEDGED: { target: 'stopped', guard: 'validAcknowledgement', actions: 'recordAcknowledgement' },
      },
    },
    stopped: { type: 'final' },
    done: { type: 'final' },
  },
});
