'use client';

import { useMutation } from '@tanstack/react-query';
import { type FieldErrors, type UseFormReturn, useFieldArray, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { Button, FieldError, Input, Label, Select } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import {
  ESCALATION_TARGET_ROLES,
  ESCALATION_TEAMS,
  escalationPolicyInput,
} from '@/server/services/escalation-policies/schemas';
import { escalationPolicyWarnings } from '@/server/services/escalation-policies/warnings';
import {
  ESCALATION_ACTIONS,
  ESCALATION_TARGET_KINDS,
  ESCALATION_TRIGGER_KINDS,
  MAX_ESCALATION_LEVELS,
} from '@/workflows/escalation/policy';
import { SLA_METRICS } from '@/workflows/sla/constants';
import type { Role } from '@/workflows/tickets/constants';
import { EditorFrame } from './editor-frame';
import { useEditorForm } from './use-editor-form';

type FormInput = z.input<typeof escalationPolicyInput>;
type FormOutput = z.output<typeof escalationPolicyInput>;
type LevelInput = FormInput['levels'][number];
type TargetInput = LevelInput['targets'][number];
type Form = UseFormReturn<FormInput, unknown, FormOutput>;

export interface StaffOption {
  id: string;
  name: string;
  role: string;
}

const TRIGGER_LABELS: Record<(typeof ESCALATION_TRIGGER_KINDS)[number], string> = {
  unacknowledged: 'Unacknowledged for',
  clock_percent: 'Clock reaches %',
  clock_breached: 'Clock breached',
};
const METRIC_LABELS: Record<(typeof SLA_METRICS)[number], string> = {
  response: 'Response',
  resolution: 'Resolution',
  handoff_acceptance: 'Handoff acceptance (OLA)',
  noc_action: 'NOC action (OLA)',
};
const ACTION_LABELS: Record<(typeof ESCALATION_ACTIONS)[number], string> = {
  notify: 'notify',
  reassign: 'reassign',
  raise_priority: 'raise priority',
};
const TEAM_LABELS: Record<(typeof ESCALATION_TEAMS)[number], string> = { noc: 'NOC', soc: 'SOC' };

/** What a target's id becomes when its kind changes: something valid, except a user, who must be chosen. */
const DEFAULT_TARGET_ID: Record<TargetInput['kind'], string> = { user: '', team: 'noc', role: 'manager' };

function newLevel(): LevelInput {
  return {
    trigger: { kind: 'unacknowledged', metric: 'response', percent: 80, minutes: 15 },
    targets: [{ kind: 'team', id: 'noc' }],
    actions: ['notify'],
  };
}

/**
 * A stored level as form values: every trigger parameter present (switching the trigger kind shows
 * sensible values; the schema stores only the chosen kind's).
 */
function levelValues(stored: unknown): LevelInput {
  const level = (stored ?? {}) as Partial<{
    trigger: Partial<LevelInput['trigger']>;
    targets: TargetInput[];
    actions: LevelInput['actions'];
  }>;
  const fresh = newLevel();
  return {
    trigger: { ...fresh.trigger, ...level.trigger },
    targets: Array.isArray(level.targets) ? level.targets.map((t) => ({ kind: t.kind, id: t.id })) : [],
    actions: Array.isArray(level.actions) ? [...level.actions] : [],
  };
}

/** The message at a path of RHF's error tree: a field's own, or an array's (`root`, from zodResolver). */
function messageAt(errors: FieldErrors<FormInput>, path: string): string | undefined {
  let node: unknown = errors;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  const at = node as { message?: unknown; root?: { message?: unknown } } | undefined;
  const message = at?.message ?? at?.root?.message;
  return typeof message === 'string' ? message : undefined;
}

/** Props that tie a control to its error line below it (and to its warning, if it has one). */
function described(errors: FieldErrors<FormInput>, prefix: string, path: string, warned = false) {
  const invalid = messageAt(errors, path) !== undefined;
  const ids = [invalid && `${prefix}-${path}-error`, warned && `${prefix}-${path}-warning`].filter(Boolean);
  return { 'aria-invalid': invalid, 'aria-describedby': ids.length ? ids.join(' ') : undefined };
}

/** Not an error: the policy saves, but this target will be skipped on security incidents. */
function FieldWarning({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-amber-800 dark:text-amber-300">
      <span className="font-semibold">Warning:</span> {message}
    </p>
  );
}

function TargetRow(props: {
  form: Form;
  prefix: string;
  level: number;
  index: number;
  staff: StaffOption[];
  warnings: ReadonlyMap<string, string>;
  onRemove: () => void;
}) {
  const { form, prefix, level, index, staff } = props;
  const errors = form.formState.errors;
  const base = `levels.${level}.targets.${index}` as const;
  const kind = useWatch({ control: form.control, name: `${base}.kind` });
  const id = useWatch({ control: form.control, name: `${base}.id` });
  const label = `Level ${level + 1} target ${index + 1}`;
  const kindField = form.register(`${base}.kind`);
  const idField = form.register(`${base}.id`);
  const warning = props.warnings.get(`${base}.id`);
  const idProps = { ...idField, ...described(errors, prefix, `${base}.id`, warning !== undefined) };
  const unknownUser = kind === 'user' && id && !staff.some((s) => s.id === id);
  return (
    <li className="flex flex-wrap items-start gap-2">
      <div className="w-28">
        <Select
          aria-label={`${label} kind`}
          {...kindField}
          onChange={(event) => {
            void kindField.onChange(event);
            const next = event.target.value as TargetInput['kind'];
            form.setValue(`${base}.id`, DEFAULT_TARGET_ID[next], { shouldDirty: true });
          }}
        >
          {ESCALATION_TARGET_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </Select>
      </div>
      <div className="w-64">
        {kind === 'user' && (
          <Select key="user" aria-label={`${label} user`} {...idProps}>
            <option value="">Choose a person…</option>
            {unknownUser && <option value={id}>Unknown or inactive user</option>}
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.role})
              </option>
            ))}
          </Select>
        )}
        {kind === 'team' && (
          <Select key="team" aria-label={`${label} team`} {...idProps}>
            {!(ESCALATION_TEAMS as readonly string[]).includes(id) && <option value={id}>{id}</option>}
            {ESCALATION_TEAMS.map((t) => (
              <option key={t} value={t}>
                {TEAM_LABELS[t]}
              </option>
            ))}
          </Select>
        )}
        {kind === 'role' && (
          <Select key="role" aria-label={`${label} role`} {...idProps}>
            {!(ESCALATION_TARGET_ROLES as readonly string[]).includes(id) && <option value={id}>{id}</option>}
            {ESCALATION_TARGET_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        )}
        <FieldError id={`${prefix}-${base}.id-error`} message={messageAt(errors, `${base}.id`)} />
        <FieldError id={`${prefix}-${base}.kind-error`} message={messageAt(errors, `${base}.kind`)} />
        <FieldWarning id={`${prefix}-${base}.id-warning`} message={warning} />
      </div>
      <Button type="button" variant="ghost" onClick={props.onRemove}>
        Remove {label.toLowerCase()}
      </Button>
    </li>
  );
}

