// Escalation evaluation (DESIGN.md §2.5): persisting a ticket's escalation progress, and the pure
// functions the scheduler uses to find due levels and the instant to look again.
//
// Instants follow the SLA clock API (workflows/sla/clock.ts): epoch ms everywhere in state and results;
// `Instant` (number | Date) accepted on the way in.
//
// When is a level due? (cycle 0)
// - Trigger instant T(k):
//     unacknowledged N   → facts.createdAt + N wall-clock minutes (people are paged in real time);
//     clock_percent m, p → the instant the ticket's clock m reaches p % (`reachedAt`; exact while it runs,
//                          projected into the future; null while it is paused short of p % or absent);
//     clock_breached m   → the clock's recorded breach, or while running its projected breach instant
//                          (the same instant its BREACH check becomes due); null when paused or absent.
// - Levels are ordered: level k is due at max(T(k), due instant of level k − 1), the first level at
//   max(T(0), escalation start). A level whose trigger instant is unknown (null) holds back every later one.
// Repeats (policy.repeat > 0): after the last level of cycle c fires, cycle c + 1 starts at that level's
//   due instant and replays cycle 0's timeline: level k of cycle c + 1 is due at
//   (start of cycle c + 1) + (due instant of level k in cycle 0 − escalation start). Facts are consulted
//   in cycle 0 only, so a repeat re-escalates on the same rhythm whatever the clocks do meanwhile.
// Acknowledgement stops escalation: once facts.acknowledgedAt is set, or the progress is stopped (the
//   ACKNOWLEDGED event, sent in the acknowledging transition's transaction), nothing is due any more,
//   including levels that fell due earlier but were never fired.
// Keys: `${level}:${cycle}` (both 0-based); the service prefixes them per ticket (fired_effects has a
//   unique (ticket, key)), which is what makes a level fire exactly once however many workers run.
// The scheduler must recompute `nextEscalationCheckAt` whenever one of the ticket's clocks changes
//   (pause, resume, retarget, breach), since clock triggers are projected from the clocks' state.

import { type AnyMachineSnapshot, initialTransition } from 'xstate';
import { type VersionedSnapshot, versionedPersistence } from '../machines/registry';
import { type StepRefusal, stepPersisted } from '../machines/step';
import {
  clockReachedAt,
  clockSchedule,
  type Instant,
  type PersistedClock,
  readClock,
  toEpochMs,
} from '../sla/clock';
import type { CalendarInput } from '../sla/compile';
import { MINUTE_MS, type SlaMetric } from '../sla/constants';
import {
  ESCALATION_MACHINE_ID,
  ESCALATION_MACHINE_VERSION,
  ESCALATION_STATES,
  type EscalationContext,
  type EscalationEvent,
  type EscalationState,
  escalationGuardMessages,
  escalationKey,
  escalationMachine,
} from './machine';
import {
  type EscalationAction,
  type EscalationPolicy,
  type EscalationTarget,
  type EscalationTrigger,
  parseEscalationPolicy,
} from './policy';

/** What ticket_escalations.machine stores (plain JSON). */
export type PersistedEscalation = VersionedSnapshot<typeof ESCALATION_MACHINE_ID>;

export interface EscalationProgress extends EscalationContext {
  state: EscalationState;
}

/** A clock as escalation triggers see it. Build one with `escalationClockFacts`. */
export interface EscalationClockFacts {
  /** When the clock reaches `percent` % of its target (see clockReachedAt), or null. */
  reachedAt(percent: number): number | null;
  breachedAt: number | null;
  /** Running and not yet breached: when it will breach; else null. */
  projectedBreachAt: number | null;
}

export interface EscalationFacts {
  createdAt: Instant;
  acknowledgedAt: Instant | null;
  /** The ticket's clocks by metric; a metric without a clock never triggers. */
  clocks: Partial<Record<SlaMetric, EscalationClockFacts>>;
}

export interface EscalationDue {
  level: number;
  cycle: number;
  /** The instant it became due (record this, not the time it was noticed). */
  dueAt: number;
  key: string;
  trigger: EscalationTrigger;
  targets: EscalationTarget[];
  actions: EscalationAction[];
}

export type EscalationStepResult =
  | { ok: true; changed: boolean; persisted: PersistedEscalation; progress: EscalationProgress }
  | StepRefusal;

// ---------------------------------------------------------------------------------------------------------
// Persistence

const escalationPersistence = versionedPersistence({
  id: ESCALATION_MACHINE_ID,
  version: ESCALATION_MACHINE_VERSION,
  machine: escalationMachine,
  migrations: {},
});
const { load, persist, persistStep } = escalationPersistence;

export function migrateEscalation(persisted: PersistedEscalation): PersistedEscalation {
  return escalationPersistence.migrate(persisted);
}

function progressOf(snapshot: AnyMachineSnapshot): EscalationProgress {
  const state = snapshot.value;
  if (typeof state !== 'string' || !(ESCALATION_STATES as readonly string[]).includes(state)) {
    throw new Error(`unknown ${ESCALATION_MACHINE_ID} state: ${JSON.stringify(state)}`);
  }
  const context = snapshot.context as EscalationContext;
  return {
    ...context,
    offsets: [...context.offsets],
    fired: [...context.fired],
    state: state as EscalationState,
  };
}

export function readEscalation(persisted: PersistedEscalation): EscalationProgress {
  return progressOf(load(persisted));
}

// ---------------------------------------------------------------------------------------------------------
// Stepping

