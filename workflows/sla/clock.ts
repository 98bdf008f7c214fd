// SLA clock orchestration for the services and the scheduler (DESIGN.md §2.4): start a clock, apply the
// commands that ticket transitions derive (workflows/sla/effects.ts), and tell the scheduler what falls
// due when. Pure: "now" and every instant are arguments; the calendar is an argument.
//
// Time representation (one rule for the whole SLA-clock and escalation API):
// - Instants are epoch milliseconds (integers) everywhere in the persisted state, in the machine events
//   and in every value returned here (views, schedules, checks, rows). Convert with `new Date(ms)` at the
//   database / UI edge.
// - Instants passed *in* (`at`, `now`) may be a number or a Date (`Instant`), for the services' convenience.
// - Durations are business milliseconds of the clock's calendar (targetMs, elapsedMs, remainingMs).
//
// Semantics:
// - A threshold (or the breach) "becomes due" at the instant the clock's business elapsed time reaches
//   threshold % of the target (or the target): addBusinessTime(segmentStart, level − elapsedMs), or
//   segmentStart itself when the level was already passed (e.g. after a RETARGET shortened the target).
//   The scheduler's check is inclusive (`due <= now`).
// - A command at instant t first fires every check that fell due strictly before t (`fired` in the result),
//   so stopping a clock that silently breached while the scheduler was down still records the breach at its
//   due instant and ends met_late; stopping exactly at the due instant is on time (met).
// - Commands are idempotent where a ticket effect may legitimately repeat itself: PAUSE on a paused clock,
//   RESUME / REOPEN on a counting clock, STOP on a stopped one, RETARGET to the same target, and PAUSE /
//   RESUME on a breached clock (a breached clock keeps counting the overrun) answer `ok: true, changed:
//   false`. Contradictions (RESUME a met clock, RETARGET a breached one…) answer `ok: false`, never throw.
// - A command instant earlier than the clock's last change (clock skew between nodes) is treated as that
//   last change: a ticket transition must never fail because of an SLA clock.

import { type AnyMachineSnapshot, initialTransition } from 'xstate';
import { pureTransition } from '../machines/pure-transition';
import { type VersionedSnapshot, versionedPersistence } from '../machines/registry';
import { type StepRefusal, stepPersisted } from '../machines/step';
import { addBusinessTime, businessTimeBetween } from './business-time';
import {
  CLOCK_MACHINE_ID,
  CLOCK_MACHINE_STATES,
  CLOCK_MACHINE_VERSION,
  type ClockContext,
  type ClockEvent,
  type ClockMachineState,
  clockGuardMessages,
  clockMachine,
  isInstant,
  isMetric,
  isTargetMs,
  levelMs,
  normaliseThresholds,
} from './clock-machine';
import type { CalendarInput } from './compile';
import { type ClockState, DEFAULT_WARN_THRESHOLDS, type SlaMetric } from './constants';

/** An instant given to this API: epoch ms or a Date. Everything returned is epoch ms. */
export type Instant = number | Date;

/** What the sla_clocks.machine column stores (plain JSON). */
export type PersistedClock = VersionedSnapshot<typeof CLOCK_MACHINE_ID>;

/** The persisted state read back without a calendar: the machine state and its context. */
export interface ClockData extends ClockContext {
  state: ClockState;
}

export type ClockCheck =
  | { kind: 'warn'; threshold: number; dueAt: number }
  | { kind: 'breach'; dueAt: number };

export interface ClockView {
  state: ClockState;
  metric: SlaMetric;
  targetMs: number;
  thresholds: number[];
  /** Business ms elapsed up to `now` (counting clocks) or in total (paused / stopped). */
  elapsedMs: number;
  /** targetMs − elapsedMs: negative once the target is overrun. */
  remainingMs: number;
  /** elapsedMs / targetMs × 100, unrounded. */
  percent: number;
  /** Whether business time is counting (running or breached). */
  counting: boolean;
  /** running: when it will breach (may be past if the breach is not fired yet); breached: the original
   *  due instant (= breachedAt); paused / met / met_late: null. */
  dueAt: number | null;
  startedAt: number;
  pausedAt: number | null;
  breachedAt: number | null;
  metAt: number | null;
  warned: number[];
}

export interface ClockSchedule {
  /** When the clock breaches; null unless running. */
  dueAt: number | null;
  /** When the next check (the lowest unwarned threshold, else the breach) becomes due; null unless running. */
  nextCheckAt: number | null;
  nextCheck: { kind: 'warn'; threshold: number } | { kind: 'breach' } | null;
}

