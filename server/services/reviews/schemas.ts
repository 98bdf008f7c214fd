// Zod schemas of the post-incident review verbs, shared by the reviews router, the services and the forms.
// Drizzle-free: client components import this file.
import { z } from 'zod';
import { FOLLOW_UP_TITLE_MAX, REVIEW_TEXT_MAX } from '../../../workflows/reviews/constants';
import { INT4_MAX, lineText, storableText } from '../kernel/schema-parts';
import { ticketId } from '../tickets/schemas';

const section = (what: string) =>
  storableText().max(REVIEW_TEXT_MAX, `Keep ${what} under 10,000 characters`).default('');

/** The review's revision the writer loaded; a save against an older one answers CONFLICT. */
const revision = z.number().int().positive().max(INT4_MAX).optional();

export const reviewInput = z.object({ id: ticketId });
export type ReviewInput = z.input<typeof reviewInput>;

/** The whole draft as the form holds it: a section left empty is saved empty. */
export const saveReviewDraftInput = z.object({
  id: ticketId,
  revision,
  impact: section('the impact'),
  rootCause: section('the root cause'),
  wentWell: section('what went well'),
  toImprove: section('what to improve'),
});
export type SaveReviewDraftInput = z.input<typeof saveReviewDraftInput>;

export const publishReviewInput = z.object({ id: ticketId, revision });
export type PublishReviewInput = z.input<typeof publishReviewInput>;

export const reopenReviewInput = z.object({
  id: ticketId,
  revision,
  reason: lineText()
    .min(3, 'Say why the review is reopened')
    .max(500, 'Keep the reason under 500 characters'),
});
export type ReopenReviewInput = z.input<typeof reopenReviewInput>;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date 'YYYY-MM-DD' from 1970 to 2199 (the range of every date we accept). */
export function isAcceptedLocalDate(text: string): boolean {
  const match = LOCAL_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1970 || year > 2199) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date as `<input type="date">` sends it. */
export const localDate = (what: string) =>
  z
    .string(`Choose ${what}`)
    .trim()
    .min(1, `Choose ${what}`)
    .refine(isAcceptedLocalDate, `Choose ${what} between 1970 and 2199 (YYYY-MM-DD)`);

export const followUpId = z.uuid('Unknown follow-up action');

export const addFollowUpInput = z.object({
  id: ticketId,
  title: lineText()
    .min(1, 'Say what will be done')
    .max(FOLLOW_UP_TITLE_MAX, 'Keep the action under 200 characters'),
  ownerId: z.uuid('Choose an owner'),
  dueOn: localDate('a due date'),
});
export type AddFollowUpInput = z.input<typeof addFollowUpInput>;

export const completeFollowUpInput = z.object({ followUpId });
export type CompleteFollowUpInput = z.input<typeof completeFollowUpInput>;
