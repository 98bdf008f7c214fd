'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Input, Label, Select } from '@/app/_components/form';
import { FormFooter } from '@/app/_components/forms/form-footer';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import {
  type CreateWebhookInput,
  createWebhookInput,
  type UpdateWebhookInput,
  updateWebhookInput,
} from '@/server/services/webhooks/schemas';
import {
  OPERATOR_ONLY_EVENT_TYPES,
  WEBHOOK_EVENT_LABEL,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '@/workflows/webhooks/constants';
import { SecretOnce } from './secret-once';

export interface OrganisationChoice {
  id: string;
  name: string;
  kind: 'operator' | 'customer';
}

const DEFAULT_EVENTS: WebhookEventType[] = ['ticket.created', 'ticket.status_changed', 'status_page.updated'];

/** The events an organisation's endpoint may ask for (handoffs are the operator's). */
const eventsFor = (kind: OrganisationChoice['kind'] | undefined) =>
  WEBHOOK_EVENT_TYPES.filter(
    (t) => kind === 'operator' || !(OPERATOR_ONLY_EVENT_TYPES as readonly string[]).includes(t),
  );

function EventChoices(props: {
  kind: OrganisationChoice['kind'] | undefined;
  register: () => Record<string, unknown>;
  error: React.ReactNode;
}) {
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium">Events</legend>
      <div className="grid gap-1 sm:grid-cols-2">
        {eventsFor(props.kind).map((t) => (
          <label key={t} className="flex items-center gap-2 text-sm">
            <input type="checkbox" value={t} {...props.register()} id={undefined} />
            {WEBHOOK_EVENT_LABEL[t]} <code className="text-xs text-muted">{t}</code>
          </label>
        ))}
      </div>
      {props.error}
    </fieldset>
  );
}

/** A new endpoint: its organisation, URL and events; the secret is shown once after it is created. */
export function CreateWebhookForm({ organisations }: { organisations: OrganisationChoice[] }) {
  const trpc = useTRPC();
  const [secret, setSecret] = useState<string | null>(null);
  const f = useServerForm<CreateWebhookInput>(
    createWebhookInput,
    {
      organisationId: organisations.find((o) => o.kind === 'customer')?.id ?? '',
      url: '',
      description: '',
      eventTypes: DEFAULT_EVENTS,
    },
    'new-webhook',
    {
      onSuccess: (data) => setSecret((data as { secret: string }).secret),
      successMessage: 'Endpoint created.',
    },
  );
  const create = useMutation(trpc.webhooks.create.mutationOptions(f.callbacks));
  const organisationId = f.form.watch('organisationId');
  const kind = organisations.find((o) => o.id === organisationId)?.kind;
  return (
    <div className="space-y-3">
      {secret && <SecretOnce secret={secret} onDone={() => setSecret(null)} />}
      <form
        aria-label="New webhook endpoint"
        noValidate
        onSubmit={f.onSubmit(create.mutateAsync)}
        className="space-y-3"
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <Label htmlFor="new-webhook-organisationId">Organisation</Label>
            <Select {...f.register('organisationId')}>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                  {o.kind === 'operator' ? ' (operator)' : ''}
                </option>
              ))}
            </Select>
            {f.error('organisationId')}
          </div>
          {f.field(
            'url',
            'URL',
            <Input type="url" autoComplete="off" placeholder="https://" {...f.register('url')} />,
          )}
          {f.field(
            'description',
            'Description (optional)',
            <Input autoComplete="off" {...f.register('description')} />,
            'sm:col-span-2',
          )}
        </div>
        <EventChoices kind={kind} register={() => f.register('eventTypes')} error={f.error('eventTypes')} />
        <FormFooter submit="Create endpoint" pending={f.pending} failure={f.failure} />
      </form>
    </div>
  );
}

/** An endpoint's settings, edited (the same schema as the server's). */
export function EditWebhookForm(props: { initial: UpdateWebhookInput; kind: OrganisationChoice['kind'] }) {
  const trpc = useTRPC();
  const f = useServerForm<UpdateWebhookInput>(
    updateWebhookInput,
    props.initial,
    `webhook-${props.initial.id}`,
    {
      keepValues: true,
    },
  );
  const update = useMutation(trpc.webhooks.update.mutationOptions(f.callbacks));
  return (
    <form
      aria-label="Endpoint settings"
      noValidate
      onSubmit={f.onSubmit(update.mutateAsync)}
      className="space-y-3"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {f.field('url', 'URL', <Input type="url" autoComplete="off" {...f.register('url')} />)}
        {f.field(
          'description',
          'Description (optional)',
          <Input autoComplete="off" {...f.register('description')} />,
        )}
      </div>
      <EventChoices
        kind={props.kind}
        register={() => f.register('eventTypes')}
        error={f.error('eventTypes')}
      />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...f.register('enabled')} /> Enabled (enabling again clears the failure count)
      </label>
      <FormFooter submit="Save endpoint" pending={f.pending} failure={f.failure} />
    </form>
  );
}
