'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, Label, Select, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import type { AllowedAction } from '@/server/services/tickets/allowed-actions';
import type { LifecycleEventInput } from '@/server/services/tickets/schemas';
import { DISMISS_RESOLUTIONS, HOLD_REASONS, SEVERITIES } from '@/workflows/tickets/constants';
import { EVENT_LABEL, NEED_LABEL } from './event-labels';

const CHOICES: Record<string, readonly string[]> = {
  reason: HOLD_REASONS,
  resolution: DISMISS_RESOLUTIONS,
  severity: SEVERITIES,
};

/**
 * Exactly the actions the server says this user may take now (tickets.allowedActions, rendered with the
 * page), each sent with the version the page loaded so a concurrent change answers CONFLICT instead of
 * being overwritten. After any attempt the page re-renders from the server.
 */
/** Steps that, on real systems, tend to go with reboots, reimaging or clean-up that destroys evidence. */
const DESTRUCTIVE = new Set(['FIX', 'RESOLVE', 'CLOSE']);

export function TicketActions(props: {
  ticketId: string;
  version: number;
  actions: AllowedAction[];
  /** The SOC's preserve-evidence hold on an outage: warn before destructive steps. */
  preserveEvidence?: boolean;
}) {
  const { ticketId, version, actions } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const [pending, setPending] = useState<{ type: string; needs: string[] } | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const transition = useMutation(
    trpc.tickets.transition.mutationOptions({
      onSuccess: () => {
        setPending(null);
        setValues({});
        setMessage(null);
      },
      onError: (error) => setMessage(error.message),
      onSettled: () => router.refresh(),
    }),
  );

  const send = (type: string, payload: Record<string, string>) => {
    const warn = props.preserveEvidence && DESTRUCTIVE.has(type);
    if (
      warn &&
      !window.confirm('The SOC is preserving evidence on this outage. Continue without destroying it?')
    )
      return;
    transition.mutate({ id: ticketId, version, event: { type, ...payload } as LifecycleEventInput });
  };

  return (
    <section aria-label="Actions" className="my-4">
      <div className="flex flex-wrap gap-2">
        {actions.length === 0 && (
          <p className="text-sm text-muted">No actions available to you in this state.</p>
        )}
        {actions.map((action) => (
          <Button
            key={action.type}
            type="button"
            variant={action.type === 'CLOSE' || action.type === 'DISMISS' ? 'ghost' : 'primary'}
            disabled={transition.isPending}
            onClick={() => (action.needs.length ? setPending(action) : send(action.type, {}))}
          >
            {EVENT_LABEL[action.type] ?? action.type}
          </Button>
        ))}
      </div>
      {pending && (
        <form
          className="mt-3 max-w-xl space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
          onSubmit={(e) => {
            e.preventDefault();
            send(pending.type, values);
          }}
        >
          {pending.needs.map((need) => (
            <div key={need}>
              <Label htmlFor={`need-${need}`}>{NEED_LABEL[need] ?? need}</Label>
              {CHOICES[need] ? (
                <Select
                  id={`need-${need}`}
                  required
                  value={values[need] ?? ''}
                  onChange={(e) => setValues({ ...values, [need]: e.target.value })}
                >
                  <option value="">Choose…</option>
                  {CHOICES[need].map((choice) => (
                    <option key={choice} value={choice}>
                      {choice.replaceAll('_', ' ')}
                    </option>
                  ))}
                </Select>
              ) : (
                <Textarea
                  id={`need-${need}`}
                  required
                  rows={3}
                  value={values[need] ?? ''}
                  onChange={(e) => setValues({ ...values, [need]: e.target.value })}
                />
              )}
            </div>
          ))}
          <div className="flex gap-2">
            <Button type="submit" disabled={transition.isPending}>
              {EVENT_LABEL[pending.type] ?? pending.type}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setPending(null)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      {message && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {message}
        </p>
      )}
    </section>
  );
}
