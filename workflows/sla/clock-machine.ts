// The SLA clock lifecycle as an XState machine (DESIGN.md §1.3, §2.4): pure, no invoke, no after, no clock
// reads. Time is data: every event carries its instant (epoch ms) and, where the clock's business time
// changes, the business elapsed time the caller computed with the clock's calendar (see clock.ts, which
// is the only intended caller).
//
//   idle ──START──▶ running ⇄ paused            (PAUSE / RESUME)
//   running ──BREACH──▶ breached                 (the scheduler, when the due instant has passed)
//   running | paused ──STOP──▶ met               (or met_late when stopped beyond the target, see below)
//   breached ──STOP──▶ met_late
//   met ──REOPEN──▶ running     met_late ──REOPEN──▶ breached      (continuing from where it stopped)
//   running | paused ──RETARGET──▶ (same state, new target)
//   running ──WARN(threshold)──▶ (same state, threshold recorded; each threshold at most once)
//
// Decisions, in one place:
// - A breached clock does not pause: it keeps counting the overrun until it stops (DESIGN §2.4, and the
//   sla_clocks row constraints: paused_at is set only in state `paused`, breached_at only in breached /
//   met_late). PAUSE and RESUME are not accepted while breached; clock.ts reports them as no-ops.
// - BREACH is accepted only from running (a paused clock cannot cross its target while paused). WARN only
//   from running, for a configured threshold not yet warned.
// - RETARGET is accepted in running and paused only (a breach is history; a stopped clock is final until
//   REOPEN). It never un-warns a threshold (each warning fires at most once per clock). For a running clock
//   it also rebases the segment at `at` (elapsedMs then covers everything up to `at`), so thresholds that
//   the new target puts in the past become due at `at` — "immediately" — not at some instant before the
//   retarget happened.
// - STOP from running or paused lands in met when elapsedMs <= targetMs, otherwise in met_late (with
//   breachedAt = the stop instant if no breach was ever recorded). clock.ts fires every check that fell
//   due strictly before the stop first, so in practice a late stop always comes from breached; the guard
//   only keeps raw callers (and a paused clock whose target was shortened below its elapsed time) honest.
// - Instants never go backwards: every event's `at` must be >= the instant of the change it follows, and
//   business time added by an event never exceeds the wall-clock span it covers.

import { assertEvent, assign, setup } from 'xstate';
import { SLA_METRICS, type SlaMetric } from './constants';

export const CLOCK_MACHINE_ID = 'sla_clock';
export const CLOCK_MACHINE_VERSION = 1;

/** Machine states; `idle` exists only before START and is never persisted by clock.ts. */
export const CLOCK_MACHINE_STATES = ['idle', 'running', 'paused', 'met', 'breached', 'met_late'] as const;
export type ClockMachineState = (typeof CLOCK_MACHINE_STATES)[number];

export interface ClockContext {
  metric: SlaMetric;
  /** Business milliseconds allowed; copied at START, changed only by RETARGET. 0 only while idle. */
  targetMs: number;
  /** Warning thresholds in percent of the target, integers 1–99, strictly ascending. */
  thresholds: number[];
  /** Business ms accumulated up to `segmentStart` (or in total while paused / stopped). */
  elapsedMs: number;
  /** When the current counting segment began; null while paused, stopped or idle. */
  segmentStart: number | null;
  /** Thresholds already warned, ascending. */
  warned: number[];
  startedAt: number | null;
  pausedAt: number | null;
  breachedAt: number | null;
  metAt: number | null;
}

export interface ClockInput {
  metric: SlaMetric;
}

export type ClockEvent =
  | { type: 'START'; at: number; targetMs: number; thresholds: number[] }
  /** elapsedMs: the clock's total business elapsed time as of `at`. */
  | { type: 'PAUSE'; at: number; elapsedMs: number }
  | { type: 'RESUME'; at: number }
  /** `at` is the instant the threshold was reached (the schedule's due instant), not when it was noticed. */
  | { type: 'WARN'; threshold: number; at: number }
  | { type: 'BREACH'; at: number }
  /** elapsedMs: the clock's total business elapsed time as of `at`. */
  | { type: 'STOP'; at: number; elapsedMs: number }
  /** elapsedMs: the clock's total business elapsed time as of `at` (unchanged for a paused clock). */
  | { type: 'RETARGET'; targetMs: number; at: number; elapsedMs: number }
  | { type: 'REOPEN'; at: number };

