'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { type BaseSyntheticEvent, type ReactNode, useRef, useState } from 'react';
import {
  type DefaultValues,
  type FieldValues,
  type Path,
  type RegisterOptions,
  type Resolver,
  type UseFormReturn,
  useForm,
} from 'react-hook-form';
import type { z } from 'zod';
import { FieldError, Label, Select } from '../form';
import { useToast } from '../toasts/toaster';
import {
  type FieldIssue,
  placeIssues,
  placeServerError,
  type ServerError,
  serverErrorText,
} from './server-error';

export type { FieldIssue, ServerError } from './server-error';

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

export interface ServerFormOptions<I extends FieldValues, O, D> {
  /** Keep what was typed after a success (edit forms); otherwise the form returns to its defaults. */
  keepValues?: boolean;
  /** Runs after a success, before the page refresh (with the form, to reset it to other values). */
  onSuccess?: (data: D, form: UseFormReturn<I, unknown, O>) => void;
  /** Refresh the server-rendered page after a success (default); false when onSuccess navigates away. */
  refresh?: boolean;
  /**
   * Place server messages on every path, not only on controls given out by `register` (forms whose
   * controls are registered in child components, or that show array-level errors themselves).
   */
  placeAll?: boolean;
  /** Form-level note when the server's messages all landed on fields (long forms: where to look). */
  placedNote?: string;
  /** A server key as this form's path (`event.reason` → `reason`). */
  pathOf?: (key: string) => string;
  /**
   * The toast after a success (default "Saved."); false for none (a form that shows its own note, or
   * whose result is plain to see).
   */
  successMessage?: string | false | ((data: D) => string);
}

/** What a form or button toasts after a success when it says nothing else. */
export const DEFAULT_SUCCESS_MESSAGE = 'Saved.';

/**
 * The one form hook (DESIGN §3): react-hook-form validated in the browser by the service's own zod schema
 * (or by the form itself when `schema` is null, for forms whose values are not the schema's input).
 * `register` gives each control an id (`<idPrefix>-<name>`) for its label and error; the server's field
 * errors land on the fields this form shows, anything else (or a plain error) in `failure`. `onSubmit`
 * sends once at a time (a second Enter while the first is on its way is dropped); `pending` is true until
 * the answer is in. On success a toast says so (`successMessage`), the page refreshes and, unless
 * `keepValues`, the form returns to its defaults. A server error that belongs to no field shown is toasted
 * as well as kept in `failure` (the toast is seen wherever the page is scrolled to).
 */
export function useServerForm<I extends FieldValues, O = I, D = unknown>(
  schema: z.ZodType<O, I> | null,
  defaultValues: DefaultValues<I>,
  idPrefix: string,
  options: ServerFormOptions<I, O, D> = {},
) {
  const router = useRouter();
  const toast = useToast();
  const form = useForm<I, unknown, O>({
    resolver: schema ? (zodResolver(schema) as Resolver<I, unknown, O>) : undefined,
    defaultValues,
  });
  const [failure, setFailure] = useState<string | null>(null);
  const shown = useRef(new Set<string>());
  const sending = useRef(false);
  const pathOf = options.pathOf ?? ((key: string) => key);

  const idOf = (name: Path<I>) => `${idPrefix}-${name}`;
  // An array's own message (e.g. "add at least one interval") sits at its `root` when a resolver set it.
  const errorOf = (name: Path<I>) => {
    const error = form.getFieldState(name, form.formState).error as
      | { message?: string; root?: { message?: string } }
      | undefined;
    return error?.message ?? error?.root?.message;
  };

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

  /**
   * The error line of a control (when the label and control are laid out by hand), or of a list or row
   * with no control of its own (`weekly`): either way the form shows messages for `name`.
   */
  const error = (name: Path<I>) => {
    shown.current.add(name);
    return <FieldError id={`${idOf(name)}-error`} message={errorOf(name)} />;
  };

  /** A labelled control with its error underneath. */
  const field = (name: Path<I>, label: string, control: ReactNode, className?: string) => (
    <div className={className}>
      <Label htmlFor={idOf(name)}>{label}</Label>
      {control}
      {error(name)}
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

  /** Messages onto the fields shown (the rest, or `fallback`, as the form's failure). */
  const place = ({ fields, failure: rest }: ReturnType<typeof placeIssues>) => {
    for (const { path, message } of fields) form.setError(path as Path<I>, { type: 'server', message });
    setFailure(rest ?? (fields.length ? (options.placedNote ?? null) : null));
  };
  const onForm = (path: string) => options.placeAll || shown.current.has(path);

  /** The form's own findings (a check the schema cannot make on the form's values), shown like the server's. */
  const reject = (issues: readonly FieldIssue[], fallback: string | null = null) =>
    place(
      placeIssues(
        issues.map((i) => ({ ...i, path: pathOf(i.path) })),
        onForm,
        fallback,
      ),
    );

  const callbacks = {
    onSuccess: (data: D) => {
      setFailure(null);
      if (!options.keepValues) form.reset();
      options.onSuccess?.(data, form);
      const { successMessage = DEFAULT_SUCCESS_MESSAGE } = options;
      const message = typeof successMessage === 'function' ? successMessage(data) : successMessage;
      if (message) toast.success(message);
      if (options.refresh !== false) router.refresh();
    },
    onError: (error: ServerError) => {
      const placed = placeServerError(error, onForm, pathOf);
      place(placed);
      if (placed.failure) toast.error(placed.failure);
    },
  };

  /** The form's onSubmit: validate, then send once; the mutation's callbacks report the outcome. */
  const onSubmit = (send: (values: O) => Promise<unknown> | undefined, confirm?: () => boolean) => {
    const submit = form.handleSubmit(async (values) => {
      if (sending.current) return;
      setFailure(null);
      if (confirm && !confirm()) return;
      sending.current = true;
      try {
        await send(values)?.catch(() => {});
      } finally {
        sending.current = false;
      }
    });
    // The last answer's messages go first: the checks run again and the server answers afresh. (A message
    // on a path with no control, such as a list's own, would otherwise stay and block every submit.)
    return (event?: BaseSyntheticEvent) => {
      if (!sending.current) form.clearErrors();
      return submit(event);
    };
  };

  return {
    form,
    failure,
    register,
    error,
    field,
    select,
    callbacks,
    onSubmit,
    reject,
    setFailure,
    pending: form.formState.isSubmitting,
  };
}

/**
 * For buttons without a form (Mark IOC, Remove, an action without fields): after success a toast (the
 * default "Saved.", another `successMessage`, or none) and the server-rendered page is refreshed; after a
 * failure its message is toasted and kept for <FormAlert>.
 */
export function useMutationFeedback({
  successMessage = DEFAULT_SUCCESS_MESSAGE,
}: {
  successMessage?: string | false;
} = {}) {
  const router = useRouter();
  const toast = useToast();
  const [failure, setFailure] = useState<string | null>(null);
  return {
    failure,
    setFailure,
    callbacks: {
      onSuccess: () => {
        setFailure(null);
        if (successMessage) toast.success(successMessage);
        router.refresh();
      },
      onError: (error: ServerError) => {
        const message = serverErrorText(error);
        setFailure(message);
        toast.error(message);
      },
    },
  };
}
