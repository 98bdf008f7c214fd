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
