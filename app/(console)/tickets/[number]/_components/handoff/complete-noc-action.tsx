'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, FormAlert, Label, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';

/**
 * The NOC's answer to a SOC request. While evidence is preserved, the engineer confirms first: blocking
 * or isolating can be fine, but a reboot or reimage on the way destroys what the SOC needs.
 */
export function CompleteNocAction(props: { taskId: string; preserveEvidence: boolean; incident: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [result, setResult] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const complete = useMutation(
    trpc.nocActions.complete.mutationOptions({
      onSuccess: () => setMessage(null),
      onError: (error) => setMessage(error.message),
      onSettled: () => router.refresh(),
    }),
  );
  return (
    <form
      className="mt-2 space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (
          props.preserveEvidence &&
          !window.confirm(
            `The SOC is preserving evidence for ${props.incident}. Did you avoid reboots, reimaging and log rotation?`,
          )
        )
          return;
        complete.mutate({ taskId: props.taskId, result });
      }}
    >
      <Label htmlFor={`result-${props.taskId}`}>Result</Label>
      <Textarea
        id={`result-${props.taskId}`}
        rows={2}
        required
        value={result}
        onChange={(e) => setResult(e.target.value)}
      />
      <Button type="submit" disabled={complete.isPending}>
        Mark done
      </Button>
      <FormAlert message={message} />
    </form>
  );
}
