'use client';

import { useMutation } from '@tanstack/react-query';
import type { ComponentProps } from 'react';
import { useFieldArray } from 'react-hook-form';
import { Button, Input, Select } from '@/app/_components/form';
import { blankAs } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { CREDIT_TIERS_MAX, type CustomerInput, customerInput } from '@/server/services/directory/schemas';
import { customerPath } from '../../_components/routes';
import { EditorFrame } from '../../sla/_components/editor-frame';
import { useEditorForm } from '../../sla/_components/use-editor-form';

const NUMBER = { valueAsNumber: true } as const;

function WeightInput(props: ComponentProps<typeof Input>) {
  return <Input type="number" step="0.001" min="0" max="1" inputMode="decimal" {...props} />;
}

export type StoredCustomer = Required<Omit<CustomerInput, 'id'>> & {
  id: string;
  kind: 'operator' | 'customer';
};

/**
 * A customer organisation (or the operator's own settings): name, slug (its status page's address), IANA
 * time zone, and its contract: SLA policy, availability commitment, the impact weights of its uptime and
 * its service-credit table. Checked by the service's schema; a taken slug comes back from the server onto
 * the slug field, a repeated threshold onto its row.
 */
export function CustomerForm(props: {
  initial: StoredCustomer | null;
  policies: { id: string; name: string }[];
  timeZones: string[];
  notice?: string;
}) {
  const { initial } = props;
  const trpc = useTRPC();
  const prefix = initial?.id ?? 'new-customer';
  const { f, frame } = useEditorForm<CustomerInput>(
    customerInput,
    initial ?? {
      name: '',
      slug: '',
      timeZone: 'UTC',
      slaPolicyId: null,
      availabilityCommitment: 99.9,
      statusPagePublic: true,
      // DESIGN §2.6's defaults, and a credit table to start from.
      weightMajor: 1,
      weightPartial: 0.3,
      weightDegraded: 0,
      creditTiers: [
        { belowPercent: 99.9, creditPercent: 10 },
        { belowPercent: 99, creditPercent: 25 },
        { belowPercent: 95, creditPercent: 100 },
      ],
    },
    prefix,
    { creates: initial ? undefined : customerPath, notice: props.notice },
  );
  const tiers = useFieldArray({ control: f.form.control, name: 'creditTiers' });
  const save = useMutation(trpc.directory.saveCustomer.mutationOptions(f.callbacks));
  const framing = frame((values) => save.mutateAsync({ ...values, id: initial?.id }));
  const what = initial?.kind === 'operator' ? 'organisation' : 'customer';
  const zones = `${prefix}-zones`;
  return (
    <EditorFrame
      {...framing}
      label={initial ? `Customer ${initial.name}` : 'New customer'}
      legend={initial ? 'Settings' : 'New customer'}
      readOnly={false}
      submitLabel={initial ? `Save ${what}` : 'Create customer'}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {f.field('name', 'Name', <Input autoComplete="off" {...f.register('name')} />)}
        {f.field('slug', 'Slug (status page address)', <Input autoComplete="off" {...f.register('slug')} />)}
        {f.field(
          'timeZone',
          'Time zone (IANA)',
          <>
            <Input list={zones} autoComplete="off" {...f.register('timeZone')} />
            <datalist id={zones}>
              {props.timeZones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>,
        )}
        {f.field(
          'slaPolicyId',
          'SLA policy',
          <Select {...f.register('slaPolicyId', { setValueAs: blankAs(null) })}>
            <option value="">None (no SLA clocks)</option>
            {props.policies.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>,
        )}
        {f.field(
          'availabilityCommitment',
          'Availability commitment (%)',
          <Input
            type="number"
            step="0.001"
            inputMode="decimal"
            {...f.register('availabilityCommitment', { valueAsNumber: true })}
          />,
        )}
        <div className="flex items-center gap-2 self-end pb-2">
          <input type="checkbox" {...f.register('statusPagePublic')} />
          <label htmlFor={`${prefix}-statusPagePublic`} className="text-sm font-medium">
            Public status page
          </label>
        </div>
      </div>
      <fieldset className="grid gap-3 sm:grid-cols-3">
        <legend className="mb-1 text-sm font-medium">
          Uptime: share of the time that counts as downtime
        </legend>
        {f.field('weightMajor', 'Major outage (0–1)', <WeightInput {...f.register('weightMajor', NUMBER)} />)}
        {f.field(
          'weightPartial',
          'Partial outage (0–1)',
          <WeightInput {...f.register('weightPartial', NUMBER)} />,
        )}
        {f.field(
          'weightDegraded',
          'Degraded performance (0–1)',
          <WeightInput {...f.register('weightDegraded', NUMBER)} />,
        )}
      </fieldset>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Service credits</legend>
        <p className="mb-2 text-xs text-muted">
          A month whose uptime is below a threshold earns its credit (the largest one that applies).
        </p>
        {tiers.fields.length === 0 && <p className="text-sm text-muted">No service credits.</p>}
        <ol className="space-y-1">
          {tiers.fields.map((field, index) => (
            <li key={field.id} aria-label={`Credit tier ${index + 1}`}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span>Below</span>
                <Input
                  aria-label={`Uptime threshold ${index + 1} (%)`}
                  className="w-28"
                  type="number"
                  step="0.001"
                  inputMode="decimal"
                  {...f.register(`creditTiers.${index}.belowPercent`, { valueAsNumber: true })}
                />
                <span>% uptime, credit</span>
                <Input
                  aria-label={`Credit ${index + 1} (% of the fee)`}
                  className="w-24"
                  type="number"
                  step="0.01"
                  inputMode="decimal"
                  {...f.register(`creditTiers.${index}.creditPercent`, { valueAsNumber: true })}
                />
                <span>% of the fee</span>
                <Button type="button" variant="ghost" onClick={() => tiers.remove(index)}>
                  Remove<span className="sr-only"> tier {index + 1}</span>
                </Button>
              </div>
              {f.error(`creditTiers.${index}.belowPercent`)}
              {f.error(`creditTiers.${index}.creditPercent`)}
            </li>
          ))}
        </ol>
        {f.error('creditTiers')}
        {tiers.fields.length < CREDIT_TIERS_MAX && (
          <Button
            type="button"
            variant="ghost"
            onClick={() => tiers.append({ belowPercent: Number.NaN, creditPercent: Number.NaN })}
          >
            Add tier
          </Button>
        )}
      </fieldset>
      <p className="text-xs text-muted">
        New weights and credits apply to months not yet closed: a closed month&apos;s report is frozen. A new
        SLA policy applies to tickets opened from now on; running clocks keep the targets they started with.
      </p>
    </EditorFrame>
  );
}
