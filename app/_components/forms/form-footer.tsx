import type { ReactNode } from 'react';
import { Button, FormAlert } from '../form';

/**
 * The end of a form: its submit button (disabled while the form is sending, so a second click sends
 * nothing), an optional Cancel that closes the form, and the form's own failure message below them.
 */
export function FormFooter(props: {
  /** The submit button's label: what the form does ("Decline handoff…", "Resolve"). */
  submit: ReactNode;
  pending?: boolean;
  onCancel?: () => void;
  failure?: string | null;
}) {
  return (
    <>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={props.pending}>
          {props.submit}
        </Button>
        {props.onCancel && (
          <Button type="button" variant="ghost" onClick={props.onCancel}>
            Cancel
          </Button>
        )}
      </div>
      <FormAlert message={props.failure} />
    </>
  );
}
