'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, FieldError, Label, Select, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import type { AllowedAction } from '@/server/services/tickets/allowed-actions';
import { type LifecycleEventInput, lifecycleEventInput } from '@/server/services/tickets/schemas';
import {
  DISMISS_RESOLUTIONS,
  HOLD_REASONS,
  OUTAGE_CAUSES,
  RESOLUTION_SUMMARY_MAX,
  SEVERITIES,
} from '@/workflows/tickets/constants';
import { EVENT_LABEL, NEED_HINT, NEED_LABEL } from './event-labels';

const CHOICES: Record<string, readonly string[]> = {
  reason: HOLD_REASONS,
  resolution: DISMISS_RESOLUTIONS,
  severity: SEVERITIES,
  causeCategory: OUTAGE_CAUSES,
};
const MAX_LENGTH: Record<string, number> = { resolutionSummary: RESOLUTION_SUMMARY_MAX };

/** Field errors by payload field, from the shared schema's issues or the server's `event.<field>` keys. */
function payloadErrors(entries: Iterable<[string, string | undefined]>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [path, message] of entries) {
    const field = path.replace(/^event\./, '');
    if (message && !errors[field]) errors[field] = message;
  }
  return errors;
}

/**
 * Exactly the actions the server says this user may take now (tickets.allowedActions, rendered with the
 * page), each sent with the version the page loaded so a concurrent change answers CONFLICT instead of
 * being overwritten. After any attempt the page re-renders from the server.
 */
/** Steps that, on real systems, tend to go with reboots, reimaging or clean-up that destroys evidence. */
const DESTRUCTIVE = new Set(['FIX', 'RESOLVE', 'CLOSE']);

function describedBy(need: string, errors: Record<string, string>): string | undefined {
  const ids = [NEED_HINT[need] && `need-${need}-hint`, errors[need] && `need-${need}-error`].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

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
  const [errors, setErrors] = useState<Record<string, string>>({});

  const transition = useMutation(
    trpc.tickets.transition.mutationOptions({
      onSuccess: () => {
        setPending(null);
        setValues({});
        setErrors({});
        setMessage(null);
      },
      onError: (error) => {
        const fieldErrors = (error.data?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
        const byField = payloadErrors(Object.entries(fieldErrors).map(([k, v]) => [k, v?.[0]]));
        setErrors(byField);
        setMessage(Object.keys(byField).length ? null : error.message);
      },
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
            onClick={() => {
              if (!action.needs.length) return send(action.type, {});
              // Each action's form starts empty: nothing typed for one is sent with another.
              setPending(action);
              setValues({});
              setErrors({});
            }}
          >
            {EVENT_LABEL[action.type] ?? action.type}
          </Button>
        ))}
      </div>
      {pending && (
        <form
          className="mt-3 max-w-xl space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            // The server's own schema first: a missing or overlong field is shown under it, nothing is sent.
            // Untouched text is empty; an unchosen option is absent (the schema then says "choose …").
            const payload: Record<string, string> = {};
            for (const need of pending.needs) {
              const value = values[need] ?? '';
              if (value !== '' || !CHOICES[need]) payload[need] = value;
            }
            const parsed = lifecycleEventInput.safeParse({ type: pending.type, ...payload });
            if (!parsed.success) {
              setErrors(payloadErrors(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
              return;
            }
            setErrors({});
            send(pending.type, payload);
          }}
        >
          {pending.needs.map((need) => (
            <div key={need}>
              <Label htmlFor={`need-${need}`}>{NEED_LABEL[need] ?? need}</Label>
              {NEED_HINT[need] && (
                <p id={`need-${need}-hint`} className="mb-1 text-xs text-muted">
                  {NEED_HINT[need]}
                </p>
              )}
              {CHOICES[need] ? (
                <Select
                  id={`need-${need}`}
                  required
                  aria-invalid={errors[need] ? true : undefined}
                  aria-describedby={describedBy(need, errors)}
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
                  maxLength={MAX_LENGTH[need]}
                  aria-invalid={errors[need] ? true : undefined}
                  aria-describedby={describedBy(need, errors)}
                  value={values[need] ?? ''}
                  onChange={(e) => setValues({ ...values, [need]: e.target.value })}
                />
              )}
              <FieldError id={`need-${need}-error`} message={errors[need]} />
            </div>
          ))}
          <div className="flex gap-2">
            <Button type="submit" disabled={transition.isPending}>
              {EVENT_LABEL[pending.type] ?? pending.type}
            </Button>
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                setPending(null);
                setErrors({});
              }}
            >
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
