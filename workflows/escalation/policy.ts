// Escalation policies (DESIGN.md §2.5): what escalation_policies stores (levels jsonb + repeat), and a
// structural validator usable in the browser. Evaluation lives in progress.ts.

import { SLA_METRICS, type SlaMetric } from '../sla/constants';
import { ROLES } from '../tickets/constants';
import { describeIssues, issue, type ValidationIssue } from '../validation';

export const ESCALATION_TRIGGER_KINDS = ['clock_percent', 'clock_breached', 'unacknowledged'] as const;
export type EscalationTriggerKind = (typeof ESCALATION_TRIGGER_KINDS)[number];

export const ESCALATION_TARGET_KINDS = ['user', 'team', 'role'] as const;
export type EscalationTargetKind = (typeof ESCALATION_TARGET_KINDS)[number];

export const ESCALATION_ACTIONS = ['notify', 'reassign', 'raise_priority'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

export type EscalationTrigger =
  /** The ticket's clock of `metric` reaches `percent` % of its target (1–1000: > 100 is overrun). */
  | { kind: 'clock_percent'; metric: SlaMetric; percent: number }
  /** The ticket's clock of `metric` breaches. */
  | { kind: 'clock_breached'; metric: SlaMetric }
  /** The ticket is still unacknowledged `minutes` wall-clock minutes after it was created. */
  | { kind: 'unacknowledged'; minutes: number };

export interface EscalationTarget {
  kind: EscalationTargetKind;
  /** A user id, a team id ('noc', 'soc' or a team's id), or a role name. */
  id: string;
}

export interface EscalationLevel {
  trigger: EscalationTrigger;
  targets: EscalationTarget[];
  actions: EscalationAction[];
}

/**
 * The number people read for a level: 1 for the first, as the editor and notifications count
 * them. Keys (`escalation:<level>:<cycle>`) and audit payloads keep the 0-based index.
 */
export function escalationLevelNumber(index: number): number {
  return index + 1;
}

export interface EscalationPolicy {
  levels: EscalationLevel[];
  /** How many times the whole sequence runs again after its last level (0 = once). */
  repeat: number;
}

export const MAX_ESCALATION_LEVELS = 20;
/** Same bound as the escalation_policies_repeat_range constraint. */
export const MAX_ESCALATION_REPEAT = 10;
export const MAX_UNACKNOWLEDGED_MINUTES = 7 * 24 * 60;
export const MAX_CLOCK_PERCENT = 1000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

type Path = (string | number)[];

// Messages are what to show at their path (inside the level's own box in the editor), so they do not
// repeat "Level 2"; `describeIssues` puts the path in front where they are read together.
function checkTrigger(value: unknown, at: Path, errors: ValidationIssue[]): void {
  if (!isPlainObject(value)) {
    errors.push(issue(at, 'Trigger must be an object with a kind.'));
    return;
  }
  const metricIssue = () => issue([...at, 'metric'], `Metric must be one of ${SLA_METRICS.join(', ')}.`);
  switch (value.kind) {
    case 'clock_percent':
      if (!(SLA_METRICS as readonly unknown[]).includes(value.metric)) errors.push(metricIssue());
      if (!isIntegerIn(value.percent, 1, MAX_CLOCK_PERCENT)) {
        errors.push(
          issue([...at, 'percent'], `Percent must be a whole number from 1 to ${MAX_CLOCK_PERCENT}.`),
        );
      }
      break;
    case 'clock_breached':
      if (!(SLA_METRICS as readonly unknown[]).includes(value.metric)) errors.push(metricIssue());
      break;
    case 'unacknowledged':
      if (!isIntegerIn(value.minutes, 1, MAX_UNACKNOWLEDGED_MINUTES)) {
        errors.push(
          issue(
            [...at, 'minutes'],
            `Minutes must be a whole number from 1 to ${MAX_UNACKNOWLEDGED_MINUTES}.`,
          ),
        );
      }
      break;
    default:
      errors.push(
        issue([...at, 'kind'], `Trigger kind must be one of ${ESCALATION_TRIGGER_KINDS.join(', ')}.`),
      );
  }
}

function checkTargets(value: unknown, at: Path, errors: ValidationIssue[]): EscalationTarget[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(issue(at, 'Needs at least one target (a user, a team or a role).'));
    return [];
  }
  const valid: EscalationTarget[] = [];
  value.forEach((target: unknown, index) => {
    const here = [...at, index];
    if (!isPlainObject(target)) {
      errors.push(issue(here, `Kind must be one of ${ESCALATION_TARGET_KINDS.join(', ')}.`));
      return;
    }
    if (!(ESCALATION_TARGET_KINDS as readonly unknown[]).includes(target.kind)) {
      errors.push(issue([...here, 'kind'], `Kind must be one of ${ESCALATION_TARGET_KINDS.join(', ')}.`));
      return;
    }
    if (typeof target.id !== 'string' || target.id.trim() === '') {
      // In the editor, a target whose user, team or role is still unchosen.
      errors.push(issue([...here, 'id'], 'Choose who this target is.'));
      return;
    }
    if (target.kind === 'role' && !(ROLES as readonly string[]).includes(target.id)) {
      errors.push(issue([...here, 'id'], `Unknown role "${target.id}" (expected ${ROLES.join(', ')}).`));
      return;
    }
    valid.push(target as unknown as EscalationTarget);
  });
  return valid;
}