/** The sla_clocks columns that follow from the persisted clock (instants in epoch ms). */
export interface ClockRow {
  state: ClockState;
  metric: SlaMetric;
  targetMs: number;
  /** Business ms up to the clock's last change (the segment start while counting). */
  elapsedMs: number;
  startedAt: number;
  /** As ClockView.dueAt. */
  dueAt: number | null;
  /** The index the scheduler sweeps: as ClockSchedule.nextCheckAt. */
  nextCheckAt: number | null;
  pausedAt: number | null;
  breachedAt: number | null;
  metAt: number | null;
  warned: number[];
}

export type ClockRefusal = StepRefusal;

export type ClockStepResult =
  | {
      ok: true;
      /** False when the persisted clock is unchanged (an idempotent repeat). */
      changed: boolean;
      persisted: PersistedClock;
      clock: ClockData;
      /** Checks fired by this step, in order, each with the instant it became due. */
      fired: ClockCheck[];
    }
  | ClockRefusal;

export type ClockCommandResult =
  | (Extract<ClockStepResult, { ok: true }> & { view: ClockView })
  | ClockRefusal;

export type ClockCommandType = 'PAUSE' | 'RESUME' | 'STOP' | 'REOPEN' | 'RETARGET';

export type ClockCommand =
  | { type: 'PAUSE' | 'RESUME' | 'STOP' | 'REOPEN'; at: Instant }
  /** The admin "recalculate" action: a new target, copied onto the clock. */
  | { type: 'RETARGET'; at: Instant; targetMs: number };

export interface StartClockInput {
  metric: SlaMetric;
  at: Instant;
  targetMs: number;
  /** Percent of the target, integers 1–99; sorted and de-duplicated here. Default [75, 90]. */
  thresholds?: readonly number[];
}

// ---------------------------------------------------------------------------------------------------------
// Persistence

/** Epoch ms of an Instant; throws RangeError for an invalid Date or a non-integer number. */
export function toEpochMs(value: Instant, name = 'instant'): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (!isInstant(ms))
    throw new RangeError(`${name} must be a valid Date or integer epoch ms, got ${String(value)}`);
  return ms;
}

const clockPersistence = versionedPersistence({
  id: CLOCK_MACHINE_ID,
  version: CLOCK_MACHINE_VERSION,
  machine: clockMachine,
  migrations: {},
});
const { load, persist, persistStep } = clockPersistence;

/** Brings a persisted clock of an older machine version up to date; throws for unknown shapes or versions. */
export function migrateClock(persisted: PersistedClock): PersistedClock {
  return clockPersistence.migrate(persisted);
}

function machineState(snapshot: AnyMachineSnapshot): ClockMachineState {
  const value = snapshot.value;
  if (typeof value !== 'string' || !(CLOCK_MACHINE_STATES as readonly string[]).includes(value)) {
    throw new Error(`unknown ${CLOCK_MACHINE_ID} state: ${JSON.stringify(value)}`);
  }
  return value as ClockMachineState;
}

function dataOf(snapshot: AnyMachineSnapshot): ClockData {
  const state = machineState(snapshot);
  if (state === 'idle') throw new Error(`${CLOCK_MACHINE_ID} snapshot was never started`);
  const context = snapshot.context as ClockContext;
  return { ...context, thresholds: [...context.thresholds], warned: [...context.warned], state };
}

/** The persisted clock's state and context (no calendar needed). Throws for a malformed or idle clock. */
export function readClock(persisted: PersistedClock): ClockData {
  return dataOf(load(persisted));
}

// ---------------------------------------------------------------------------------------------------------
// Starting and stepping

/** A running clock started at `at`. Throws (a configuration error) for an invalid target or thresholds. */
export function startClock(input: StartClockInput): PersistedClock {
  if (!isMetric(input.metric)) throw new RangeError(`unknown SLA metric: ${String(input.metric)}`);
  const [idle] = initialTransition(clockMachine, { metric: input.metric });
  const event: ClockEvent = {
    type: 'START',
    at: toEpochMs(input.at, 'at'),
    targetMs: input.targetMs,
    thresholds: normaliseThresholds(input.thresholds ?? DEFAULT_WARN_THRESHOLDS),
  };
  if (clockMachine.getTransitionData(idle, event).length === 0) {
    throw new RangeError(`cannot start ${input.metric} clock: ${clockGuardMessages.validStart}`);
  }
  const running = pureTransition(clockMachine, idle, event);
  return persist(running);
}

