'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { PriorityChip } from '@/app/_components/badges';
import { Button, FieldError, FormAlert, Input, Label, Select, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import type { DirectoryOrganisation } from '@/server/services/directory/list-customers';
import { createTicketInput } from '@/server/services/tickets/schemas';
import { IMPACTS, URGENCIES } from '@/workflows/tickets/constants';
import { priorityFor } from '@/workflows/tickets/priority';

type FormInput = z.input<typeof createTicketInput>;
type FormOutput = z.output<typeof createTicketInput>;
const FIELDS = ['title', 'description', 'organisationId', 'serviceIds', 'impact', 'urgency'] as const;

export function NewOutageForm({ organisations }: { organisations: DirectoryOrganisation[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(createTicketInput),
    defaultValues: {
      kind: 'outage',
      title: '',
      description: '',
      organisationId: '',
      serviceIds: [],
      impact: 'medium',
      urgency: 'medium',
    },
  });
  const { errors, isSubmitting } = form.formState;
  const [organisationId, impact, urgency] = form.watch(['organisationId', 'impact', 'urgency']);
  const operator = organisations.find((o) => o.kind === 'operator');
  const customer = organisations.find((o) => o.id === organisationId);
  // Shared infrastructure (the operator's services) can be affected alongside the customer's own.
  const pickable = [customer, operator !== customer ? operator : undefined].filter((o) => o !== undefined);

  const create = useMutation(
    trpc.tickets.create.mutationOptions({
      onSuccess: (ticket) => router.push(`/tickets/${ticket.number}`),
      onError: (error) => {
        const fieldErrors = error.data?.fieldErrors ?? {};
        let mapped = false;
        for (const field of FIELDS) {
          const message = (fieldErrors as Record<string, string[] | undefined>)[field]?.[0];
          if (message) {
            form.setError(field, { message });
            mapped = true;
          }
        }
        if (!mapped) setFailure(error.message);
      },
    }),
  );

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    await create.mutateAsync(values).catch(() => {});
  });

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-5">
      <div>
        <Label htmlFor="title">Title</Label>
        <Input
          id="title"
          aria-invalid={!!errors.title}
          aria-describedby="title-error"
          {...form.register('title')}
        />
        <FieldError id="title-error" message={errors.title?.message} />
      </div>
      <div>
        <Label htmlFor="description">Description</Label>
        <Textarea
          id="description"
          rows={5}
          aria-invalid={!!errors.description}
          {...form.register('description')}
        />
        <FieldError id="description-error" message={errors.description?.message} />
      </div>
      <div>
        <Label htmlFor="organisationId">Customer</Label>
        <Select
          id="organisationId"
          aria-invalid={!!errors.organisationId}
          {...form.register('organisationId')}
        >
          <option value="">Choose…</option>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
              {o.kind === 'operator' ? ' (internal)' : ''}
            </option>
          ))}
        </Select>
        <FieldError id="organisationId-error" message={errors.organisationId?.message} />
      </div>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Affected services</legend>
        {pickable.length === 0 && <p className="text-sm text-muted">Choose a customer first.</p>}
        {pickable.map((org) => (
          <div key={org.id} className="mb-2">
            <p className="text-xs uppercase tracking-wide text-muted">{org.name}</p>
            <div className="grid grid-cols-2 gap-1">
              {org.services.map((s) => (
                <label key={s.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" value={s.id} {...form.register('serviceIds')} />
                  {s.name}
                </label>
              ))}
            </div>
          </div>
        ))}
        <FieldError id="serviceIds-error" message={errors.serviceIds?.message} />
      </fieldset>
      <div className="flex items-end gap-4">
        <div>
          <Label htmlFor="impact">Impact</Label>
          <Select id="impact" {...form.register('impact')}>
            {IMPACTS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="urgency">Urgency</Label>
          <Select id="urgency" {...form.register('urgency')}>
            {URGENCIES.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </Select>
        </div>
        <p className="pb-1.5 text-sm" data-testid="priority-preview" aria-live="polite">
          Priority <PriorityChip priority={priorityFor(impact ?? 'medium', urgency ?? 'medium')} />
        </p>
      </div>
      <FormAlert message={failure} />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Creating…' : 'Create outage'}
      </Button>
    </form>
  );
}