function LevelFields(props: {
  form: Form;
  prefix: string;
  index: number;
  count: number;
  staff: StaffOption[];
  warnings: ReadonlyMap<string, string>;
  onRemove: () => void;
}) {
  const { form, prefix, index, staff } = props;
  const errors = form.formState.errors;
  const n = index + 1;
  const base = `levels.${index}` as const;
  const targets = useFieldArray({ control: form.control, name: `${base}.targets` });
  const kind = useWatch({ control: form.control, name: `${base}.trigger.kind` });
  const error = (path: string) => (
    <FieldError id={`${prefix}-${path}-error`} message={messageAt(errors, path)} />
  );
  return (
    <fieldset className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <legend className="px-1 text-sm font-semibold">Level {n}</legend>
      <div className="flex flex-wrap items-start gap-3">
        <div className="w-48">
          <Label htmlFor={`${prefix}-${base}-trigger`}>Level {n} trigger</Label>
          <Select id={`${prefix}-${base}-trigger`} {...form.register(`${base}.trigger.kind`)}>
            {ESCALATION_TRIGGER_KINDS.map((k) => (
              <option key={k} value={k}>
                {TRIGGER_LABELS[k]}
              </option>
            ))}
          </Select>
          {error(`${base}.trigger.kind`)}
        </div>
        {kind === 'unacknowledged' && (
          <div className="max-w-64">
            <Label htmlFor={`${prefix}-${base}-minutes`}>Level {n} minutes</Label>
            <div className="w-32">
              <Input
                id={`${prefix}-${base}-minutes`}
                type="number"
                {...described(errors, prefix, `${base}.trigger.minutes`)}
                {...form.register(`${base}.trigger.minutes`, { valueAsNumber: true })}
              />
            </div>
            {error(`${base}.trigger.minutes`)}
          </div>
        )}
        {kind === 'clock_percent' && (
          <div className="max-w-64">
            <Label htmlFor={`${prefix}-${base}-percent`}>Level {n} percent</Label>
            <div className="w-32">
              <Input
                id={`${prefix}-${base}-percent`}
                type="number"
                {...described(errors, prefix, `${base}.trigger.percent`)}
                {...form.register(`${base}.trigger.percent`, { valueAsNumber: true })}
              />
            </div>
            {error(`${base}.trigger.percent`)}
          </div>
        )}
        {(kind === 'clock_percent' || kind === 'clock_breached') && (
          <div className="w-56">
            <Label htmlFor={`${prefix}-${base}-clock`}>Level {n} clock</Label>
            <Select
              id={`${prefix}-${base}-clock`}
              {...described(errors, prefix, `${base}.trigger.metric`)}
              {...form.register(`${base}.trigger.metric`)}
            >
              {SLA_METRICS.map((m) => (
                <option key={m} value={m}>
                  {METRIC_LABELS[m]}
                </option>
              ))}
            </Select>
            {error(`${base}.trigger.metric`)}
          </div>
        )}
      </div>
      <div>
        <p className="mb-1 text-sm font-medium">Level {n} targets</p>
        <ul className="space-y-1">
          {targets.fields.map((field, t) => (
            <TargetRow
              key={field.id}
              form={form}
              prefix={prefix}
              level={index}
              index={t}
              staff={staff}
              warnings={props.warnings}
              onRemove={() => targets.remove(t)}
            />
          ))}
        </ul>
        <Button type="button" variant="ghost" onClick={() => targets.append({ kind: 'team', id: 'noc' })}>
          Add target to level {n}
        </Button>
        {error(`${base}.targets`)}
      </div>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Level {n} actions</legend>
        <div className="flex gap-4">
          {ESCALATION_ACTIONS.map((action) => (
            <label key={action} className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                value={action}
                aria-label={`Level ${n} ${ACTION_LABELS[action]}`}
                {...form.register(`${base}.actions`)}
              />
              {ACTION_LABELS[action]}
            </label>
          ))}
        </div>
        {error(`${base}.actions`)}
      </fieldset>
      {props.count > 1 && (
        <Button type="button" variant="ghost" onClick={props.onRemove}>
          Remove level {n}
        </Button>
      )}
    </fieldset>
  );
}