/**
 * One raw machine event (no catch-up, no idempotency rules): the building block of the functions below,
 * and what the model-based tests drive. Refusals are values, never exceptions.
 */
export function stepClock(persisted: PersistedClock, event: ClockEvent): ClockStepResult {
  const snapshot = load(persisted);
  const step = stepPersisted(
    {
      machine: clockMachine,
      snapshot,
      describe: () => machineState(snapshot),
      guardMessages: clockGuardMessages,
    },
    event,
  );
  if (!step.ok) return step;
  return {
    ok: true,
    changed: step.changed,
    persisted: persistStep(step),
    clock: dataOf(step.next),
    fired: [],
  };
}

function unchanged(persisted: PersistedClock, clock: ClockData, fired: ClockCheck[] = []) {
  return { ok: true as const, changed: fired.length > 0, persisted, clock, fired };
}

// ---------------------------------------------------------------------------------------------------------
// Schedule

function businessBetween(from: number, to: number, calendar: CalendarInput): number {
  return to <= from ? 0 : businessTimeBetween(new Date(from), new Date(to), calendar);
}

/** The instant a counting clock's business elapsed time reaches `level` ms (segmentStart if already past). */
function instantOfLevel(clock: ClockData, level: number, calendar: CalendarInput): number {
  const start = clock.segmentStart!;
  return addBusinessTime(new Date(start), Math.max(0, level - clock.elapsedMs), calendar).getTime();
}

/** Every check a running clock has still to fire, in firing order, each with its due instant. */
function pendingChecks(clock: ClockData, calendar: CalendarInput): ClockCheck[] {
  if (clock.state !== 'running') return [];
  const checks: ClockCheck[] = [];
  for (const threshold of clock.thresholds) {
    if (clock.warned.includes(threshold)) continue;
    const dueAt = instantOfLevel(clock, levelMs(clock.targetMs, threshold), calendar);
    checks.push({ kind: 'warn', threshold, dueAt });
  }
  checks.push({ kind: 'breach', dueAt: instantOfLevel(clock, clock.targetMs, calendar) });
  // Levels ascend, so instants do too; the sort only makes that explicit (stable: warn before breach).
  return checks.sort((a, b) => a.dueAt - b.dueAt);
}

/** When the next threshold or the breach becomes due (null unless running: nothing further can fire). */
export function clockSchedule(persisted: PersistedClock, calendar: CalendarInput): ClockSchedule {
  return scheduleOf(readClock(persisted), calendar);
}

function scheduleOf(clock: ClockData, calendar: CalendarInput): ClockSchedule {
  const checks = pendingChecks(clock, calendar);
  const next = checks[0];
  if (!next) return { dueAt: null, nextCheckAt: null, nextCheck: null };
  const breach = checks[checks.length - 1]!;
  return {
    dueAt: breach.dueAt,
    nextCheckAt: next.dueAt,
    nextCheck: next.kind === 'warn' ? { kind: 'warn', threshold: next.threshold } : { kind: 'breach' },
  };
}

/**
 * Every check that has become due by `now` (inclusive), in time order, each with the instant it became
 * due — not `now`: after downtime the scheduler records each at its own instant. Firing them all with
 * `fireCheck` and asking again returns [].
 */
export function dueChecks(persisted: PersistedClock, calendar: CalendarInput, now: Instant): ClockCheck[] {
  const limit = toEpochMs(now, 'now');
  return pendingChecks(readClock(persisted), calendar).filter((check) => check.dueAt <= limit);
}

/** WARN / BREACH stamped with the check's own due instant (not the instant it was noticed). */
function checkEvent(check: ClockCheck): ClockEvent {
  return check.kind === 'warn'
    ? { type: 'WARN', threshold: check.threshold, at: check.dueAt }
    : { type: 'BREACH', at: check.dueAt };
}

/**
 * Fires, in order, the pending checks for which `isDue(dueAt)` holds, each at its own due instant, with one
 * restore and one persist however many fire. `refused` is a check the machine would not take (it stops
 * there): impossible for checks computed from the same snapshot, so callers treat it as a defect.
 */