export const clockGuardMessages = {
  validStart:
    'START needs at (epoch ms), targetMs (a positive integer) and thresholds (ascending integers 1–99)',
  validPause: 'PAUSE needs at (not before the segment start) and elapsedMs (not less than before)',
  validResume: 'RESUME needs at (not before the pause)',
  validWarn: 'WARN needs a configured threshold that has not warned yet, at or after the segment start',
  validBreach: 'BREACH needs at (not before the segment start)',
  stopWithinTarget: 'STOP needs at (not before the last change) and elapsedMs (not less than before)',
  stopBeyondTarget: 'STOP needs at (not before the last change) and elapsedMs (not less than before)',
  validStop: 'STOP needs at (not before the last change) and elapsedMs (not less than before)',
  validRetarget: 'RETARGET needs targetMs (a positive integer), at and elapsedMs',
  validReopen: 'REOPEN needs at (not before the stop)',
} as const;

export function isInstant(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function isTargetMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

export function isMetric(value: unknown): value is SlaMetric {
  return typeof value === 'string' && (SLA_METRICS as readonly string[]).includes(value);
}

/** Integers 1–99, strictly ascending (normalise with `normaliseThresholds` first). */
export function isThresholdList(value: unknown): value is number[] {
  if (!Array.isArray(value)) return false;
  return value.every(
    (t, i) => Number.isInteger(t) && t >= 1 && t <= 99 && (i === 0 || t > (value[i - 1] as number)),
  );
}

/** Sorted, de-duplicated copy; invalid entries are left in place for the guard to refuse. */
export function normaliseThresholds(thresholds: readonly number[]): number[] {
  return [...new Set(thresholds)].sort((a, b) => a - b);
}

/** Business ms at which `percent` % of `targetMs` is reached (rounded up to whole ms). */
export function levelMs(targetMs: number, percent: number): number {
  return Math.ceil((targetMs * percent) / 100);
}

type Guarded = { context: ClockContext; event: ClockEvent };

/** Business time added since `from` is non-negative and fits in the wall-clock span from → at. */
function validElapsed(context: ClockContext, from: number, at: number, elapsedMs: unknown): boolean {
  return isInstant(elapsedMs) && elapsedMs >= context.elapsedMs && elapsedMs - context.elapsedMs <= at - from;
}

/** A counting clock's segment closes at `at`; a paused one adds nothing. */
function validClose({ context }: Guarded, at: unknown, elapsedMs: unknown): boolean {
  if (!isInstant(at)) return false;
  if (context.segmentStart !== null) {
    return at >= context.segmentStart && validElapsed(context, context.segmentStart, at, elapsedMs);
  }
  // Paused: nothing has counted since the pause.
  return context.pausedAt !== null && at >= context.pausedAt && elapsedMs === context.elapsedMs;
}

function validStop(args: Guarded): boolean {
  return args.event.type === 'STOP' && validClose(args, args.event.at, args.event.elapsedMs);
}

export const clockMachine = setup({
  types: {
    context: {} as ClockContext,
    events: {} as ClockEvent,
    input: {} as ClockInput,
  },
  guards: {
    validStart: ({ event }) =>
      event.type === 'START' &&
      isInstant(event.at) &&
      isTargetMs(event.targetMs) &&
      isThresholdList(event.thresholds),
    validPause: (args) =>
      args.event.type === 'PAUSE' && validClose(args, args.event.at, args.event.elapsedMs),
    validResume: ({ context, event }) =>
      event.type === 'RESUME' &&
      isInstant(event.at) &&
      context.pausedAt !== null &&
      event.at >= context.pausedAt,
    validWarn: ({ context, event }) =>
      event.type === 'WARN' &&
      context.thresholds.includes(event.threshold) &&
      !context.warned.includes(event.threshold) &&
      isInstant(event.at) &&
      context.segmentStart !== null &&
      event.at >= context.segmentStart,
    validBreach: ({ context, event }) =>
      event.type === 'BREACH' &&
      isInstant(event.at) &&
      context.segmentStart !== null &&
      event.at >= context.segmentStart,
    validStop,
    stopWithinTarget: (args) =>
      validStop(args) && (args.event as { elapsedMs: number }).elapsedMs <= args.context.targetMs,
    stopBeyondTarget: (args) =>
      validStop(args) && (args.event as { elapsedMs: number }).elapsedMs > args.context.targetMs,
    validRetarget: (args) =>
      args.event.type === 'RETARGET' &&
      isTargetMs(args.event.targetMs) &&
      validClose(args, args.event.at, args.event.elapsedMs),
    validReopen: ({ context, event }) =>
      event.type === 'REOPEN' && isInstant(event.at) && context.metAt !== null && event.at >= context.metAt,
  },
  actions: {
    start: assign(({ event }) => {
      assertEvent(event, 'START');
      return {
        targetMs: event.targetMs,
        thresholds: [...event.thresholds],
        elapsedMs: 0,
        segmentStart: event.at,
        warned: [],
        startedAt: event.at,
        pausedAt: null,
        breachedAt: null,
        metAt: null,
      };
    }),
    pause: assign(({ event }) => {
      assertEvent(event, 'PAUSE');
      return { elapsedMs: event.elapsedMs, segmentStart: null, pausedAt: event.at };
    }),
    resume: assign(({ event }) => {
      assertEvent(event, 'RESUME');
      return { segmentStart: event.at, pausedAt: null };
    }),
    recordWarning: assign({
      warned: ({ context, event }) => {
        assertEvent(event, 'WARN');
        return [...context.warned, event.threshold].sort((a, b) => a - b);
      },
    }),
    recordBreach: assign(({ event }) => {
      assertEvent(event, 'BREACH');
      return { breachedAt: event.at };
    }),
    stop: assign(({ context, event }) => {
      assertEvent(event, 'STOP');
      return {
        elapsedMs: event.elapsedMs,
        segmentStart: null,
        pausedAt: null,
        metAt: event.at,
        breachedAt: context.breachedAt ?? (event.elapsedMs > context.targetMs ? event.at : null),
      };
    }),
    retarget: assign(({ context, event }) => {
      assertEvent(event, 'RETARGET');
      // Rebase a counting segment at `at`, so the new target's schedule starts from the retarget.
      return context.segmentStart === null
        ? { targetMs: event.targetMs }
        : { targetMs: event.targetMs, elapsedMs: event.elapsedMs, segmentStart: event.at };
    }),
    reopen: assign(({ event }) => {
      assertEvent(event, 'REOPEN');
      return { segmentStart: event.at, metAt: null };
    }),
  },
}).createMachine({
  id: CLOCK_MACHINE_ID,
  initial: 'idle',
  context: ({ input }) => ({
    metric: input.metric,
    targetMs: 0,
    thresholds: [],
    elapsedMs: 0,
    segmentStart: null,
    warned: [],
    startedAt: null,
    pausedAt: null,
    breachedAt: null,
    metAt: null,
  }),
  states: {
    idle: { on: { START: { target: 'running', guard: 'validStart', actions: 'start' } } },
    running: {
      on: {
        PAUSE: { target: 'paused', guard: 'validPause', actions: 'pause' },
        WARN: { guard: 'validWarn', actions: 'recordWarning' },
        BREACH: { target: 'breached', guard: 'validBreach', actions: 'recordBreach' },
        STOP: [
          { target: 'met', guard: 'stopWithinTarget', actions: 'stop' },
          { target: 'met_late', guard: 'stopBeyondTarget', actions: 'stop' },
        ],
        RETARGET: { guard: 'validRetarget', actions: 'retarget' },
      },
    },
    paused: {
      on: {
        RESUME: { target: 'running', guard: 'validResume', actions: 'resume' },
        STOP: [
          { target: 'met', guard: 'stopWithinTarget', actions: 'stop' },
          { target: 'met_late', guard: 'stopBeyondTarget', actions: 'stop' },
        ],
        RETARGET: { guard: 'validRetarget', actions: 'retarget' },
      },
    },
    // Keeps counting the overrun: no PAUSE / RESUME here (see the header).
    breached: { on: { STOP: { target: 'met_late', guard: 'validStop', actions: 'stop' } } },
    // Not `final`: REOPEN must stay possible.
    met: { on: { REOPEN: { target: 'running', guard: 'validReopen', actions: 'reopen' } } },
    met_late: { on: { REOPEN: { target: 'breached', guard: 'validReopen', actions: 'reopen' } } },
  },
});
