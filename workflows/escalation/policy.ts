// Escalation policies (DESIGN.md §2.5): what escalation_policies stores (levels jsonb + repeat), and a
// structural validator usable in the browser. Evaluation lives in progress.ts.

import { SLA_METRICS, type SlaMetric } from '../sla/constants';
import { ROLES } from '../tickets/constants';

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
 * The number people read for a level: 1 for the first, as the editor and the validator's messages count
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

function checkTrigger(value: unknown, where: string, errors: string[]): void {
  if (!isPlainObject(value)) {
    errors.push(`${where}: trigger must be an object with a kind.`);
    return;
  }
  switch (value.kind) {
    case 'clock_percent':
      if (!(SLA_METRICS as readonly unknown[]).includes(value.metric)) {
        errors.push(`${where}: metric must be one of ${SLA_METRICS.join(', ')}.`);
      }
      if (!isIntegerIn(value.percent, 1, MAX_CLOCK_PERCENT)) {
        errors.push(`${where}: percent must be a whole number from 1 to ${MAX_CLOCK_PERCENT}.`);
      }
      break;
    case 'clock_breached':
      if (!(SLA_METRICS as readonly unknown[]).includes(value.metric)) {
        errors.push(`${where}: metric must be one of ${SLA_METRICS.join(', ')}.`);
      }
      break;
    case 'unacknowledged':
      if (!isIntegerIn(value.minutes, 1, MAX_UNACKNOWLEDGED_MINUTES)) {
        errors.push(`${where}: minutes must be a whole number from 1 to ${MAX_UNACKNOWLEDGED_MINUTES}.`);
      }
      break;
    default:
      errors.push(`${where}: trigger kind must be one of ${ESCALATION_TRIGGER_KINDS.join(', ')}.`);
  }
}

function checkTargets(value: unknown, where: string, errors: string[]): EscalationTarget[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(`${where}: needs at least one target (a user, a team or a role).`);
    return [];
  }
  const valid: EscalationTarget[] = [];
  value.forEach((target: unknown, index) => {
    const at = `${where}, target #${index + 1}`;
    if (!isPlainObject(target) || !(ESCALATION_TARGET_KINDS as readonly unknown[]).includes(target.kind)) {
      errors.push(`${at}: kind must be one of ${ESCALATION_TARGET_KINDS.join(', ')}.`);
      return;
    }
    if (typeof target.id !== 'string' || target.id.trim() === '') {
      errors.push(`${at}: id must be a non-empty string.`);
      return;
    }
    if (target.kind === 'role' && !(ROLES as readonly string[]).includes(target.id)) {
      errors.push(`${at}: unknown role "${target.id}" (expected ${ROLES.join(', ')}).`);
      return;
    }
    valid.push(target as unknown as EscalationTarget);
  });
  return valid;
}

function checkActions(value: unknown, targets: EscalationTarget[], where: string, errors: string[]): void {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(`${where}: needs at least one action (${ESCALATION_ACTIONS.join(', ')}).`);
    return;
  }
  for (const action of value) {
    if (!(ESCALATION_ACTIONS as readonly unknown[]).includes(action)) {
      errors.push(
        `${where}: unknown action "${String(action)}" (expected ${ESCALATION_ACTIONS.join(', ')}).`,
      );
    }
  }
  if (new Set(value).size !== value.length) errors.push(`${where}: actions are listed more than once.`);
  if (value.includes('reassign') && !targets.some((t) => t.kind === 'user' || t.kind === 'team')) {
    errors.push(`${where}: reassign needs a user or team target (a ticket cannot be assigned to a role).`);
  }
}

/** Readable problems with a policy; empty when it is usable. */
export function validateEscalationPolicy(value: unknown): string[] {
  if (!isPlainObject(value)) return ['An escalation policy must be an object with levels and repeat.'];
  const errors: string[] = [];
  if (!isIntegerIn(value.repeat, 0, MAX_ESCALATION_REPEAT)) {
    errors.push(`repeat must be a whole number from 0 to ${MAX_ESCALATION_REPEAT}.`);
  }
  const levels = value.levels;
  if (!Array.isArray(levels) || levels.length === 0) {
    errors.push('An escalation policy needs at least one level.');
    return errors;
  }
  if (levels.length > MAX_ESCALATION_LEVELS) {
    errors.push(`An escalation policy has at most ${MAX_ESCALATION_LEVELS} levels.`);
  }
  levels.forEach((level: unknown, index) => {
    const where = `Level ${escalationLevelNumber(index)}`;
    if (!isPlainObject(level)) {
      errors.push(`${where}: must be an object with trigger, targets and actions.`);
      return;
    }
    checkTrigger(level.trigger, where, errors);
    const targets = checkTargets(level.targets, where, errors);
    checkActions(level.actions, targets, where, errors);
  });
  return errors;
}

/** The policy itself when valid; throws one Error listing every problem otherwise. */
export function parseEscalationPolicy(value: unknown): EscalationPolicy {
  const errors = validateEscalationPolicy(value);
  if (errors.length > 0) throw new Error(`Invalid escalation policy: ${errors.join(' ')}`);
  return value as EscalationPolicy;
}
