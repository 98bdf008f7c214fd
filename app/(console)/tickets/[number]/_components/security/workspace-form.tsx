'use client';

import type { BaseSyntheticEvent, ReactNode } from 'react';
import { Button, FormAlert } from '@/app/_components/form';
import { formBox } from './section';

/** The part of useServerForm's answer the frame needs. */
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
      <FormAlert message={f.failure} />
    </form>
  );
}
