'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button, FormAlert, Input } from '@/app/_components/form';
import { labelled, useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type CreateIntegrationInput, createIntegrationInput } from '@/server/services/integrations/schemas';
import {
  INTEGRATION_KIND_LABELS,
  INTEGRATION_KINDS,
  RESOLVE_BEHAVIOURS,
} from '@/workflows/integrations/constants';
import { DEFAULT_ROUTING_RULES } from '@/workflows/integrations/routing';

type OrganisationChoice = { id: string; name: string; services: { id: string; name: string }[] };

const BEHAVIOUR_LABELS = {
  monitoring: 'Move the ticket to monitoring',
  resolve: 'Resolve the ticket',
} as const;

const describeRule = (rule: (typeof DEFAULT_ROUTING_RULES)[number]) =>
  `${rule.when.map((c) => `${c.field}=${c.equals}`).join(' and ')} → ${[
    rule.kind === 'security' ? 'security incident (SOC triage)' : rule.kind,
    rule.priority,
  ]
    .filter(Boolean)
    .join(', ')}`;

/**
 * A new integration: its organisation, kind, name, default service and behaviour, checked by the service's
 * own schema. The routing rules start as the defaults listed below the form. The key is shown once.
 */
export function NewIntegrationForm({ organisations }: { organisations: OrganisationChoice[] }) {
  const trpc = useTRPC();
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const first = organisations[0];
  const f = useServerForm<CreateIntegrationInput>(
    createIntegrationInput,
    {
      organisationId: first?.id ?? '',
      kind: 'alertmanager',
      name: '',
      defaultServiceId: first?.services[0]?.id ?? '',
      resolveBehaviour: 'monitoring',
      reopenWindowMinutes: 60,
      rateLimitPerMinute: 600,
    },
    'new-integration',
    {
      successMessage: false,
      onSuccess: (data, form) =>
        setCreated({ key: (data as { key: string }).key, name: form.getValues('name') }),
    },
  );
  const create = useMutation(trpc.integrations.create.mutationOptions(f.callbacks));
  const organisationId = f.form.watch('organisationId');
  const services = organisations.find((o) => o.id === organisationId)?.services ?? [];
  // Another organisation: its own first service, as a service of the previous one would be refused.
  const serviceId = f.form.watch('defaultServiceId');
  useEffect(() => {
    if (!services.some((s) => s.id === serviceId)) f.form.setValue('defaultServiceId', services[0]?.id ?? '');
  }, [services, serviceId, f.form]);
  return (
    <section
      aria-labelledby="new-integration-title"
      className="space-y-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 id="new-integration-title" className="text-base font-semibold">
        New integration
      </h2>
      {created && (
        <div
          role="status"
          className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950"
        >
          <p>
            The key of <strong>{created.name}</strong>. Copy it now (select it and copy): it is stored hashed
            and is never shown again.
          </p>
          <Input
            readOnly
            value={created.key}
            aria-label="Integration key"
            className="font-mono"
            onFocus={(e) => e.currentTarget.select()}
          />
          <Button type="button" variant="ghost" onClick={() => setCreated(null)}>
            I have copied it
          </Button>
        </div>
      )}
      <form
        noValidate
        aria-label="New integration"
        onSubmit={f.onSubmit((values) => create.mutateAsync(values))}
        className="space-y-3"
      >
        <div className="grid gap-3 sm:grid-cols-2">
          {f.field('name', 'Name', <Input autoComplete="off" {...f.register('name')} />)}
          {f.select('kind', 'Kind', labelled(INTEGRATION_KINDS, INTEGRATION_KIND_LABELS))}
          {f.select(
            'organisationId',
            'Organisation',
            organisations.map((o) => [o.id, o.name] as const),
          )}
          {f.select(
            'defaultServiceId',
            'Default service',
            services.map((s) => [s.id, s.name] as const),
          )}
          {f.select(
            'resolveBehaviour',
            'When all its alerts resolve',
            labelled(RESOLVE_BEHAVIOURS, BEHAVIOUR_LABELS),
          )}
          {f.field(
            'reopenWindowMinutes',
            'Reopen window (minutes)',
            <Input type="number" min={0} {...f.register('reopenWindowMinutes', { valueAsNumber: true })} />,
          )}
          {f.field(
            'rateLimitPerMinute',
            'Rate limit (requests per minute)',
            <Input type="number" min={1} {...f.register('rateLimitPerMinute', { valueAsNumber: true })} />,
          )}
        </div>
        <div className="text-xs text-muted">
          <p>Routing rules (first match per field wins):</p>
          <ul className="list-disc pl-5">
            {DEFAULT_ROUTING_RULES.map((rule) => (
              <li key={describeRule(rule)}>{describeRule(rule)}</li>
            ))}
          </ul>
        </div>
        <Button type="submit" disabled={f.pending}>
          Create integration
        </Button>
        <FormAlert message={f.failure} />
      </form>
    </section>
  );
}
