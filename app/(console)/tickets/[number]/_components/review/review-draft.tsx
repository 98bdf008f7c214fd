'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Textarea } from '@/app/_components/form';
import { FormFooter } from '@/app/_components/forms/form-footer';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { saveReviewDraftInput } from '@/server/services/reviews/schemas';
import { REVIEW_SECTION_LABELS, REVIEW_SECTIONS, type ReviewSection } from '@/workflows/reviews/constants';
import { formBox, muted } from '../security/section';

type Sections = Record<ReviewSection, string | null>;

const HINT: Record<ReviewSection, string> = {
  impact: 'Who and what was affected, for how long. Customers read this once the review is published.',
  rootCause: 'Why it happened. Customers read this once the review is published.',
  wentWell: 'Internal.',
  toImprove: 'Internal.',
};

/** The written review: its sections, and (for a writer, while it is a draft) the form, opened on demand. */
export function ReviewDraft(props: {
  ticketId: string;
  review: (Sections & { revision: number }) | null;
  editable: boolean;
}) {
  const { review, editable } = props;
  const [open, setOpen] = useState(false);
  if (open && editable)
    return <DraftForm ticketId={props.ticketId} review={review} onDone={() => setOpen(false)} />;
  const written = review ? REVIEW_SECTIONS.filter((key) => review[key]) : [];
  return (
    <div className="space-y-3">
      {written.length === 0 ? (
        <p className={`text-sm ${muted}`}>No review written yet.</p>
      ) : (
        <dl className="space-y-3 text-sm">
          {written.map((key) => (
            <div key={key}>
              <dt className="font-medium">{REVIEW_SECTION_LABELS[key]}</dt>
              <dd className="mt-0.5 whitespace-pre-wrap">{review?.[key]}</dd>
            </div>
          ))}
        </dl>
      )}
      {editable && (
        <Button type="button" variant="ghost" onClick={() => setOpen(true)}>
          {review ? 'Edit review draft…' : 'Write the review…'}
        </Button>
      )}
    </div>
  );
}

function DraftForm(props: {
  ticketId: string;
  review: (Sections & { revision: number }) | null;
  onDone: () => void;
}) {
  const { review } = props;
  const trpc = useTRPC();
  const f = useServerForm(
    saveReviewDraftInput,
    {
      id: props.ticketId,
      revision: review?.revision,
      impact: review?.impact ?? '',
      rootCause: review?.rootCause ?? '',
      wentWell: review?.wentWell ?? '',
      toImprove: review?.toImprove ?? '',
    },
    'review',
    { keepValues: true, onSuccess: props.onDone },
  );
  const save = useMutation(trpc.reviews.saveDraft.mutationOptions(f.callbacks));
  return (
    <form noValidate className={`space-y-3 ${formBox}`} onSubmit={f.onSubmit(save.mutateAsync)}>
      {REVIEW_SECTIONS.map((key) => {
        const control = f.register(key);
        const hint = `review-${key}-hint`;
        // The hint stays described beside the error, when there is one.
        const describedBy = [hint, control['aria-describedby']].filter(Boolean).join(' ');
        return (
          <div key={key}>
            {f.field(
              key,
              REVIEW_SECTION_LABELS[key],
              <Textarea
                rows={key === 'impact' || key === 'rootCause' ? 3 : 2}
                {...control}
                aria-describedby={describedBy}
              />,
            )}
            <p id={hint} className={`mt-0.5 text-xs ${muted}`}>
              {HINT[key]}
            </p>
          </div>
        );
      })}
      <FormFooter submit="Save draft" pending={f.pending} onCancel={props.onDone} failure={f.failure} />
    </form>
  );
}
