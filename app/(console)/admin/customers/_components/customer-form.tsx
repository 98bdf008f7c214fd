'use client';

import { useMutation } from '@tanstack/react-query';
import { Input, Select } from '@/app/_components/form';
import { blankAs } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type CustomerInput, customerInput } from '@/server/services/directory/schemas';
import { customerPath } from '../../_components/routes';
import { EditorFrame } from '../../sla/_components/editor-frame';
import { useEditorForm } from '../../sla/_components/use-editor-form';

export type StoredCustomer = Required<Omit<CustomerInput, 'id'>> & {
  id: string;
  kind: 'operator' | 'customer';
};

/**
 * A customer organisation (or the operator's own settings): name, slug (its status page's address), IANA
 * time zone, and its contract: SLA policy and availability commitment. Checked by the service's schema;
 * a taken slug comes back from the server onto the slug field.
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
    },
    prefix,
    { creates: initial ? undefined : customerPath, notice: props.notice },
  );
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
      <p className="text-xs text-muted">
        A new SLA policy applies to tickets opened from now on; running clocks keep the targets they started
        with.
      </p>
    </EditorFrame>
  );
}
