// SLA policy targets (DESIGN.md §2.4): what sla_policies.targets stores, how a clock's target is chosen,
// and a structural validator usable in the browser (no I/O, no date-holidays).
//
// Shape: per metric, a table by priority (P1–P4), a table by severity (security incidents), and a default.
// Resolution order for a ticket: its severity's entry (when the ticket has a severity and the table has
// that entry), else its priority's entry, else the metric's default, else no SLA for that metric (null).
// Outages have no severity, so they always use the priority table. The OLAs (handoff_acceptance,
// noc_action) use the same shape; typically just a default, or per priority of the outage concerned.
// A target may name its own business calendar (e.g. P1 counted 24×7 while P3 counts office hours);
// without one the policy's calendar applies.

import { PRIORITIES, type Priority, SEVERITIES, type Severity } from '../tickets/constants';
import { issue, type ValidationIssue } from '../validation';
import { HOUR_MS, MINUTE_MS, SLA_METRICS, type SlaMetric } from './constants';

export interface SlaTarget {
  /** Business milliseconds allowed, a positive integer. */
  ms: number;
  /** The business calendar to count in, when not the policy's own. */
  calendarId?: string;
}

export interface MetricTargets {
  byPriority?: Partial<Record<Priority, SlaTarget>>;
  bySeverity?: Partial<Record<Severity, SlaTarget>>;
  default?: SlaTarget;
}

export type SlaTargets = Partial<Record<SlaMetric, MetricTargets>>;

export interface TargetFacts {
  priority: Priority;
  /** Security incidents only; null / absent falls back to the priority. */
  severity?: Severity | null;
}

/** Longest target accepted (a year of business time is already beyond any real contract). */
export const MAX_TARGET_MS = 366 * 24 * HOUR_MS;

/** A sensible starting policy: for the seed and the "new policy" form. */
export const DEFAULT_SLA_TARGETS: SlaTargets = {
  response: {
    byPriority: {
      P1: { ms: 15 * MINUTE_MS },
      P2: { ms: 30 * MINUTE_MS },
      P3: { ms: 4 * HOUR_MS },
      P4: { ms: 8 * HOUR_MS },
    },
    bySeverity: {
      critical: { ms: 15 * MINUTE_MS },
      high: { ms: 30 * MINUTE_MS },
      medium: { ms: 4 * HOUR_MS },
      low: { ms: 8 * HOUR_MS },
    },
  },
  resolution: {
    byPriority: {
      P1: { ms: 4 * HOUR_MS },
      P2: { ms: 8 * HOUR_MS },
      P3: { ms: 24 * HOUR_MS },
      P4: { ms: 72 * HOUR_MS },
    },
    bySeverity: {
      critical: { ms: 8 * HOUR_MS },
      high: { ms: 24 * HOUR_MS },
      medium: { ms: 72 * HOUR_MS },
      low: { ms: 120 * HOUR_MS },
    },
  },
  handoff_acceptance: { default: { ms: 15 * MINUTE_MS } },
  noc_action: { default: { ms: HOUR_MS } },
};

/** The target a ticket's clock of `metric` starts with, or null when the policy sets none (no clock). */
export function resolveTarget(targets: SlaTargets, metric: SlaMetric, facts: TargetFacts): SlaTarget | null {
  const table = targets[metric];
  if (!table) return null;
  if (facts.severity) {
    const bySeverity = table.bySeverity?.[facts.severity];
    if (bySeverity) return bySeverity;
  }
  return table.byPriority?.[facts.priority] ?? table.default ?? null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// `path` is where the value sits in the targets object; messages name it too ("response.default: …").
function checkTarget(value: unknown, path: string[], errors: ValidationIssue[]): void {
  const where = path.join('.');
  if (!isPlainObject(value)) {
    errors.push(issue(path, `${where}: must be an object like { "ms": 900000 }.`));
    return;
  }
  for (const key of Object.keys(value)) {
    if (key !== 'ms' && key !== 'calendarId')
      errors.push(issue([...path, key], `${where}: unknown field "${key}".`));
  }
  const ms = value.ms;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms <= 0 || ms > MAX_TARGET_MS) {
    errors.push(
      issue(
        [...path, 'ms'],
        `${where}: ms must be a whole number of milliseconds between 1 and ${MAX_TARGET_MS}.`,
      ),
    );
  }
  if (
    value.calendarId !== undefined &&
    (typeof value.calendarId !== 'string' || !UUID.test(value.calendarId))
  ) {
    errors.push(
      issue(
        [...path, 'calendarId'],
        `${where}: calendarId must be the id of a business calendar when given.`,
      ),
    );
  }
}

