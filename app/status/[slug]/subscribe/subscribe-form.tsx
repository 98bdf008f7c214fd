'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Input, Label } from '@/app/_components/form';
import { FormFooter } from '@/app/_components/forms/form-footer';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type SubscribeInput, subscribeInput } from '@/server/services/subscriptions/schemas';
import type { SubscribeOptions } from '@/server/services/subscriptions/subscribe-options';

const CHANNEL_LABEL = { email: 'E-mail', webhook: 'Webhook' } as const;

/**
 * The subscribe form: a channel (e-mail when the server has SMTP, webhook), its address, and the whole
 * page or chosen components. The answer is the same whether the address was subscribed already.
 */
export function SubscribeForm(props: SubscribeOptions) {
  const trpc = useTRPC();
  const [scope, setScope] = useState<'page' | 'components'>('page');
  const [done, setDone] = useState<string | null>(null);
  const channels = props.emailAvailable ? (['email', 'webhook'] as const) : (['webhook'] as const);
  const f = useServerForm<SubscribeInput>(
    subscribeInput,
    { slug: props.page.slug, channel: channels[0], target: '', serviceIds: [] },
    'subscribe',
    {
      refresh: false,
      successMessage: false,
      onSuccess: (data) => {
        const { channel, signingSecret } = data as { channel: 'email' | 'webhook'; signingSecret?: string };
        setDone(
          channel === 'email'
            ? 'Check your inbox: follow the link in the message we sent to confirm the subscription.'
            : `Subscribed. Every message the webhook receives carries a link to unsubscribe, and is signed (Standard Webhooks) with this secret, shown once: ${signingSecret}`,
        );
      },
    },
  );
  const save = useMutation(trpc.subscriptions.subscribe.mutationOptions(f.callbacks));
  const channel = f.form.watch('channel');
  const chosen = f.form.watch('serviceIds') ?? [];
  const submit = f.onSubmit((values) => {
    if (scope === 'components' && (values.serviceIds ?? []).length === 0) {
      f.reject([{ path: 'serviceIds', message: 'Choose at least one component' }]);
      return undefined;
    }
    return save.mutateAsync({ ...values, serviceIds: scope === 'page' ? [] : values.serviceIds });
  });
  const toggle = (id: string, on: boolean) =>
    f.form.setValue('serviceIds', on ? [...chosen, id] : chosen.filter((c) => c !== id), {
      shouldDirty: true,
    });

  if (done)
    return (
      <p
        role="status"
        className="rounded-md border border-emerald-300 px-4 py-3 text-emerald-800 dark:border-emerald-800 dark:text-emerald-300"
      >
        {done}
      </p>
    );
  return (
    <form aria-label="Subscribe" noValidate onSubmit={submit} className="space-y-5">
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Send updates by</legend>
        <div className="flex gap-4">
          {channels.map((value) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input type="radio" value={value} {...f.form.register('channel')} />
              {CHANNEL_LABEL[value]}
            </label>
          ))}
        </div>
        {!props.emailAvailable && (
          <p className="mt-1 text-sm text-muted">E-mail subscriptions are not available on this server.</p>
        )}
      </fieldset>
      {f.field(
        'target',
        channel === 'email' ? 'E-mail address' : 'Webhook URL (https://)',
        <Input
          type={channel === 'email' ? 'email' : 'url'}
          autoComplete={channel === 'email' ? 'email' : 'off'}
          placeholder={channel === 'email' ? 'ana@example.com' : 'https://example.com/hooks/status'}
          {...f.register('target')}
        />,
      )}
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Updates about</legend>
        <div className="space-y-1">
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scope" checked={scope === 'page'} onChange={() => setScope('page')} />
            The whole page
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="scope"
              checked={scope === 'components'}
              onChange={() => setScope('components')}
              disabled={props.components.length === 0}
            />
            Chosen components
          </label>
        </div>
        {scope === 'components' && (
          <div className="mt-3 space-y-1 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            {props.components.map((component) => (
              <div key={component.id} className="flex items-center gap-2 text-sm">
                <input
                  id={`subscribe-component-${component.id}`}
                  type="checkbox"
                  checked={chosen.includes(component.id)}
                  onChange={(event) => toggle(component.id, event.target.checked)}
                />
                <Label htmlFor={`subscribe-component-${component.id}`} className="mb-0 font-normal">
                  {component.name}
                  {component.groupName && <span className="ml-1 text-muted">({component.groupName})</span>}
                </Label>
              </div>
            ))}
          </div>
        )}
        {f.error('serviceIds')}
      </fieldset>
      <FormFooter submit="Subscribe" pending={f.pending} failure={f.failure} />
    </form>
  );
}
