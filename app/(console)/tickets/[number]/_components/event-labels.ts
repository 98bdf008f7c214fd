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
};
