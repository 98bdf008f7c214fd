'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Input, Select } from '@/app/_components/form';
import { issuesOf } from '@/app/_components/forms/server-error';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { policyInput } from '@/server/services/sla-policies/schemas';
import type { SlaTargets } from '@/workflows/sla/targets';
import { PRIORITIES, SEVERITIES } from '@/workflows/tickets/constants';
import { EditorFrame } from './editor-frame';

const MINUTE = 60_000;
const ROWS = [
  ...PRIORITIES.map((p) => ({ table: 'byPriority' as const, key: p, label: p })),
  ...SEVERITIES.map((s) => ({ table: 'bySeverity' as const, key: s, label: `Security: ${s}` })),
];
const SLA_METRICS = ['response', 'resolution'] as const;
const OLA_METRICS = [
  ['handoff_acceptance', 'Handoff acceptance (OLA)'],
  ['noc_action', 'NOC action (OLA)'],
] as const;

// Keys join metric, table and scope with `__`: react-hook-form would read dots as nesting.
type Cell = { minutes: string; calendarId: string };
interface FormValues {
  name: string;
  calendarId: string;
  escalationPolicyId: string;
  thresholds: string;
  cells: Record<string, Cell>;
}

type Initial = {
  id: string;
  name: string;
  calendarId: string;
  escalationPolicyId: string | null;
  targets: Record<string, unknown>;
  warnThresholds: number[];
} | null;

function cellsFrom(targets: SlaTargets): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  const put = (key: string, t: { ms: number; calendarId?: string } | undefined) => {
    cells[key] = { minutes: t ? String(t.ms / MINUTE) : '', calendarId: t?.calendarId ?? '' };
  };
  for (const metric of SLA_METRICS) {
    for (const row of ROWS)
      put(`${metric}__${row.table}__${row.key}`, targets[metric]?.[row.table]?.[row.key as never]);
  }
  for (const [metric] of OLA_METRICS) put(`${metric}__default`, targets[metric]?.default);
  return cells;
}

function targetsFrom(cells: Record<string, Cell>): SlaTargets {
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

/** A schema path as this form's field: `targets.response.byPriority.P1.ms` is the cell `response__byPriority__P1`. */
function fieldOf(path: string): string {
  const [head, metric, table, scope, leaf] = path.split('.');
  if (head === 'warnThresholds') return 'thresholds';
  if (head !== 'targets' || !metric || !table) return path;
  if (table === 'default')
    return `cells.${metric}__default.${scope === 'calendarId' ? 'calendarId' : 'minutes'}`;
  if (!scope) return path;
  return `cells.${metric}__${table}__${scope}.${leaf === 'calendarId' ? 'calendarId' : 'minutes'}`;
}

/** An SLA policy: targets in minutes per priority / severity (optionally on their own calendar), OLAs, thresholds. */
export function PolicyEditor(props: {
  initial: Initial;
  readOnly: boolean;
  calendars: { id: string; name: string }[];
  escalationPolicies: { id: string; name: string }[];
}) {
  const { initial, readOnly, calendars } = props;
  const trpc = useTRPC();
  const [saved, setSaved] = useState<string | null>(null);
  const prefix = initial?.id ?? 'new-policy';
  // The form's values are cells and text, not the schema's input: build the input, then run the schema
  // the server runs, its issues shown like the server's (under the cell they are about).
  const f = useServerForm<FormValues>(
    null,
    {
      name: initial?.name ?? '',
      calendarId: initial?.calendarId ?? calendars[0]?.id ?? '',
      escalationPolicyId: initial?.escalationPolicyId ?? '',
      thresholds: (initial?.warnThresholds ?? [75, 90]).join(', '),
      cells: cellsFrom((initial?.targets ?? {}) as SlaTargets),
    },
    prefix,
    { keepValues: true, pathOf: fieldOf, onSuccess: () => setSaved('Saved.') },
  );
  const save = useMutation(trpc.sla.savePolicy.mutationOptions(f.callbacks));
  const send = f.onSubmit((values) => {
    const input = {
      id: initial?.id,
      name: values.name,
      calendarId: values.calendarId,
      escalationPolicyId: values.escalationPolicyId || null,
      warnThresholds: values.thresholds
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number),
      targets: targetsFrom(values.cells) as Record<string, unknown>,
    };
    const parsed = policyInput.safeParse(input);
    if (!parsed.success) return void f.reject(issuesOf(parsed.error));
    return save.mutateAsync(input);
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    setSaved(null);
    return send(event);
  };
  const calendarSelect = (key: string) => (
    <Select aria-label={`Calendar for ${key}`} className="py-0.5" {...f.register(`cells.${key}.calendarId`)}>
      <option value="">Policy calendar</option>
      {calendars.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </Select>
  );
  return (
    <EditorFrame
      label={initial ? `Policy ${initial.name}` : 'New policy'}
      legend={initial ? initial.name : 'New policy'}
      idPrefix={prefix}
      readOnly={readOnly}
      error={f.failure ?? undefined}
      saved={saved}
      pending={f.pending}
      submitLabel={initial ? 'Save policy' : 'Create policy'}
      onSubmit={onSubmit}
    >
      <div className="grid grid-cols-4 gap-3">
        {f.field('name', 'Name', <Input {...f.register('name')} />)}
        {f.select(
          'calendarId',
          'Calendar',
          calendars.map((c) => [c.id, c.name] as const),
        )}
        {f.field(
          'escalationPolicyId',
          'Escalation policy',
          <Select {...f.register('escalationPolicyId')}>
            <option value="">None</option>
            {props.escalationPolicies.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </Select>,
        )}
        {f.field('thresholds', 'Warn at (%)', <Input {...f.register('thresholds')} />)}
      </div>
      <table className="text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th className="pr-3 font-medium">Target (minutes)</th>
            {SLA_METRICS.map((m) => (
              <th key={m} className="pr-3 font-medium" colSpan={2}>
                {m}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.key}>
              <td className="pr-3">{row.label}</td>
              {SLA_METRICS.map((metric) => {
                const key = `${metric}__${row.table}__${row.key}`;
                return [
                  <td key={`${key}-m`} className="py-0.5 pr-1">
                    <Input
                      aria-label={`${metric} ${row.label} minutes`}
                      className="w-24 py-0.5"
                      {...f.register(`cells.${key}.minutes`)}
                    />
                    {f.error(`cells.${key}.minutes`)}
                  </td>,
                  <td key={`${key}-c`} className="py-0.5 pr-3">
                    {calendarSelect(key)}
                    {f.error(`cells.${key}.calendarId`)}
                  </td>,
                ];
              })}
            </tr>
          ))}
          {OLA_METRICS.map(([metric, label]) => (
            <tr key={metric}>
              <td className="pr-3">{label}</td>
              <td className="py-0.5 pr-1">
                <Input
                  aria-label={`${label} minutes`}
                  className="w-24 py-0.5"
                  {...f.register(`cells.${metric}__default.minutes`)}
                />
                {f.error(`cells.${metric}__default.minutes`)}
              </td>
              <td className="py-0.5 pr-3">
                {calendarSelect(`${metric}__default`)}
                {f.error(`cells.${metric}__default.calendarId`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </EditorFrame>
  );
}
