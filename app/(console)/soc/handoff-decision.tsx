'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Button, FormAlert, Input, Textarea } from '@/app/_components/form';
import { FormFooter } from '@/app/_components/forms/form-footer';
import { useMutationFeedback, useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { acceptHandoffInput, declineHandoffInput } from '@/server/services/handoffs/schemas';

/**
 * Accept into a new incident or an existing one (by number), or decline with a reason. Each choice has a
 * form of its own, so nothing typed for one is sent as the other; declining asks once more, since it
 * hands the outage back to the NOC.
 */
export function HandoffDecision({ handoffId, outage }: { handoffId: string; outage: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [mode, setMode] = useState<'idle' | 'existing' | 'decline'>('idle');
  const feedback = useMutationFeedback();
  const accept = useMutation(
    trpc.handoffs.accept.mutationOptions({
      onSuccess: (result) => router.push(`/tickets/${result.incidentNumber}`),
      onError: feedback.callbacks.onError,
    }),
  );
  const choose = (next: typeof mode) => {
    feedback.setFailure(null);
    setMode(next);
  };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          disabled={accept.isPending}
          onClick={() => accept.mutate({ handoffId, into: 'new' })}
        >
          Accept as new incident
        </Button>
        <Button
          type="button"
          variant="ghost"
          aria-expanded={mode === 'existing'}
          onClick={() => choose('existing')}
        >
          Add to an existing incident…
        </Button>
        <Button
          type="button"
          variant="ghost"
          aria-expanded={mode === 'decline'}
          onClick={() => choose('decline')}
        >
          Decline…
        </Button>
      </div>
      {mode === 'existing' && <ExistingIncidentForm handoffId={handoffId} outage={outage} />}
      {mode === 'decline' && (
        <DeclineForm handoffId={handoffId} outage={outage} onCancel={() => choose('idle')} />
      )}
      <FormAlert message={feedback.failure} />
    </div>
  );
}

/** Accept into an incident the SOC already works on, by its number. */
function ExistingIncidentForm({ handoffId, outage }: { handoffId: string; outage: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const f = useServerForm(
    acceptHandoffInput,
    { handoffId, into: 'existing', incident: { number: '' } },
    `existing-${handoffId}`,
    {
      onSuccess: (result: { incidentNumber: string }) => router.push(`/tickets/${result.incidentNumber}`),
      refresh: false,
      // The server names the number `incident` or `incident.number`; both are this one field.
      pathOf: (key) => (key === 'incident' ? 'incident.number' : key),
    },
  );
  const accept = useMutation(trpc.handoffs.accept.mutationOptions(f.callbacks));
  return (
    <form className="space-y-2" noValidate onSubmit={f.onSubmit(accept.mutateAsync)}>
      {f.field(
        'incident.number',
        `Incident to add ${outage} to (SEC-…)`,
        <Input {...f.register('incident.number')} />,
      )}
      <FormFooter submit="Accept into incident" pending={f.pending} failure={f.failure} />
    </form>
  );
}

/** The reason, checked by the service's own schema, then one confirmation before anything is sent. */
function DeclineForm(props: { handoffId: string; outage: string; onCancel: () => void }) {
  const { handoffId, outage } = props;
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState<{ handoffId: string; reason: string } | null>(null);
  const f = useServerForm(declineHandoffInput, { handoffId, reason: '' }, `decline-${handoffId}`);
  const decline = useMutation(
    trpc.handoffs.decline.mutationOptions({
      ...f.callbacks,
      onError: (error) => {
        // Back to the form, where the reason's error is shown.
        setConfirming(null);
        f.callbacks.onError(error);
      },
    }),
  );
  // The question takes the focus, so keyboard and screen-reader users land on it.
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);
  if (confirming)
    return (
      <fieldset className="space-y-2 rounded-md border border-red-300 p-3 dark:border-red-800">
        <legend className="px-1 text-sm font-medium">Decline the handoff of {outage}?</legend>
        <p className="text-sm">The outage goes back to the NOC with this reason on its timeline:</p>
        <blockquote className="whitespace-pre-wrap border-l-2 border-zinc-300 pl-2 text-sm dark:border-zinc-700">
          {confirming.reason}
        </blockquote>
        <div className="flex flex-wrap gap-2">
          <Button
            type="button"
            variant="danger"
            ref={yes}
            disabled={decline.isPending}
            onClick={() => decline.mutate(confirming)}
          >
            Yes, decline the handoff
          </Button>
          <Button
            type="button"
            variant="ghost"
            disabled={decline.isPending}
            onClick={() => setConfirming(null)}
          >
            Back
          </Button>
        </div>
      </fieldset>
    );
  return (
    <form
      className="space-y-2"
      noValidate
      onSubmit={f.onSubmit(async (values) => {
        setConfirming(values);
      })}
    >
      {f.field('reason', `Why the SOC declines ${outage}`, <Textarea rows={2} {...f.register('reason')} />)}
      <FormFooter
        submit="Decline handoff…"
        pending={f.pending}
        onCancel={props.onCancel}
        failure={f.failure}
      />
    </form>
  );
}
