'use client';

import type { FormEventHandler, ReactNode } from 'react';
import { Button, FieldError } from '@/app/_components/form';

/**
 * The frame both SLA editors share: a labelled form, its legend, the form-level error, the "Saved." note
 * and the submit button (hidden for read-only viewers, whose fieldset is disabled).
 */
export function EditorFrame(props: {
  label: string;
  legend: string;
  idPrefix: string;
  readOnly: boolean;
  error?: string;
  saved: string | null;
  pending: boolean;
  submitLabel: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={props.onSubmit}
      aria-label={props.label}
      className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <fieldset disabled={props.readOnly} className="space-y-3">
        <legend className="font-semibold">{props.legend}</legend>
        {props.children}
        <FieldError id={`${props.idPrefix}-error`} message={props.error} />
        {props.saved && <p className="text-sm text-emerald-700">{props.saved}</p>}
        {!props.readOnly && (
          <Button type="submit" disabled={props.pending}>
            {props.submitLabel}
          </Button>
        )}
      </fieldset>
    </form>
  );
}
