'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { Button, FormAlert, Label, Select, Textarea } from '@/app/_components/form';
import { FormFooter } from '@/app/_components/forms/form-footer';
import { blankAs, useMutationFeedback, useServerForm } from '@/app/_components/forms/use-server-form';
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

/** Steps that, on real systems, tend to go with reboots, reimaging or clean-up that destroys evidence. */
const DESTRUCTIVE = new Set(['FIX', 'RESOLVE', 'CLOSE']);
const EVIDENCE_WARNING = 'The SOC is preserving evidence on this outage. Continue without destroying it?';
/** Names only the incidents' numbers: a NOC engineer sees them as stubs, nothing more. */
const correlatedWarning = (numbers: readonly string[]) =>
  `The SOC is preserving evidence for ${numbers.join(', ')} on systems this outage's alerts name. ` +
  'Remediation may destroy it: ask for a NOC action request instead. Continue anyway?';

/**
 * The event schema seen from an action's form: the fields are the action's needs by name (a union of
 * shapes has no single field list for react-hook-form), the output is the event the server takes.
 */
const eventSchema = lifecycleEventInput as unknown as z.ZodType<LifecycleEventInput, Record<string, string>>;

/**
 * Exactly the actions the server says this user may take now (tickets.allowedActions, rendered with the
 * page), each sent with the version the page loaded so a concurrent change answers CONFLICT instead of
 * being overwritten. After any attempt the page re-renders from the server.
 */
export function TicketActions(props: {
  ticketId: string;
  version: number;
  actions: AllowedAction[];
  /** The SOC's preserve-evidence hold on an outage: warn before destructive steps. */
  preserveEvidence?: boolean;
  /** Incidents its alerts named that preserve evidence (correlation): warn before any remediation too. */
  heldBy?: string[];
}) {
  const { ticketId, version, actions } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState<AllowedAction | null>(null);
  const feedback = useMutationFeedback();
  const transition = useMutation(
    trpc.tickets.transition.mutationOptions({
      onSuccess: () => feedback.setFailure(null),
      onError: feedback.callbacks.onError,
      onSettled: () => router.refresh(),
    }),
  );
  const heldBy = props.heldBy ?? [];
  const warned = (type: string) => {
    if (!DESTRUCTIVE.has(type)) return true;
    if (heldBy.length > 0) return window.confirm(correlatedWarning(heldBy));
    return !props.preserveEvidence || window.confirm(EVIDENCE_WARNING);
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
            data-shortcut={action.type === 'ACK' ? 'acknowledge' : undefined}
            disabled={transition.isPending}
            onClick={() => {
              feedback.setFailure(null);
              if (action.needs.length) return setOpen(action);
              if (warned(action.type))
                transition.mutate({
                  id: ticketId,
                  version,
                  event: { type: action.type } as LifecycleEventInput,
                });
            }}
          >
            {EVENT_LABEL[action.type] ?? action.type}
          </Button>
        ))}
      </div>
      {open && (
        // Each action's form starts empty (keyed by the action): nothing typed for one is sent with another.
        <ActionForm
          key={open.type}
          action={open}
          ticketId={ticketId}
          version={version}
          confirm={() => warned(open.type)}
          onClose={() => setOpen(null)}
        />
      )}
      <FormAlert message={feedback.failure} />
    </section>
  );
}

/**
 * The fields an action needs, checked by the server's own event schema (a missing or overlong field is
 * shown under it, nothing is sent); the server's `event.<field>` errors land there too.
 */
function ActionForm(props: {
  action: AllowedAction;
  ticketId: string;
  version: number;
  confirm: () => boolean;
  onClose: () => void;
}) {
  const { action } = props;
  const trpc = useTRPC();
  const router = useRouter();
  // Untouched text is empty; an unchosen option is absent (the schema then says "choose …").
  const defaults = Object.fromEntries(action.needs.filter((n) => !CHOICES[n]).map((n) => [n, '']));
  const f = useServerForm(eventSchema, { ...defaults, type: action.type }, 'need', {
    keepValues: true,
    refresh: false,
    pathOf: (key) => key.replace(/^event\./, ''),
    onSuccess: props.onClose,
  });
  const transition = useMutation(
    trpc.tickets.transition.mutationOptions({ ...f.callbacks, onSettled: () => router.refresh() }),
  );
  const describedBy = (need: string) => {
    const invalid = !!f.form.getFieldState(need, f.form.formState).error;
    const ids = [NEED_HINT[need] && `need-${need}-hint`, invalid && `need-${need}-error`];
    return ids.filter(Boolean).join(' ') || undefined;
  };
  return (
    <form
      className="mt-3 max-w-xl space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
      noValidate
      // The version the page shows now (props follow router.refresh()).
      onSubmit={f.onSubmit(
        (event) => transition.mutateAsync({ id: props.ticketId, version: props.version, event }),
        props.confirm,
      )}
    >
      {action.needs.map((need) => (
        <div key={need}>
          <Label htmlFor={`need-${need}`}>{NEED_LABEL[need] ?? need}</Label>
          {NEED_HINT[need] && (
            <p id={`need-${need}-hint`} className="mb-1 text-xs text-muted">
              {NEED_HINT[need]}
            </p>
          )}
          {CHOICES[need] ? (
            <Select
              required
              {...f.register(need, { setValueAs: blankAs(undefined) })}
              aria-describedby={describedBy(need)}
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
              required
              rows={3}
              maxLength={MAX_LENGTH[need]}
              {...f.register(need)}
              aria-describedby={describedBy(need)}
            />
          )}
          {f.error(need)}
        </div>
      ))}
      <FormFooter
        submit={EVENT_LABEL[action.type] ?? action.type}
        pending={f.pending}
        onCancel={props.onClose}
        failure={f.failure}
      />
    </form>
  );
}
