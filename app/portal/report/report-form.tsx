'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { Button, FormAlert, Input, Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import type { PortalOrganisation } from '@/server/services/portal/get-organisation';
import { createTicketInput } from '@/server/services/tickets/schemas';
import { IMPACTS, URGENCIES } from '@/workflows/tickets/constants';
import { IMPACT_WORDS, portalTicketHref, URGENCY_WORDS } from '../_components/words';

const legend = 'mb-1 text-sm font-medium';

/**
 * "Report an issue": tickets.create with the customer's own organisation; the service makes it a portal
 * outage in the NOC queue and refuses services of other organisations. Impact and urgency are asked in
 * the reporter's words; the matrix turns them into the priority support works to.
 */
export function ReportForm({ organisation }: { organisation: Pick<PortalOrganisation, 'id' | 'services'> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const f = useServerForm(
    createTicketInput,
    {
      kind: 'outage',
      title: '',
      description: '',
      organisationId: organisation.id,
      serviceIds: [],
      impact: 'medium',
      urgency: 'medium',
    },
    'report',
    {
      onSuccess: (ticket: { number: string }) => router.push(portalTicketHref(ticket.number)),
      refresh: false,
      successMessage: (ticket) => `Reported as ${ticket.number}. Support has it in its queue.`,
    },
  );
  const create = useMutation(trpc.tickets.create.mutationOptions(f.callbacks));
  const chosen = f.form.watch('serviceIds') ?? [];
  // Controlled checkboxes: one service alone would otherwise register as a boolean, not a list.
  const toggle = (id: string, on: boolean) =>
    f.form.setValue('serviceIds', on ? [...chosen, id] : chosen.filter((s) => s !== id), {
      shouldDirty: true,
    });

  return (
    <form onSubmit={f.onSubmit(create.mutateAsync)} noValidate className="max-w-2xl space-y-6">
      {f.field(
        'title',
        'What is not working?',
        <Input placeholder="e.g. Checkout fails with an error" {...f.register('title')} />,
      )}
      {f.field(
        'description',
        'Details',
        <Textarea
          rows={6}
          placeholder="What you see (error messages), since when, who is affected, what you already tried."
          {...f.register('description')}
        />,
      )}
      <fieldset aria-describedby="report-serviceIds-error">
        <legend className={legend}>Affected services</legend>
        {organisation.services.length === 0 ? (
          <p className="text-sm text-muted">
            No services are on your contract yet: describe what is affected in the details.
          </p>
        ) : (
          <div className="grid gap-1 sm:grid-cols-2">
            {organisation.services.map((s) => (
              <label key={s.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={chosen.includes(s.id)}
                  onChange={(e) => toggle(s.id, e.target.checked)}
                />
                {s.name}
                {s.group && <span className="text-xs text-muted">({s.group})</span>}
              </label>
            ))}
          </div>
        )}
        {f.error('serviceIds')}
      </fieldset>
      <fieldset>
        <legend className={legend}>How many people are affected?</legend>
        <div className="space-y-1">
          {IMPACTS.map((impact) => (
            <label key={impact} className="flex items-center gap-2 text-sm">
              <input type="radio" value={impact} {...f.form.register('impact')} />
              {IMPACT_WORDS[impact]}
            </label>
          ))}
        </div>
        {f.error('impact')}
      </fieldset>
      <fieldset>
        <legend className={legend}>How urgent is it?</legend>
        <div className="space-y-1">
          {URGENCIES.map((urgency) => (
            <label key={urgency} className="flex items-center gap-2 text-sm">
              <input type="radio" value={urgency} {...f.form.register('urgency')} />
              {URGENCY_WORDS[urgency]}
            </label>
          ))}
        </div>
        {f.error('urgency')}
      </fieldset>
      <FormAlert message={f.failure} />
      <Button type="submit" disabled={f.pending}>
        {f.pending ? 'Sending…' : 'Report the issue'}
      </Button>
    </form>
  );
}
