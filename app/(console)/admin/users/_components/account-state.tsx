'use client';

import { useMutation } from '@tanstack/react-query';
import { FormFooter } from '@/app/_components/forms/form-footer';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type UserRefInput, userRefInput } from '@/server/services/users/schemas';

/**
 * Deactivate (after a confirmation: the person is signed out everywhere and cannot sign in) or reactivate
 * the account. The server refuses one's own account and the last active admin, with the reason shown.
 */
export function AccountState(props: { userId: string; name: string; active: boolean; self: boolean }) {
  const trpc = useTRPC();
  const f = useServerForm<UserRefInput>(userRefInput, { userId: props.userId }, `state-${props.userId}`);
  const deactivate = useMutation(trpc.users.deactivate.mutationOptions(f.callbacks));
  const reactivate = useMutation(trpc.users.reactivate.mutationOptions(f.callbacks));
  const onSubmit = props.active
    ? f.onSubmit(deactivate.mutateAsync, () =>
        window.confirm(
          `Deactivate ${props.name}? They are signed out everywhere at once and can no longer sign in.`,
        ),
      )
    : f.onSubmit(reactivate.mutateAsync);
  return (
    <form
      aria-label="Account state"
      noValidate
      onSubmit={onSubmit}
      className="space-y-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 className="font-semibold">Account</h2>
      <p className="text-sm">
        {props.active
          ? 'Active: the person can sign in.'
          : 'Deactivated: the person cannot sign in. Reactivating lets them sign in again with their password.'}
      </p>
      {props.self ? (
        <p className="text-sm text-muted">This is your own account: only another admin can deactivate it.</p>
      ) : (
        <FormFooter
          submit={props.active ? 'Deactivate user…' : 'Reactivate user'}
          pending={f.pending}
          failure={f.failure}
        />
      )}
    </form>
  );
}