function fireDueChecks(
  snapshot: AnyMachineSnapshot,
  calendar: CalendarInput,
  isDue: (dueAt: number) => boolean,
): { snapshot: AnyMachineSnapshot; fired: ClockCheck[]; refused?: ClockCheck } {
  const fired: ClockCheck[] = [];
  for (const check of pendingChecks(dataOf(snapshot), calendar)) {
    if (!isDue(check.dueAt)) break;
    // An event no transition takes hands back the very same snapshot.
    const next = pureTransition(clockMachine, snapshot, checkEvent(check));
    if (next === snapshot) return { snapshot, fired, refused: check };
    snapshot = next;
    fired.push(check);
  }
  return { snapshot, fired };
}

/**
 * Steps WARN / BREACH with `at` = the check's due instant. Firing a check that already fired (a retried
 * batch, a second worker) is `ok: true, changed: false`; a stale check (the clock paused or stopped since)
 * is refused.
 */
export function fireCheck(persisted: PersistedClock, check: ClockCheck): ClockStepResult {
  const clock = readClock(persisted);
  if (check.kind === 'warn' && clock.warned.includes(check.threshold)) return unchanged(persisted, clock);
  if (check.kind === 'breach' && clock.breachedAt !== null) return unchanged(persisted, clock);
  const result = stepClock(persisted, checkEvent(check));
  return result.ok ? { ...result, fired: result.changed ? [check] : [] } : result;
}

export interface SweptClock {
  persisted: PersistedClock;
  /** The checks fired, in order, each at the instant it became due. */
  fired: ClockCheck[];
  row: ClockRow;
}

/**
 * The scheduler's whole job on one clock: fire every check due by `now`, in order, each at its own due
 * instant, and the resulting row. Equivalent to `dueChecks` + `fireCheck` per check + `clockRow`, with
 * one restore and one persist per clock however many checks fire (the sweep's hot path).
 */
export function sweepClock(persisted: PersistedClock, calendar: CalendarInput, now: Instant): SweptClock {
  const limit = toEpochMs(now, 'now');
  const before = load(persisted);
  // A refusal means the clock moved on: nothing further is due, and what fired before it stands.
  const { snapshot, fired } = fireDueChecks(before, calendar, (dueAt) => dueAt <= limit);
  if (fired.length === 0) return { persisted, fired, row: rowOf(dataOf(before), calendar) };
  return { persisted: persist(snapshot), fired, row: rowOf(dataOf(snapshot), calendar) };
}

// ---------------------------------------------------------------------------------------------------------
// Commands

/** States in which a command is an idempotent no-op rather than a refusal. */
const NO_OP: Record<ClockState, readonly ClockCommandType[]> = {
  running: ['RESUME', 'REOPEN'],
  paused: ['PAUSE'],
  // A breached clock keeps counting the overrun: pausing or resuming it changes nothing.
  breached: ['PAUSE', 'RESUME', 'REOPEN'],
  met: ['STOP'],
  met_late: ['STOP'],
};

function lastChangeAt(clock: ClockData): number {
  const instants = [clock.startedAt, clock.segmentStart, clock.pausedAt, clock.breachedAt, clock.metAt];
  return Math.max(...instants.filter((t): t is number => t !== null));
}

function elapsedAt(clock: ClockData, at: number, calendar: CalendarInput): number {
  return (
    clock.elapsedMs + (clock.segmentStart === null ? 0 : businessBetween(clock.segmentStart, at, calendar))
  );
}

/**
 * Applies a command derived from a ticket transition (or the admin recalculate action) at instant `at`,
 * computing business elapsed time with `calendar`. See the header for catch-up and idempotency.
 */
