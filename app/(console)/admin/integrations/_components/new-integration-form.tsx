'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useFieldArray } from 'react-hook-form';
import { Button, FormAlert, Input, Select } from '@/app/_components/form';
import { blankAs, labelled, useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type CreateIntegrationInput, createIntegrationInput } from '@/server/services/integrations/schemas';
import {
  INTEGRATION_KIND_LABELS,
  INTEGRATION_KINDS,
  RESOLVE_BEHAVIOURS,
} from '@/workflows/integrations/constants';
import { DEFAULT_ROUTING_RULES } from '@/workflows/integrations/routing';
import { PRIORITIES } from '@/workflows/tickets/constants';

type OrganisationChoice = { id: string; name: string; services: { id: string; name: string }[] };

const BEHAVIOUR_LABELS = {
  monitoring: 'Move the ticket to monitoring',
  resolve: 'Resolve the ticket',
} as const;

const RULES_MAX = 50;

/**
 * A new integration: its organisation, kind, name, default service, behaviour and routing rules (one
 * condition each here; the defaults to start with), checked by the service's own schema. The key is
 * shown once.
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
      groupingWindowMinutes: 0,
      groupMaxLifeMinutes: 0,
      flapThreshold: 0,
      flapWindowMinutes: 60,
      heartbeatGraceMinutes: 0,
      routingRules: structuredClone(DEFAULT_ROUTING_RULES),
    },
    'new-integration',
    {
      successMessage: false,
      // The name from the answer: the form is reset before onSuccess runs.
      onSuccess: (data) => setCreated(data as { key: string; name: string }),
    },
  );
  const rules = useFieldArray({ control: f.form.control, name: 'routingRules' });
  const create = useMutation(trpc.integrations.create.mutationOptions(f.callbacks));
  const organisationId = f.form.watch('organisationId');
  const services = organisations.find((o) => o.id === organisationId)?.services ?? [];
  // Another organisation: its own first service, as a service of the previous one would be refused.
  const serviceId = f.form.watch('defaultServiceId');
  useEffect(() => {
    if (!services.some((s) => s.id === serviceId)) f.form.setValue('defaultServiceId', services[0]?.id ?? '');
  }, [services, serviceId, f.form]);
  // Only a heartbeat monitor has an interval (the schema refuses one for the others).
  const heartbeat = f.form.watch('kind') === 'heartbeat';
  useEffect(() => {
    const interval = f.form.getValues('heartbeatIntervalMinutes');
    if (!heartbeat && interval !== undefined) f.form.setValue('heartbeatIntervalMinutes', undefined);
    if (heartbeat && interval === undefined) f.form.setValue('heartbeatIntervalMinutes', 5);
  }, [heartbeat, f.form]);
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
          {f.field(
            'groupingWindowMinutes',
            'Grouping window (minutes, 0: no limit)',
            <Input type="number" min={0} {...f.register('groupingWindowMinutes', { valueAsNumber: true })} />,
          )}
          {f.field(
            'groupMaxLifeMinutes',
            'Group max life (minutes, 0: no limit)',
            <Input type="number" min={0} {...f.register('groupMaxLifeMinutes', { valueAsNumber: true })} />,
          )}
          {f.field(
            'flapThreshold',
            'Flapping after more fires than (0: never)',
            <Input type="number" min={0} {...f.register('flapThreshold', { valueAsNumber: true })} />,
          )}
          {f.field(
            'flapWindowMinutes',
            'Flap window (minutes)',
            <Input type="number" min={1} {...f.register('flapWindowMinutes', { valueAsNumber: true })} />,
          )}
          {heartbeat &&
            f.field(
              'heartbeatIntervalMinutes',
              'Expect a ping every (minutes)',
              <Input
                type="number"
                min={1}
                {...f.register('heartbeatIntervalMinutes', {
                  setValueAs: (v: string) => (v === '' || v === undefined ? undefined : Number(v)),
                })}
              />,
            )}
          {heartbeat &&
            f.field(
              'heartbeatGraceMinutes',
              'Grace before an outage opens (minutes)',
              <Input
                type="number"
                min={0}
                {...f.register('heartbeatGraceMinutes', { valueAsNumber: true })}
              />,
            )}
        </div>
        <fieldset>
          <legend className="mb-1 text-sm font-medium">Routing rules</legend>
          <p className="mb-2 text-xs text-muted">
            A label (Alertmanager) or field (Events v2: severity, class, component, group, source,
            custom_details.&lt;key&gt;) equal to a value, without regard to case. The first matching rule that
            sets the kind or the priority decides it; otherwise an outage of priority P3.
          </p>
          <ol className="space-y-1">
            {rules.fields.map((field, index) => (
              <li key={field.id} aria-label={`Rule ${index + 1}`}>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span>When</span>
                  <Input
                    aria-label={`Rule ${index + 1}: label or field`}
                    className="w-36"
                    {...f.register(`routingRules.${index}.when.0.field`)}
                  />
                  <span>=</span>
                  <Input
                    aria-label={`Rule ${index + 1}: value`}
                    className="w-36"
                    {...f.register(`routingRules.${index}.when.0.equals`)}
                  />
                  <span>→</span>
                  <Select
                    aria-label={`Rule ${index + 1}: kind`}
                    className="w-48"
                    {...f.register(`routingRules.${index}.kind`, { setValueAs: blankAs(undefined) })}
                  >
                    <option value="">kind unchanged</option>
                    <option value="outage">outage</option>
                    <option value="security">security incident (SOC triage)</option>
                  </Select>
                  <Select
                    aria-label={`Rule ${index + 1}: priority`}
                    className="w-36"
                    {...f.register(`routingRules.${index}.priority`, { setValueAs: blankAs(undefined) })}
                  >
                    <option value="">priority unchanged</option>
                    {PRIORITIES.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </Select>
                  <Button type="button" variant="ghost" onClick={() => rules.remove(index)}>
                    Remove<span className="sr-only"> rule {index + 1}</span>
                  </Button>
                </div>
                {f.error(`routingRules.${index}.when.0.field`)}
                {f.error(`routingRules.${index}.when.0.equals`)}
                {f.error(`routingRules.${index}.kind`)}
              </li>
            ))}
          </ol>
          {f.error('routingRules')}
          {rules.fields.length < RULES_MAX && (
            <Button
              type="button"
              variant="ghost"
              onClick={() => rules.append({ when: [{ field: '', equals: '' }] })}
            >
              Add rule
            </Button>
          )}
        </fieldset>
        <Button type="submit" disabled={f.pending}>
          Create integration
        </Button>
        <FormAlert message={f.failure} />
      </form>
    </section>
  );
}