function checkActions(
  value: unknown,
  targets: EscalationTarget[],
  at: Path,
  errors: ValidationIssue[],
): void {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(issue(at, `Needs at least one action (${ESCALATION_ACTIONS.join(', ')}).`));
    return;
  }
  value.forEach((action: unknown, index) => {
    if (!(ESCALATION_ACTIONS as readonly unknown[]).includes(action)) {
      errors.push(
        issue(
          [...at, index],
          `Unknown action "${String(action)}" (expected ${ESCALATION_ACTIONS.join(', ')}).`,
        ),
      );
    }
  });
  if (new Set(value).size !== value.length) errors.push(issue(at, 'Actions are listed more than once.'));
  // About the chosen actions rather than the targets: it is the action that cannot be carried out.
  if (value.includes('reassign') && !targets.some((t) => t.kind === 'user' || t.kind === 'team')) {
    errors.push(issue(at, 'Reassign needs a user or team target (a ticket cannot be assigned to a role).'));
  }
}

/**
 * Readable problems with a policy, each at its path in it (['repeat'], ['levels', 0, 'trigger',
 * 'percent'], ['levels', 1, 'targets', 0, 'id']); empty when it is usable.
 */
export function validateEscalationPolicy(value: unknown): ValidationIssue[] {
  if (!isPlainObject(value))
    return [issue([], 'An escalation policy must be an object with levels and repeat.')];
  const errors: ValidationIssue[] = [];
  if (!isIntegerIn(value.repeat, 0, MAX_ESCALATION_REPEAT)) {
    errors.push(issue(['repeat'], `Repeat must be a whole number from 0 to ${MAX_ESCALATION_REPEAT}.`));
  }
  const levels = value.levels;
  if (!Array.isArray(levels) || levels.length === 0) {
    errors.push(issue(['levels'], 'An escalation policy needs at least one level.'));
    return errors;
  }
  if (levels.length > MAX_ESCALATION_LEVELS) {
    errors.push(issue(['levels'], `An escalation policy has at most ${MAX_ESCALATION_LEVELS} levels.`));
  }
  levels.forEach((level: unknown, index) => {
    const at = ['levels', index];
    if (!isPlainObject(level)) {
      errors.push(issue(at, 'Must be an object with trigger, targets and actions.'));
      return;
    }
    checkTrigger(level.trigger, [...at, 'trigger'], errors);
    const targets = checkTargets(level.targets, [...at, 'targets'], errors);
    checkActions(level.actions, targets, [...at, 'actions'], errors);
  });
  return errors;
}

/** The policy itself when valid; throws one Error listing every problem otherwise. */
export function parseEscalationPolicy(value: unknown): EscalationPolicy {
  const errors = validateEscalationPolicy(value);
  if (errors.length > 0) throw new Error(`Invalid escalation policy: ${describeIssues(errors)}`);
  return value as EscalationPolicy;
}
