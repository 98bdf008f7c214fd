// Button labels for lifecycle events, in the words an operator uses.
export const EVENT_LABEL: Record<string, string> = {
  ACK: 'Acknowledge',
  INVESTIGATE: 'Start investigating',
  IDENTIFY: 'Cause identified',
  FIX: 'Fix applied — monitor',
  RESOLVE: 'Resolve',
  CLOSE: 'Close',
  REOPEN: 'Reopen',
  HOLD: 'Put on hold',
  RESUME: 'Resume',
  CONFIRM: 'Confirm incident',
  DISMISS: 'Dismiss',
  CONTAIN: 'Contained',
  ERADICATE: 'Eradicated',
  RECOVER: 'Recovering',
  REVIEW: 'Post-incident review',
};

export const NEED_LABEL: Record<string, string> = {
  reason: 'Hold reason',
  resolution: 'Resolution',
  severity: 'Severity',
  rootCause: 'Root cause summary',
  lessonsLearned: 'Lessons learned',
  resolutionSummary: 'Resolution summary',
  causeCategory: 'Cause',
};

/** A line under the field's label: what the value is for, and who will read it. */
export const NEED_HINT: Record<string, string> = {
  resolutionSummary: 'What restored the service. Customers read this on their status page.',
};

/**
 * Timeline titles of audit event types that need no more than a label (and, when the payload names one,
 * the item's title after a colon).
 */
export const EVENT_TYPE_LABEL: Record<string, string> = {
  'review.draft_saved': 'Post-incident review draft saved',
  'review.published': 'Post-incident review published',
  'review.reopened': 'Post-incident review reopened',
  'review.follow_up_added': 'Follow-up action added',
  'review.follow_up_completed': 'Follow-up action done',
  'status.update_published': 'Public update published',
};