/** A new escalation for a ticket; the policy is validated (throws) and copied. */
export function startEscalation(input: {
  policy: EscalationPolicy;
  startedAt: Instant;
}): PersistedEscalation {
  const policy = structuredClone(parseEscalationPolicy(input.policy));
  const [snapshot] = initialTransition(escalationMachine, {
    policy,
    startedAt: toEpochMs(input.startedAt, 'startedAt'),
  });
  return persist(snapshot);
}

/** One raw machine event; refusals are values, never exceptions. */
export function stepEscalation(persisted: PersistedEscalation, event: EscalationEvent): EscalationStepResult {
  const snapshot = load(persisted);
  const step = stepPersisted(
    {
      machine: escalationMachine,
      snapshot,
      describe: () => String(snapshot.value),
      guardMessages: escalationGuardMessages,
    },
    event,
  );
  if (!step.ok) return step;
  return { ok: true, changed: step.changed, persisted: persistStep(step), progress: progressOf(step.next) };
}

/** Stops escalation (idempotent: an already stopped or finished escalation is unchanged). */
export function acknowledgeEscalation(persisted: PersistedEscalation, at: Instant): EscalationStepResult {
  const progress = readEscalation(persisted);
  if (progress.state !== 'active') return { ok: true, changed: false, persisted, progress };
  return stepEscalation(persisted, { type: 'ACKNOWLEDGED', at: toEpochMs(at, 'at') });
}

/**
 * Records a due level (LEVEL_DUE at its due instant). A level already fired is `ok: true, changed: false`
 * (a retried batch); one out of order is refused.
 */
export function fireEscalation(
  persisted: PersistedEscalation,
  due: Pick<EscalationDue, 'level' | 'cycle' | 'dueAt'>,
): EscalationStepResult {
  const progress = readEscalation(persisted);
  if (progress.fired.includes(escalationKey(due.level, due.cycle))) {
    return { ok: true, changed: false, persisted, progress };
  }
  return stepEscalation(persisted, { type: 'LEVEL_DUE', level: due.level, cycle: due.cycle, at: due.dueAt });
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

function triggerInstant(
  trigger: EscalationTrigger,
  facts: EscalationFacts,
  createdAt: number,
): number | null {
  switch (trigger.kind) {
    case 'unacknowledged':
      return createdAt + trigger.minutes * MINUTE_MS;
    case 'clock_percent':
      return facts.clocks[trigger.metric]?.reachedAt(trigger.percent) ?? null;
    case 'clock_breached': {
      const clock = facts.clocks[trigger.metric];
      return clock ? (clock.breachedAt ?? clock.projectedBreachAt) : null;
    }
  }
}

/**
 * The unfired levels in firing order with their due instants, as far as they are known: stops at the
 * first level whose trigger instant is unknown, and after the last level of the last cycle.
 */
function* upcoming(progress: EscalationProgress, facts: EscalationFacts): Generator<EscalationDue> {
  if (progress.state !== 'active' || facts.acknowledgedAt !== null) return;
  const createdAt = toEpochMs(facts.createdAt, 'createdAt');
  const { policy, startedAt } = progress;
  const offsets = [...progress.offsets];
  let { level, cycle, cycleStartedAt } = progress;
  let previous = progress.lastDueAt;
  while (cycle <= policy.repeat && level < policy.levels.length) {
    const definition = policy.levels[level]!;
    const trigger =
      cycle === 0 ? triggerInstant(definition.trigger, facts, createdAt) : cycleStartedAt + offsets[level]!;
    if (trigger === null) return;
    const dueAt = Math.max(trigger, previous);
    yield {
      level,
      cycle,
      dueAt,
      key: escalationKey(level, cycle),
      trigger: definition.trigger,
      targets: definition.targets,
      actions: definition.actions,
    };
    if (cycle === 0) offsets[level] = dueAt - startedAt;
    previous = dueAt;
    level++;
    if (level === policy.levels.length && cycle < policy.repeat) {
      cycle++;
      level = 0;
      cycleStartedAt = dueAt;
    }
  }
}

/**
 * Every level due by `now` (inclusive), in firing order, each with the instant it became due. Fire them
 * in order with `fireEscalation`; asking again then returns [].
 */
export function dueEscalations(
  progress: PersistedEscalation,
  facts: EscalationFacts,
  now: Instant,
): EscalationDue[] {
  const limit = toEpochMs(now, 'now');
  const due: EscalationDue[] = [];
  for (const next of upcoming(readEscalation(progress), facts)) {
    if (next.dueAt > limit) break;
    due.push(next);
  }
  return due;
}

/**
 * When the next unfired level becomes (or became) due as far as the facts tell now, or null (stopped,
 * finished, or waiting on a clock that is not counting). Store it as ticket_escalations.next_check_at.
 */
export function nextEscalationCheckAt(progress: PersistedEscalation, facts: EscalationFacts): number | null {
  const first = upcoming(readEscalation(progress), facts).next();
  return first.done ? null : first.value.dueAt;
}

/** A persisted SLA clock as escalation triggers see it, counted in its calendar. */
export function escalationClockFacts(clock: PersistedClock, calendar: CalendarInput): EscalationClockFacts {
  const data = readClock(clock);
  return {
    reachedAt: (percent) => clockReachedAt(clock, calendar, percent),
    breachedAt: data.breachedAt,
    projectedBreachAt: data.state === 'running' ? clockSchedule(clock, calendar).dueAt : null,
  };
}
