'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Button, FormAlert } from '@/app/_components/form';
import { useMutationFeedback } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';

/**
 * Publishing asks once more: the outage's customers read its impact and root cause from then on (until it
 * is reopened to correct it).
 */
export function PublishReview({ ticketId, revision }: { ticketId: string; revision: number }) {
  const trpc = useTRPC();
  const feedback = useMutationFeedback();
  const [confirming, setConfirming] = useState(false);
  const publish = useMutation(
    trpc.reviews.publish.mutationOptions({
      ...feedback.callbacks,
      onError: (error) => {
        setConfirming(false);
        feedback.callbacks.onError(error);
      },
    }),
  );
  // The question takes the focus, so keyboard and screen-reader users land on it.
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);
  return (
    <div className="space-y-2">
      {confirming ? (
        <fieldset className="space-y-2 rounded-md border border-amber-300 p-3 dark:border-amber-800">
          <legend className="px-1 text-sm font-medium">Publish the post-incident review?</legend>
          <p className="text-sm">
            The outage's customers will read its impact and root cause; to correct it later, reopen it.
            Follow-up actions can still be added and completed.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              ref={yes}
              disabled={publish.isPending}
              onClick={() => publish.mutate({ id: ticketId, revision })}
            >
              Yes, publish
            </Button>
            <Button
              type="button"
              variant="ghost"
              disabled={publish.isPending}
              onClick={() => setConfirming(false)}
            >
              Back
            </Button>
          </div>
        </fieldset>
      ) : (
        <Button
          type="button"
          onClick={() => {
            feedback.setFailure(null);
            setConfirming(true);
          }}
        >
          Publish review…
        </Button>
      )}
      <FormAlert message={feedback.failure} />
    </div>
  );
}