type Initial = { id: string; name: string; levels: unknown[]; repeat: number } | null;

/**
 * One escalation policy (DESIGN §2.5): ordered levels, each a trigger, its targets and its actions, and
 * how often the sequence repeats. Validated in the browser by the server's own schema (the same messages
 * under the same fields); the server's own findings (a taken name, an inactive user) land there too.
 */
export function EscalationPolicyEditor(props: {
  initial: Initial;
  readOnly: boolean;
  staff: StaffOption[];
  notice?: string;
}) {
  const { initial, readOnly, staff } = props;
  const trpc = useTRPC();
  const prefix = initial?.id ?? 'new-escalation';
  const defaults: FormInput = {
    name: initial?.name ?? '',
    repeat: initial?.repeat ?? 0,
    levels: initial ? initial.levels.map(levelValues) : [newLevel()],
  };
  const { f, frame } = useEditorForm(escalationPolicyInput, defaults, prefix, {
    // Controls live in LevelFields and TargetRow, and array-level messages are shown under the lists.
    placeAll: true,
    placedNote: 'Check the highlighted fields.',
    creates: initial ? undefined : 'escalationPolicies',
    notice: props.notice,
    savedText: (result: { id: string; warnings: unknown[] }) => {
      const n = result.warnings.length;
      return n
        ? `Saved. ${n === 1 ? '1 warning' : `${n} warnings`}: targets skipped on security incidents.`
        : 'Saved.';
    },
  });
  const { form } = f;
  const levels = useFieldArray({ control: form.control, name: 'levels' });
  const errors = form.formState.errors;
  // The server's own warnings, worked out live from what is on the form (the same function).
  const watched = useWatch({ control: form.control, name: 'levels' });
  const warnings = new Map(
    escalationPolicyWarnings(watched ?? [], (id) => staff.find((s) => s.id === id)?.role as Role).map((w) => [
      w.field,
      w.message,
    ]),
  );
  const save = useMutation(trpc.escalationPolicies.save.mutationOptions(f.callbacks));
  const framing = frame((values) => save.mutateAsync({ ...values, id: initial?.id }));
  return (
    <EditorFrame
      {...framing}
      label={initial ? `Escalation policy ${initial.name}` : 'New escalation policy'}
      legend={initial ? initial.name : 'New escalation policy'}
      readOnly={readOnly}
      submitLabel={initial ? 'Save escalation policy' : 'Create escalation policy'}
    >
      <div className="grid grid-cols-3 gap-3">
        <div className="col-span-2">
          <Label htmlFor={`${prefix}-name`}>Name</Label>
          <Input id={`${prefix}-name`} {...described(errors, prefix, 'name')} {...form.register('name')} />
          <FieldError id={`${prefix}-name-error`} message={messageAt(errors, 'name')} />
        </div>
        <div>
          <Label htmlFor={`${prefix}-repeat`}>Repeat (times after the last level)</Label>
          <Input
            id={`${prefix}-repeat`}
            type="number"
            {...described(errors, prefix, 'repeat')}
            {...form.register('repeat', { valueAsNumber: true })}
          />
          <FieldError id={`${prefix}-repeat-error`} message={messageAt(errors, 'repeat')} />
        </div>
      </div>
      {levels.fields.map((field, index) => (
        <LevelFields
          key={field.id}
          form={form}
          prefix={prefix}
          index={index}
          count={levels.fields.length}
          staff={staff}
          warnings={warnings}
          onRemove={() => levels.remove(index)}
        />
      ))}
      <FieldError id={`${prefix}-levels-error`} message={messageAt(errors, 'levels')} />
      {levels.fields.length < MAX_ESCALATION_LEVELS && (
        <Button type="button" variant="ghost" onClick={() => levels.append(newLevel())}>
          Add level
        </Button>
      )}
    </EditorFrame>
  );
}
