'use client';

import { useMutation } from '@tanstack/react-query';
import { Input, Select } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import { policyInput } from '@/server/services/sla-policies/schemas';
import { EditorFrame } from './editor-frame';
import {
  cellKey,
  OLA_ROWS,
  type PolicyFormValues,
  policyFieldOf,
  policyFormValues,
  policyInputOf,
  SLA_COLUMNS,
  type StoredPolicy,
  TARGET_ROWS,
} from './policy-form';
import { useEditorForm } from './use-editor-form';

type Choice = { id: string; name: string };

/**
 * An SLA policy: targets in minutes per priority / severity (each optionally on its own calendar), OLAs,
 * warning thresholds. Every message (the server's too) lands under the cell of its row.
 */
export function PolicyEditor(props: {
  initial: StoredPolicy | null;
  readOnly: boolean;
  calendars: Choice[];
  escalationPolicies: Choice[];
  notice?: string;
}) {
  const { initial, readOnly, calendars } = props;
  const trpc = useTRPC();
  const prefix = initial?.id ?? 'new-policy';
  // The form's values are cells and text, not the schema's input: policyInputOf, then the schema the
  // server runs.
  const { f, check, frame } = useEditorForm<PolicyFormValues>(
    null,
    policyFormValues(initial, calendars[0]?.id ?? ''),
    prefix,
    { pathOf: policyFieldOf, creates: initial ? undefined : 'policies', notice: props.notice },
  );
  const save = useMutation(trpc.sla.savePolicy.mutationOptions(f.callbacks));
  const framing = frame((values) => {
    const input = policyInputOf(values, initial?.id);
    return check(policyInput, input) ? save.mutateAsync(input) : undefined;
  });

  /** One target: its minutes and its calendar, each with its own error line. */
  const targetCells = (key: string, label: string) => [
    <td key={`${key}-m`} className="py-0.5 pr-1">
      <Input
        aria-label={`${label} minutes`}
        className="w-24 py-0.5"
        {...f.register(`cells.${key}.minutes`)}
      />
      {f.error(`cells.${key}.minutes`)}
    </td>,
    <td key={`${key}-c`} className="py-0.5 pr-3">
      <Select
        aria-label={`Calendar for ${label}`}
        className="py-0.5"
        {...f.register(`cells.${key}.calendarId`)}
      >
        <option value="">Policy calendar</option>
        {calendars.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </Select>
      {f.error(`cells.${key}.calendarId`)}
    </td>,
  ];

  return (
    <EditorFrame
      {...framing}
      label={initial ? `Policy ${initial.name}` : 'New policy'}
      legend={initial ? initial.name : 'New policy'}
      readOnly={readOnly}
      submitLabel={initial ? 'Save policy' : 'Create policy'}
    >
      <div className="grid grid-cols-4 gap-3">
        {f.field('name', 'Name', <Input {...f.register('name')} />)}
        {f.select(
          'calendarId',
          'Calendar',
          calendars.map((c) => [c.id, c.name] as const),
        )}
        {f.select('escalationPolicyId', 'Escalation policy', [
          ['', 'None'] as const,
          ...props.escalationPolicies.map((e) => [e.id, e.name] as const),
        ])}
        {f.field('thresholds', 'Warn at (%)', <Input {...f.register('thresholds')} />)}
      </div>
      <table className="text-sm" aria-label="Targets">
        <thead className="text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th className="pr-3 font-medium">Target (minutes)</th>
            {SLA_COLUMNS.map((m) => (
              <th key={m} className="pr-3 font-medium" colSpan={2}>
                {m}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {TARGET_ROWS.map((row) => (
            <tr key={row.key} data-row={row.key}>
              <th scope="row" className="pr-3 text-left font-normal">
                {row.label}
              </th>
              {SLA_COLUMNS.flatMap((metric) =>
                targetCells(cellKey(metric, row.table, row.key), `${metric} ${row.label}`),
              )}
            </tr>
          ))}
          {OLA_ROWS.map(([metric, label]) => (
            <tr key={metric} data-row={metric}>
              <th scope="row" className="pr-3 text-left font-normal">
                {label}
              </th>
              {targetCells(cellKey(metric, 'default'), label)}
            </tr>
          ))}
        </tbody>
      </table>
    </EditorFrame>
  );
}
