'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Button, FieldError, FormAlert, Input, Label, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import { declineHandoffInput } from '@/server/services/handoffs/schemas';

type ServerError = {
  message: string;
  data?: { fieldErrors?: Record<string, string[] | undefined> | null } | null;
};
const firstError = (error: ServerError) =>
  Object.values(error.data?.fieldErrors ?? {})[0]?.[0] ?? error.message;

/**
 * Accept into a new incident or an existing one (by number), or decline with a reason. Each choice has a
 * form of its own, so nothing typed for one is sent as the other; declining asks once more, since it
 * hands the outage back to the NOC.
 */
export function HandoffDecision({ handoffId, outage }: { handoffId: string; outage: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [mode, setMode] = useState<'idle' | 'existing' | 'decline'>('idle');
  const [message, setMessage] = useState<string | null>(null);
  const accept = useMutation(
    trpc.handoffs.accept.mutationOptions({
      onSuccess: (result) => router.push(`/tickets/${result.incidentNumber}`),
      onError: (error) => setMessage(firstError(error)),
    }),
  );
  const choose = (next: typeof mode) => {
    setMessage(null);
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
      {mode === 'existing' && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            setMessage(null);
            const number = String(new FormData(e.currentTarget).get('incident') ?? '');
            accept.mutate({ handoffId, into: 'existing', incident: { number } });
          }}
        >
          <Label htmlFor={`existing-${handoffId}`}>Incident to add {outage} to (SEC-…)</Label>
          <Input id={`existing-${handoffId}`} name="incident" required />
          <Button type="submit" disabled={accept.isPending}>
            Accept into incident
          </Button>
        </form>
      )}
      {mode === 'decline' && (
        <DeclineForm handoffId={handoffId} outage={outage} onCancel={() => choose('idle')} />
      )}
      <FormAlert message={message} />
    </div>
  );
}

type DeclineInput = z.input<typeof declineHandoffInput>;
type DeclineOutput = z.output<typeof declineHandoffInput>;

/** The reason, checked by the service's own schema, then one confirmation before anything is sent. */
function DeclineForm(props: { handoffId: string; outage: string; onCancel: () => void }) {
  const { handoffId, outage } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const [confirming, setConfirming] = useState<DeclineOutput | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<DeclineInput, unknown, DeclineOutput>({
    resolver: zodResolver(declineHandoffInput),
    defaultValues: { handoffId, reason: '' },
  });
  const decline = useMutation(
    trpc.handoffs.decline.mutationOptions({
      onSuccess: () => router.refresh(),
      onError: (error) => {
        setConfirming(null);
        const reason = error.data?.fieldErrors?.reason?.[0];
        if (reason) form.setError('reason', { message: reason });
        else setFailure(error.message);
      },
    }),
  );
  // The question takes the focus, so keyboard and screen-reader users land on it.
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);
  const reasonId = `decline-${handoffId}`;
  const reasonError = form.formState.errors.reason?.message;
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
      onSubmit={form.handleSubmit((values) => {
        setFailure(null);
        setConfirming(values);
      })}
    >
      <Label htmlFor={reasonId}>Why the SOC declines {outage}</Label>
      <Textarea
        id={reasonId}
        rows={2}
        aria-invalid={reasonError ? true : undefined}
        aria-describedby={reasonError ? `${reasonId}-error` : undefined}
        {...form.register('reason')}
      />
      <FieldError id={`${reasonId}-error`} message={reasonError} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit">Decline handoff…</Button>
        <Button type="button" variant="ghost" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
      <FormAlert message={failure} />
    </form>
  );
}