/** A calendar id is a UUID (business_calendars.id): anything else would fail every lookup of it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every target that names its own calendar, with its path in the targets object (['response', 'default']). */
export function targetCalendarRefs(targets: SlaTargets): Array<{ path: string[]; calendarId: string }> {
  const refs: Array<{ path: string[]; calendarId: string }> = [];
  for (const [metric, table] of Object.entries(targets)) {
    if (!table) continue;
    const entries: Array<[string[], SlaTarget | undefined]> = [
      ...Object.entries(table.byPriority ?? {}).map(([k, t]): [string[], SlaTarget] => [
        [metric, 'byPriority', k],
        t,
      ]),
      ...Object.entries(table.bySeverity ?? {}).map(([k, t]): [string[], SlaTarget] => [
        [metric, 'bySeverity', k],
        t,
      ]),
      [[metric, 'default'], table.default],
    ];
    for (const [path, target] of entries)
      if (target?.calendarId) refs.push({ path: [...path, 'calendarId'], calendarId: target.calendarId });
  }
  return refs;
}

/** The calendars a targets object names (besides its policy's own), each once. */
export function targetCalendarIds(targets: SlaTargets): string[] {
  return [...new Set(targetCalendarRefs(targets).map((ref) => ref.calendarId))];
}

function checkTable(
  value: unknown,
  keys: readonly string[],
  path: string[],
  errors: ValidationIssue[],
): void {
  const where = path.join('.');
  if (!isPlainObject(value)) {
    errors.push(issue(path, `${where}: must be an object keyed by ${keys.join(', ')}.`));
    return;
  }
  for (const [key, target] of Object.entries(value)) {
    if (!keys.includes(key))
      errors.push(issue([...path, key], `${where}: unknown key "${key}" (expected ${keys.join(', ')}).`));
    else checkTarget(target, [...path, key], errors);
  }
}

/**
 * Readable problems with a targets object, each at its path in it (['resolution', 'byPriority', 'P1',
 * 'ms']); empty when it is usable.
 */
export function validateSlaTargets(value: unknown): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  if (!isPlainObject(value)) return [issue([], 'SLA targets must be an object keyed by metric.')];
  for (const [metric, table] of Object.entries(value)) {
    if (!(SLA_METRICS as readonly string[]).includes(metric)) {
      errors.push(issue([metric], `Unknown metric "${metric}" (expected ${SLA_METRICS.join(', ')}).`));
      continue;
    }
    if (!isPlainObject(table)) {
      errors.push(
        issue([metric], `${metric}: must be an object with byPriority, bySeverity and/or default.`),
      );
      continue;
    }
    for (const [key, entry] of Object.entries(table)) {
      if (key === 'byPriority') checkTable(entry, PRIORITIES, [metric, 'byPriority'], errors);
      else if (key === 'bySeverity') checkTable(entry, SEVERITIES, [metric, 'bySeverity'], errors);
      else if (key === 'default') checkTarget(entry, [metric, 'default'], errors);
      else
        errors.push(
          issue(
            [metric, key],
            `${metric}: unknown field "${key}" (expected byPriority, bySeverity, default).`,
          ),
        );
    }
  }
  return errors;
}
