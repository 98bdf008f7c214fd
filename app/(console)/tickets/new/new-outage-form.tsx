'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { PriorityChip } from '@/app/_components/badges';
import { Button, FormAlert, Input, Select, Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import type { DirectoryOrganisation } from '@/server/services/directory/list-customers';
import { createTicketInput } from '@/server/services/tickets/schemas';
import { IMPACTS, URGENCIES } from '@/workflows/tickets/constants';
import { priorityFor } from '@/workflows/tickets/priority';

export function NewOutageForm({ organisations }: { organisations: DirectoryOrganisation[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const f = useServerForm(
    createTicketInput,
    {
      kind: 'outage',
      title: '',
      description: '',
      organisationId: '',
      serviceIds: [],
      impact: 'medium',
      urgency: 'medium',
    },
    'new-outage',
    { onSuccess: (ticket: { number: string }) => router.push(`/tickets/${ticket.number}`), refresh: false },
  );
  const { form } = f;
  const [organisationId, impact, urgency] = form.watch(['organisationId', 'impact', 'urgency']);
  const operator = organisations.find((o) => o.kind === 'operator');
  const customer = organisations.find((o) => o.id === organisationId);
  // Shared infrastructure (the operator's services) can be affected alongside the customer's own.
  const pickable = [customer, operator !== customer ? operator : undefined].filter((o) => o !== undefined);

  const create = useMutation(trpc.tickets.create.mutationOptions(f.callbacks));

  return (
    <form onSubmit={f.onSubmit(create.mutateAsync)} noValidate className="max-w-2xl space-y-5">
      {f.field('title', 'Title', <Input {...f.register('title')} />)}
      {f.field('description', 'Description', <Textarea rows={5} {...f.register('description')} />)}
      {f.field(
        'organisationId',
        'Customer',
        <Select {...f.register('organisationId')}>
          <option value="">Choose…</option>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
              {o.kind === 'operator' ? ' (internal)' : ''}
            </option>
          ))}
        </Select>,
      )}
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Affected services</legend>
        {pickable.length === 0 && <p className="text-sm text-muted">Choose a customer first.</p>}
        {pickable.map((org) => (
          <div key={org.id} className="mb-2">
            <p className="text-xs uppercase tracking-wide text-muted">{org.name}</p>
            <div className="grid grid-cols-2 gap-1">
              {org.services.map((s) => (
                <label key={s.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" value={s.id} {...f.register('serviceIds')} id={undefined} />
                  {s.name}
                </label>
              ))}
            </div>
          </div>
        ))}
        {f.error('serviceIds')}
      </fieldset>
      <div className="flex items-end gap-4">
        {f.select('impact', 'Impact', IMPACTS)}
        {f.select('urgency', 'Urgency', URGENCIES)}
        <p className="pb-1.5 text-sm" data-testid="priority-preview" aria-live="polite">
          Priority <PriorityChip priority={priorityFor(impact ?? 'medium', urgency ?? 'medium')} />
        </p>
      </div>
      <FormAlert message={f.failure} />
      <Button type="submit" disabled={f.pending}>
        {f.pending ? 'Creating…' : 'Create outage'}
      </Button>
    </form>
  );
}
