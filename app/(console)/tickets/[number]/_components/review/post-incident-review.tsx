import { FileCheck2, FilePen } from 'lucide-react';
import { RelativeTime } from '@/app/_components/relative-time';
import { serverCaller } from '@/server/api/server-caller';
import { muted } from '../security/section';
import { FollowUps } from './follow-ups';
import { PublishReview } from './publish-review';
import { ReopenReview } from './reopen-review';
import { ReviewDraft } from './review-draft';
import { ReviewTimeline } from './review-timeline';

/**
 * The post-incident review of a resolved or closed outage: the timeline derived from the ticket, the
 * written review (a draft until published) and its follow-up actions. Forms open on demand, for those
 * who may write reviews (reviews.get says so).
 */
export async function PostIncidentReview({ ticketId }: { ticketId: string }) {
  // The page's caller: its page view shares the ticket's one load and visibility check.
  const api = await serverCaller();
  const { review, timeline, mayEdit } = await api.reviews.get({ id: ticketId });
  const staff = mayEdit ? await api.directory.staff() : [];
  const draft = review === null || review.status === 'draft';
  return (
    <section aria-labelledby="review-heading" className="mt-8 space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id="review-heading" className="text-sm font-semibold uppercase tracking-wide text-muted">
          Post-incident review
        </h2>
        <ReviewState review={review} />
      </div>
      {timeline && <ReviewTimeline timeline={timeline} />}
      <ReviewDraft ticketId={ticketId} review={review} editable={mayEdit && draft} />
      {mayEdit && review?.status === 'draft' && (
        <PublishReview ticketId={ticketId} revision={review.revision} />
      )}
      {mayEdit && review?.status === 'published' && (
        <ReopenReview ticketId={ticketId} revision={review.revision} />
      )}
      {review && (
        <FollowUps
          ticketId={ticketId}
          followUps={review.followUps}
          mayAdd={mayEdit}
          staff={staff.map((s) => ({ id: s.id, name: `${s.name} (${s.role.replaceAll('_', ' ')})` }))}
        />
      )}
    </section>
  );
}

type Review = Awaited<ReturnType<Awaited<ReturnType<typeof serverCaller>>['reviews']['get']>>['review'];

/** Draft or published, with an icon beside the word, and who and when. */
function ReviewState({ review }: { review: Review }) {
  if (!review) return <span className={`text-sm ${muted}`}>Not started</span>;
  if (review.status === 'published')
    return (
      <span className="inline-flex items-center gap-1 text-sm text-emerald-800 dark:text-emerald-300">
        <FileCheck2 aria-hidden className="size-4" />
        Published
        {review.publishedAt && (
          <>
            {' '}
            <RelativeTime date={review.publishedAt} />
          </>
        )}
        {review.publishedBy && <> by {review.publishedBy}</>}
      </span>
    );
  return (
    <span className="inline-flex items-center gap-1 text-sm text-amber-800 dark:text-amber-300">
      <FilePen aria-hidden className="size-4" />
      Draft · saved <RelativeTime date={review.updatedAt} />
      {review.author && <> · started by {review.author}</>}
    </span>
  );
}
