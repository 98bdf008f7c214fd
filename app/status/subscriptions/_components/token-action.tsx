'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Button, FormAlert } from '@/app/_components/form';
import { type ServerError, serverErrorText } from '@/app/_components/forms/server-error';
import { useHydrated } from '@/app/_components/use-hydrated';
import { useTRPC } from '@/lib/trpc/client';

/**
 * The one button of a confirm or unsubscribe link's page: the link only shows it (mail scanners and
 * previews fetch links), pressing it POSTs the token. (Its texts are its own: a server page cannot hand a
 * client component a function.)
 */
export function TokenAction(props: { action: 'confirm' | 'unsubscribe'; token: string; label: string }) {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const [done, setDone] = useState<{ slug: string; name: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const callbacks = {
    onSuccess: ({ page }: { page: { slug: string; name: string } }) => {
      setFailure(null);
      setDone(page);
    },
    onError: (error: ServerError & { data?: { code?: string } | null }) =>
      setFailure(
        error.data?.code === 'NOT_FOUND'
          ? props.action === 'confirm'
            ? 'This confirmation link is not valid any more: it was used already, or the subscription was cancelled.'
            : 'This unsubscribe link is not valid.'
          : serverErrorText(error),
      ),
  };
  const confirm = useMutation(trpc.subscriptions.confirm.mutationOptions(callbacks));
  const leave = useMutation(trpc.subscriptions.unsubscribe.mutationOptions(callbacks));
  const mutation = props.action === 'confirm' ? confirm : leave;

  if (done)
    return (
      <div className="space-y-3">
        <p role="status" className="font-medium text-emerald-700 dark:text-emerald-400">
          {props.action === 'confirm'
            ? `Subscribed: you will receive ${done.name} status updates.`
            : `Unsubscribed: no more ${done.name} status updates will be sent.`}
        </p>
        <Link className="text-sky-700 hover:underline dark:text-sky-400" href={`/status/${done.slug}`}>
          {done.name} status
        </Link>
      </div>
    );
  return (
    <div className="space-y-3">
      <Button
        type="button"
        variant={props.action === 'unsubscribe' ? 'danger' : 'primary'}
        disabled={!hydrated || mutation.isPending || !props.token}
        onClick={() => mutation.mutate({ token: props.token })}
      >
        {props.label}
      </Button>
      <FormAlert
        message={failure ?? (props.token ? null : 'This link has no token: open it from the message again.')}
      />
    </div>
  );
}
