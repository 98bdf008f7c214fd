'use client';

import type { FormEventHandler, ReactNode } from 'react';
import { FormFooter } from '@/app/_components/forms/form-footer';

/**
 * The frame every SLA admin editor shares: a labelled form, its legend, the "Saved." note, and the
 * footer (submit and form-level error), the submit hidden for read-only viewers, whose fieldset is
 * disabled.
 */
export function EditorFrame(props: {
  label: string;
  legend: string;
  readOnly: boolean;
  saved: string | null;
  failure: string | null;
  pending: boolean;
  submitLabel: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={props.onSubmit}
      aria-label={props.label}
      noValidate
      className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <fieldset disabled={props.readOnly} className="space-y-3">
        <legend className="font-semibold">{props.legend}</legend>
        {props.children}
        {props.saved && (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            {props.saved}
          </p>
        )}
        {props.readOnly ? null : (
          <FormFooter submit={props.submitLabel} pending={props.pending} failure={props.failure} />
        )}
      </fieldset>
    </form>
  );
}
