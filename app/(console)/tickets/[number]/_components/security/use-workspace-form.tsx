'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { type BaseSyntheticEvent, type ReactNode, useRef, useState } from 'react';
import {
  type DefaultValues,
  type FieldValues,
  type Path,
  type RegisterOptions,
  useForm,
} from 'react-hook-form';
import type { z } from 'zod';
import { Button, FieldError, FormAlert, Label, Select } from '@/app/_components/form';
import { formBox } from './section';

/** What a failed tRPC call carries: the server's field errors (zod flattened) and a message. */
export type ServerError = {
  message: string;
  data?: { fieldErrors?: Record<string, string[] | undefined> | null } | null;
};

/** `datetime-local` and optional selects send '' for "nothing"; schemas want undefined or null. */
export const blankAs =
  <T,>(empty: T) =>
  (value: unknown) =>
    value === '' ? empty : value;

/** A select's choices: plain values, or [value, label] pairs. */
export type Choices = readonly (string | readonly [value: string, label: string])[];

/** [value, label] pairs from a vocabulary and its labels. */
export const labelled = <K extends string>(values: readonly K[], labels: Record<K, string>): Choices =>
  values.map((v) => [v, labels[v]] as const);

/** The message under a form or a row's buttons. */
export const Failure = FormAlert;

/**
 * For buttons without a form (Mark IOC, Remove): after success the server-rendered page is refreshed,
 * after a failure its message is kept for <Failure>.
 */
export function useMutationFeedback() {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  return {
    failure,
    callbacks: {
      onSuccess: () => {
        setFailure(null);
        router.refresh();
      },
      onError: (error: ServerError) => {
        const messages = Object.values(error.data?.fieldErrors ?? {}).flatMap((m) => m ?? []);
        setFailure(messages.join(' ') || error.message);
      },
    },
  };
}

/**
 * A workspace form validated in the browser by the server's own zod schema (DESIGN §3). `register` gives
 * each control an id (`<idPrefix>-<name>`) for its label and error; the server's field errors land on the
 * fields this form shows, anything else (or a plain error) in `failure`. On success the page refreshes
 * and, unless `keepValues`, the form returns to its defaults.
 */
export function useWorkspaceForm<I extends FieldValues, O>(
  schema: z.ZodType<O, I>,
  defaultValues: DefaultValues<I>,
  idPrefix: string,
  options: { keepValues?: boolean } = {},
) {
  const router = useRouter();
  const form = useForm<I, unknown, O>({ resolver: zodResolver(schema), defaultValues });
  const [failure, setFailure] = useState<string | null>(null);
  const shown = useRef(new Set<string>());

  const idOf = (name: Path<I>) => `${idPrefix}-${name}`;
  const errorOf = (name: Path<I>) => form.getFieldState(name, form.formState).error?.message;

  const register = (name: Path<I>, registerOptions?: RegisterOptions<I, Path<I>>) => {
    shown.current.add(name);
    const invalid = !!errorOf(name);
    return {
      id: idOf(name),
      'aria-invalid': invalid,
      'aria-describedby': invalid ? `${idOf(name)}-error` : undefined,
      ...form.register(name, registerOptions),
    };
  };

  /** A labelled control with its error underneath. */
  const field = (name: Path<I>, label: string, control: ReactNode, className?: string) => (
    <div className={className}>
      <Label htmlFor={idOf(name)}>{label}</Label>
      {control}
      <FieldError id={`${idOf(name)}-error`} message={errorOf(name)} />
    </div>
  );

  /** A labelled select; `blank` adds an empty first choice that sends undefined (a field left as it is). */
  const select = (
    name: Path<I>,
    label: string,
    choices: Choices,
    opts: { blank?: string; className?: string } = {},
  ) =>
    field(
      name,
      label,
      <Select {...register(name, opts.blank ? { setValueAs: blankAs(undefined) } : undefined)}>
        {opts.blank && <option value="">{opts.blank}</option>}
        {choices.map((choice) => {
          const [value, text] = typeof choice === 'string' ? [choice, choice] : choice;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </Select>,
      opts.className,
    );

  const callbacks = {
    onSuccess: () => {
      setFailure(null);
      if (!options.keepValues) form.reset();
      router.refresh();
    },
    onError: (error: ServerError) => {
      const unplaced: string[] = [];
      for (const [key, messages] of Object.entries(error.data?.fieldErrors ?? {})) {
        if (!messages?.length) continue;
        if (shown.current.has(key)) form.setError(key as Path<I>, { message: messages[0] });
        else unplaced.push(...messages);
      }
      const placed = Object.keys(error.data?.fieldErrors ?? {}).some((key) => shown.current.has(key));
      setFailure(unplaced.join(' ') || (placed ? null : error.message));
    },
  };

  /** The form's onSubmit: validate, then send; the mutation's callbacks report the outcome. */
  const onSubmit = (send: (values: O) => Promise<unknown>, confirm?: () => boolean) =>
    form.handleSubmit((values) => {
      setFailure(null);
      if (confirm && !confirm()) return;
      return send(values).catch(() => {});
    });

  return {
    form,
    failure,
    register,
    field,
    select,
    callbacks,
    onSubmit,
    pending: form.formState.isSubmitting,
  };
}

/** The part of useWorkspaceForm's answer the frame needs. */
interface WorkspaceFormApi<O> {
  onSubmit: (
    send: (values: O) => Promise<unknown>,
    confirm?: () => boolean,
  ) => (e?: BaseSyntheticEvent) => Promise<unknown>;
  failure: string | null;
  pending: boolean;
}

/**
 * The frame of every workspace form: `row` puts the submit button beside the fields (short forms), `stack`
 * below them; the form-level failure comes last. `boxed` draws the border of a form under a table.
 */
export function WorkspaceForm<O>(props: {
  of: WorkspaceFormApi<O>;
  send: (values: O) => Promise<unknown>;
  confirm?: () => boolean;
  submit: string;
  layout?: 'row' | 'stack';
  boxed?: boolean;
  variant?: 'primary' | 'ghost';
  children: ReactNode;
}) {
  const { of: f, layout = 'stack', boxed = true } = props;
  const button = (
    <Button
      type="submit"
      variant={props.variant}
      disabled={f.pending}
      className={layout === 'row' ? 'mt-6' : ''}
    >
      {props.submit}
    </Button>
  );
  return (
    <form
      noValidate
      className={`space-y-3 ${boxed ? formBox : ''}`}
      onSubmit={f.onSubmit(props.send, props.confirm)}
    >
      {layout === 'row' ? (
        <div className="flex flex-wrap items-start gap-3">
          {props.children}
          {button}
        </div>
      ) : (
        <>
          {props.children}
          {button}
        </>
      )}
      <Failure message={f.failure} />
    </form>
  );
}
