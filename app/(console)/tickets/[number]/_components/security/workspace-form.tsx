'use client';

import type { BaseSyntheticEvent, ReactNode } from 'react';
import { Button, FormAlert } from '@/app/_components/form';
import { useRevealed } from './reveal';
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
 * below them; the form-level failure comes last. `boxed` draws the border of a form under a table. Behind
 * a <Reveal>, the form gets a Cancel button and closes itself once the server accepted it.
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
  const revealed = useRevealed();
  // A rejected send (the server said no) leaves the form open with its messages.
  const send = async (values: O) => {
    const answer = await props.send(values);
    revealed?.close();
    return answer;
  };
  const buttons = (
    <div className={`flex flex-wrap gap-2 ${layout === 'row' ? 'mt-6' : ''}`}>
      <Button type="submit" variant={props.variant} disabled={f.pending}>
        {props.submit}
      </Button>
      {revealed && (
        <Button type="button" variant="ghost" disabled={f.pending} onClick={revealed.close}>
          Cancel
        </Button>
      )}
    </div>
  );
  return (
    <form
      noValidate
      className={`space-y-3 ${boxed ? formBox : ''}`}
      onSubmit={f.onSubmit(send, props.confirm)}
    >
      {layout === 'row' ? (
        <div className="flex flex-wrap items-start gap-3">
          {props.children}
          {buttons}
        </div>
      ) : (
        <>
          {props.children}
          {buttons}
        </>
      )}
      <FormAlert message={f.failure} />
    </form>
  );
}