export function applyClockCommand(
  persisted: PersistedClock,
  command: ClockCommand,
  calendar: CalendarInput,
): ClockCommandResult {
  let current = migrateClock(persisted);
  let clock = readClock(current);
  const type = command.type;
  if (!['PAUSE', 'RESUME', 'STOP', 'REOPEN', 'RETARGET'].includes(type)) {
    return { ok: false, code: 'not_accepted', message: `unknown clock command: ${String(type)}` };
  }
  if (type === 'RETARGET' && !isTargetMs(command.targetMs)) {
    return { ok: false, code: 'guard_failed', message: clockGuardMessages.validRetarget };
  }
  const at = Math.max(toEpochMs(command.at, 'at'), lastChangeAt(clock));

  // Catch up on checks that fell due before the command: their effects happened before it.
  let fired: ClockCheck[] = [];
  if (type === 'PAUSE' || type === 'STOP' || type === 'RETARGET') {
    const caught = fireDueChecks(load(current), calendar, (dueAt) => dueAt < at);
    if (caught.refused) throw new Error(`SLA clock catch-up refused ${caught.refused.kind}`);
    if (caught.fired.length) {
      fired = caught.fired;
      current = persist(caught.snapshot);
      clock = dataOf(caught.snapshot);
    }
  }

  const view = (p: PersistedClock) => clockView(p, calendar, at);
  const sameTarget = type === 'RETARGET' && command.targetMs === clock.targetMs;
  if (
    NO_OP[clock.state].includes(type) ||
    (sameTarget && (clock.state === 'running' || clock.state === 'paused'))
  ) {
    return { ...unchanged(current, clock, fired), view: view(current) };
  }

  let event: ClockEvent;
  switch (command.type) {
    case 'PAUSE':
    case 'STOP':
      event = { type: command.type, at, elapsedMs: elapsedAt(clock, at, calendar) };
      break;
    case 'RETARGET':
      event = { type: 'RETARGET', at, targetMs: command.targetMs, elapsedMs: elapsedAt(clock, at, calendar) };
      break;
    default:
      event = { type: command.type, at };
  }
  const result = stepClock(current, event);
  if (!result.ok) return result;
  return {
    ...result,
    changed: result.changed || fired.length > 0,
    fired: [...fired, ...result.fired],
    view: view(result.persisted),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Reading

function viewOf(clock: ClockData, calendar: CalendarInput, now: number): ClockView {
  const counting = clock.segmentStart !== null;
  const elapsedMs = elapsedAt(clock, now, calendar);
  let dueAt: number | null = null;
  if (clock.state === 'running') dueAt = instantOfLevel(clock, clock.targetMs, calendar);
  else if (clock.state === 'breached') dueAt = clock.breachedAt;
  return {
    state: clock.state,
    metric: clock.metric,
    targetMs: clock.targetMs,
    thresholds: clock.thresholds,
    elapsedMs,
    remainingMs: clock.targetMs - elapsedMs,
    percent: (elapsedMs / clock.targetMs) * 100,
    counting,
    dueAt,
    startedAt: clock.startedAt!,
    pausedAt: clock.pausedAt,
    breachedAt: clock.breachedAt,
    metAt: clock.metAt,
    warned: clock.warned,
  };
}

/** What a person sees at `now`: elapsed and remaining business time, percent, due instant. */
export function clockView(persisted: PersistedClock, calendar: CalendarInput, now: Instant): ClockView {
  return viewOf(readClock(persisted), calendar, toEpochMs(now, 'now'));
}

/** The sla_clocks column values for a persisted clock (independent of "now"). */
export function clockRow(persisted: PersistedClock, calendar: CalendarInput): ClockRow {
  return rowOf(readClock(persisted), calendar);
}

function rowOf(clock: ClockData, calendar: CalendarInput): ClockRow {
  const schedule = scheduleOf(clock, calendar);
  return {
    state: clock.state,
    metric: clock.metric,
    targetMs: clock.targetMs,
    elapsedMs: clock.elapsedMs,
    startedAt: clock.startedAt!,
    dueAt: clock.state === 'breached' ? clock.breachedAt : schedule.dueAt,
    nextCheckAt: schedule.nextCheckAt,
    pausedAt: clock.pausedAt,
    breachedAt: clock.breachedAt,
    metAt: clock.metAt,
    warned: clock.warned,
  };
}

/**
 * When the clock reaches `percent` % of its target, for escalation triggers:
 * - counting and not yet there at the segment start: the exact (past or projected) instant;
 * - reached before the current segment (or before a pause / stop): the earliest instant this clock's
 *   state still proves it had been reached by — the segment start, pause or stop, or the breach for
 *   percent >= 100 — since earlier segments' instants are not kept;
 * - not reached and not counting: null (it cannot get there until it resumes).
 */
export function clockReachedAt(
  persisted: PersistedClock,
  calendar: CalendarInput,
  percent: number,
): number | null {
  if (!(Number.isFinite(percent) && percent > 0)) throw new RangeError(`percent must be > 0, got ${percent}`);
  const clock = readClock(persisted);
  const level = levelMs(clock.targetMs, percent);
  let reached: number | null = null;
  if (clock.segmentStart !== null) reached = instantOfLevel(clock, level, calendar);
  else if (clock.elapsedMs >= level) reached = clock.pausedAt ?? clock.metAt;
  // Anything up to 100 % was reached no later than the recorded breach.
  const cap = percent <= 100 ? clock.breachedAt : null;
  if (cap === null) return reached;
  return reached === null ? cap : Math.min(reached, cap);
}
