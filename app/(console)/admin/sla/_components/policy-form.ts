import type { PolicyInput } from '@/server/services/sla-policies/schemas';
import type { SlaTargets } from '@/workflows/sla/targets';
import { PRIORITIES, SEVERITIES } from '@/workflows/tickets/constants';

// The SLA policy editor's values (a grid of cells) and their way to and from the service's input (pure:
// tested without a browser in policy-form.test.ts).

const MINUTE = 60_000;

/** The grid's rows: one per priority, and one per severity for security incidents. */
export const TARGET_ROWS = [
  ...PRIORITIES.map((p) => ({ table: 'byPriority' as const, key: p, label: p })),
  ...SEVERITIES.map((s) => ({ table: 'bySeverity' as const, key: s, label: `Security: ${s}` })),
];
export const SLA_COLUMNS = ['response', 'resolution'] as const;
/** The OLAs: one row each, a single target. */
export const OLA_ROWS = [
  ['handoff_acceptance', 'Handoff acceptance (OLA)'],
  ['noc_action', 'NOC action (OLA)'],
] as const;

/** A cell's key joins metric, table and scope with `__` (react-hook-form would read dots as nesting). */
export const cellKey = (metric: string, table: string, scope?: string) =>
  scope ? `${metric}__${table}__${scope}` : `${metric}__${table}`;

export type Cell = { minutes: string; calendarId: string };

export interface PolicyFormValues {
  name: string;
  calendarId: string;
  escalationPolicyId: string;
  thresholds: string;
  cells: Record<string, Cell>;
}

export interface StoredPolicy {
  id: string;
  name: string;
  calendarId: string;
  escalationPolicyId: string | null;
  targets: SlaTargets;
  warnThresholds: number[];
}

export function cellsFrom(targets: SlaTargets): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  const put = (key: string, t: { ms: number; calendarId?: string } | undefined) => {
    cells[key] = { minutes: t ? String(t.ms / MINUTE) : '', calendarId: t?.calendarId ?? '' };
  };
  for (const metric of SLA_COLUMNS) {
    for (const row of TARGET_ROWS)
      put(cellKey(metric, row.table, row.key), targets[metric]?.[row.table]?.[row.key as never]);
  }
  for (const [metric] of OLA_ROWS) put(cellKey(metric, 'default'), targets[metric]?.default);
  return cells;
}

export function targetsFrom(cells: Record<string, Cell>): SlaTargets {
  const targets: Record<string, Record<string, unknown>> = {};
  for (const [key, cell] of Object.entries(cells)) {
    if (!cell.minutes.trim()) continue;
    const [metric, table, scope] = key.split('__') as [string, string, string | undefined];
    const target = {
      ms: Math.round(Number(cell.minutes) * MINUTE),
      ...(cell.calendarId ? { calendarId: cell.calendarId } : {}),
    };
    targets[metric] ??= {};
    if (scope) targets[metric][table] = { ...(targets[metric][table] as object), [scope]: target };
    else targets[metric][table] = target;
  }
  return targets as SlaTargets;
}

export function policyFormValues(stored: StoredPolicy | null, defaultCalendarId: string): PolicyFormValues {
  return {
    name: stored?.name ?? '',
    calendarId: stored?.calendarId ?? defaultCalendarId,
    escalationPolicyId: stored?.escalationPolicyId ?? '',
    thresholds: (stored?.warnThresholds ?? [75, 90]).join(', '),
    cells: cellsFrom(stored?.targets ?? {}),
  };
}

export function policyInputOf(values: PolicyFormValues, id?: string): PolicyInput {
  return {
    id,
    name: values.name,
    calendarId: values.calendarId,
    escalationPolicyId: values.escalationPolicyId || null,
    warnThresholds: values.thresholds
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number),
    targets: targetsFrom(values.cells) as Record<string, unknown>,
  };
}

/**
 * A server (or schema) path as this form's field: `targets.response.byPriority.P1.ms` is the minutes of
 * the P1 row's response cell, `….calendarId` that cell's calendar; the thresholds are one text field.
 */
export function policyFieldOf(path: string): string {
  const [head, metric, table, scope, leaf] = path.split('.');
  if (head === 'warnThresholds') return 'thresholds';
  if (head !== 'targets' || !metric || !table) return path;
  if (table === 'default')
    return `cells.${cellKey(metric, 'default')}.${scope === 'calendarId' ? 'calendarId' : 'minutes'}`;
  if (!scope) return path;
  return `cells.${cellKey(metric, table, scope)}.${leaf === 'calendarId' ? 'calendarId' : 'minutes'}`;
}
