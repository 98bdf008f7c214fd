// Post-incident review vocabulary shared by the database schema, the services and client components.
// Drizzle-free and I/O-free on purpose: client bundles import this file.
import type { OutageStatus } from '../tickets/constants';

/** A review is written as a draft, then published (read-only from then on, follow-ups excepted). */
export const REVIEW_STATUSES = ['draft', 'published'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const FOLLOW_UP_STATUSES = ['open', 'done'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** An outage is reviewed once service is restored: a review of an outage still running would be a guess. */
export const REVIEWABLE_STATUSES = ['resolved', 'closed'] as const satisfies readonly OutageStatus[];

export function isReviewable(status: string): boolean {
  return (REVIEWABLE_STATUSES as readonly string[]).includes(status);
}

/** Longest text of each review section (impact, root cause, what went well, what to improve). */
export const REVIEW_TEXT_MAX = 10_000;
export const FOLLOW_UP_TITLE_MAX = 200;

/** The review's written sections, in the order the review reads. */
export const REVIEW_SECTIONS = ['impact', 'rootCause', 'wentWell', 'toImprove'] as const;
export type ReviewSection = (typeof REVIEW_SECTIONS)[number];

export const REVIEW_SECTION_LABELS: Record<ReviewSection, string> = {
  impact: 'Impact',
  rootCause: 'Root cause',
  wentWell: 'What went well',
  toImprove: 'What to improve',
};

/** The sections a customer of the outage reads once the review is published; the rest stays internal. */
export const PUBLIC_REVIEW_SECTIONS = ['impact', 'rootCause'] as const satisfies readonly ReviewSection[];

/** Publishing needs these written. */
export const REQUIRED_TO_PUBLISH = ['impact', 'rootCause'] as const satisfies readonly ReviewSection[];

/** The moments a review's timeline is made of, derived from the ticket (never typed in). */
export const MILESTONES = ['created', 'acknowledged', 'first_public_update', 'resolved', 'closed'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const MILESTONE_LABELS: Record<Milestone, string> = {
  created: 'Outage opened',
  acknowledged: 'Acknowledged',
  first_public_update: 'First public update',
  resolved: 'Resolved',
  closed: 'Closed',
};
