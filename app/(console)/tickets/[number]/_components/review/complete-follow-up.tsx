'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert } from '@/app/_components/form';
import { useMutationFeedback } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';

/** Marks an open follow-up action done (no fields: a button, its failure under it). */
export function CompleteFollowUp({ followUpId, title }: { followUpId: string; title: string }) {
  const trpc = useTRPC();
  const feedback = useMutationFeedback();
  const complete = useMutation(trpc.reviews.completeFollowUp.mutationOptions(feedback.callbacks));
  return (
    <div>
      <Button
        type="button"
        variant="ghost"
        aria-label={`Mark done: ${title}`}
        disabled={complete.isPending}
        onClick={() => complete.mutate({ followUpId })}
      >
        Mark done
      </Button>
      <FormAlert message={feedback.failure} />
    </div>
  );
}
