'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, FormAlert } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import { SecretOnce } from './secret-once';

/** "Send test", reveal and rotate the secret, delete: the endpoint's buttons. */
export function WebhookActions(props: { id: string; enabled: boolean; listPath: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const onError = (error: { message: string }) => setFailure(error.message);
  const test = useMutation(
    trpc.webhooks.sendTest.mutationOptions({
      onSuccess: (r) => {
        setFailure(null);
        setNote(
          r.delivered
            ? `Test delivered (HTTP ${r.status}).`
            : `Test not delivered: ${r.error ?? 'no answer'}. It will be retried on the schedule.`,
        );
        router.refresh();
      },
      onError,
    }),
  );
  const reveal = useMutation(
    trpc.webhooks.revealSecret.mutationOptions({ onSuccess: (r) => setSecret(r.secret), onError }),
  );
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: (r) => setSecret(r.secret), onError }),
  );
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({ onSuccess: () => router.push(props.listPath), onError }),
  );
  const id = { id: props.id };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Button type="button" disabled={!props.enabled || test.isPending} onClick={() => test.mutate(id)}>
          {test.isPending ? 'Sending…' : 'Send test'}
        </Button>
        <Button type="button" variant="ghost" disabled={reveal.isPending} onClick={() => reveal.mutate(id)}>
          Reveal secret
        </Button>
        <Button
          type="button"
          variant="ghost"
          disabled={rotate.isPending}
          onClick={() =>
            window.confirm('Rotate the secret? Receivers must be given the new one.') && rotate.mutate(id)
          }
        >
          Rotate secret…
        </Button>
        <Button
          type="button"
          variant="danger"
          disabled={remove.isPending}
          onClick={() =>
            window.confirm('Delete this endpoint and its undelivered messages?') && remove.mutate(id)
          }
        >
          Delete endpoint…
        </Button>
      </div>
      {!props.enabled && <p className="text-sm text-muted">Enable the endpoint to send a test.</p>}
      {note && (
        <p role="status" className="text-sm">
          {note}
        </p>
      )}
      <FormAlert message={failure} />
      {secret && <SecretOnce secret={secret} onDone={() => setSecret(null)} />}
    </div>
  );
}
