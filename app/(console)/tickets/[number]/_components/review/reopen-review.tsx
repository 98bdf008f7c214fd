'use client';

import { useMutation } from '@tanstack/react-query';
import { Input } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { reopenReviewInput } from '@/server/services/reviews/schemas';
import { Reveal } from '../security/reveal';
import { WorkspaceForm } from '../security/workspace-form';

/** Back to a draft to correct it, with the reason on the timeline; customers stop reading it meanwhile. */
export function ReopenReview({ ticketId, revision }: { ticketId: string; revision: number }) {
  const trpc = useTRPC();
  const f = useServerForm(reopenReviewInput, { id: ticketId, revision, reason: '' }, 'review-reopen', {
    successMessage: 'Review reopened as a draft.',
  });
  const reopen = useMutation(trpc.reviews.reopen.mutationOptions(f.callbacks));
  return (
    <Reveal label="Reopen to correct…" variant="ghost">
      <WorkspaceForm
        of={f}
        send={reopen.mutateAsync}
        confirm={() =>
          window.confirm(
            "Reopen the review? The outage's customers no longer read it until it is published again.",
          )
        }
        submit="Reopen review"
      >
        {f.field('reason', 'Why reopen it', <Input {...f.register('reason')} />)}
      </WorkspaceForm>
    </Reveal>
  );
}
