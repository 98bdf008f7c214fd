import type { ComponentProps } from 'react';

// Small shadcn-style primitives over native, accessible elements.

const field =
  'w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm shadow-xs dark:border-zinc-700 dark:bg-zinc-900 aria-[invalid=true]:border-red-600';

export function Input(props: ComponentProps<'input'>) {
  return <input {...props} className={`${field} ${props.className ?? ''}`} />;
}

export function Textarea(props: ComponentProps<'textarea'>) {
  return <textarea {...props} className={`${field} ${props.className ?? ''}`} />;
}

export function Select(props: ComponentProps<'select'>) {
  return <select {...props} className={`${field} ${props.className ?? ''}`} />;
}

const BUTTON_LOOK = {
  primary: 'bg-sky-700 text-white hover:bg-sky-800 disabled:opacity-50',
  ghost: 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800',
  /** The step that cannot be taken back (a confirmation's yes). */
  danger: 'bg-red-700 text-white hover:bg-red-800 disabled:opacity-50',
} as const;

/** A button's look, for a link that acts as one (e.g. "New calendar", which opens a page). */
export const buttonClassName = (variant: keyof typeof BUTTON_LOOK = 'primary') =>
  `inline-block rounded-md px-3 py-1.5 text-sm font-medium ${BUTTON_LOOK[variant]}`;

export function Button({
  variant = 'primary',
  ...props
}: ComponentProps<'button'> & { variant?: keyof typeof BUTTON_LOOK }) {
  return <button {...props} className={`${buttonClassName(variant)} ${props.className ?? ''}`} />;
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}

export function Label(props: ComponentProps<'label'>) {
  // biome-ignore lint/a11y/noLabelWithoutControl: callers pass htmlFor
  return <label {...props} className={`mb-1 block text-sm font-medium ${props.className ?? ''}`} />;
}

/** `<option>`s for a list of values, each shown as its label (or as itself). */
export function Options({ values, labels }: { values: readonly string[]; labels?: Record<string, string> }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {labels?.[value] ?? value}
    </option>
  ));
}

/** A form's own failure message (a live region, so screen readers hear it); nothing when there is none. */
export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}
