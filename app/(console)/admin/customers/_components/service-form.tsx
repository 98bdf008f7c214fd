'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Input, Textarea } from '@/app/_components/form';
import { FormFooter } from '@/app/_components/forms/form-footer';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type ServiceInput, serviceInput } from '@/server/services/directory/schemas';

export type StoredService = {
  id: string;
  name: string;
  slug: string;
  description: string;
  groupName: string | null;
  availabilityCommitment: number;
};

/**
 * One service of an organisation (a status-page component), new or edited. A new one's form empties after
 * it is added; an edited one keeps its values and says "Saved.". A slug another service of the same
 * organisation has comes back onto the slug field.
 */
export function ServiceForm(props: { organisationId: string; initial: StoredService | null }) {
  const { initial } = props;
  const trpc = useTRPC();
  const prefix = initial ? `service-${initial.id}` : 'new-service';
  const [saved, setSaved] = useState<string | null>(null);
  const f = useServerForm<ServiceInput>(
    serviceInput,
    {
      organisationId: props.organisationId,
      name: initial?.name ?? '',
      slug: initial?.slug ?? '',
      description: initial?.description ?? '',
      groupName: initial?.groupName ?? '',
      availabilityCommitment: initial?.availabilityCommitment ?? 99.9,
    },
    prefix,
    { keepValues: !!initial, onSuccess: () => setSaved(initial ? 'Saved.' : 'Service added.') },
  );
  const save = useMutation(trpc.directory.saveService.mutationOptions(f.callbacks));
  const submit = f.onSubmit((values) => save.mutateAsync({ ...values, id: initial?.id }));
  return (
    <form
      aria-label={initial ? `Service ${initial.name}` : 'New service'}
      noValidate
      onSubmit={(event) => {
        setSaved(null);
        return submit(event);
      }}
      className="space-y-3"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {f.field('name', 'Service name', <Input autoComplete="off" {...f.register('name')} />)}
        {f.field('slug', 'Service slug', <Input autoComplete="off" {...f.register('slug')} />)}
        {f.field('groupName', 'Group (optional)', <Input autoComplete="off" {...f.register('groupName')} />)}
        {f.field(
          'availabilityCommitment',
          'Service availability commitment (%)',
          <Input
            type="number"
            step="0.001"
            inputMode="decimal"
            {...f.register('availabilityCommitment', { valueAsNumber: true })}
          />,
        )}
        {f.field(
          'description',
          'Description',
          <Textarea rows={2} {...f.register('description')} />,
          'sm:col-span-2',
        )}
      </div>
      {saved && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {saved}
        </p>
      )}
      <FormFooter submit={initial ? 'Save service' : 'Add service'} pending={f.pending} failure={f.failure} />
    </form>
  );
}
