import { assertEvent, assign, type StateValue, setup } from 'xstate';
import {
  DISMISS_RESOLUTIONS,
  SECURITY_STATUSES,
  SEVERITIES,
  type SecurityResolution,
  type SecurityStatus,
  type Severity,
} from '../tickets/constants';
import { type Actor, isNonBlank, isOneOf } from './shared';

export type DismissResolution = (typeof DISMISS_RESOLUTIONS)[number];

export interface SecurityContext {
  severity: Severity | null;
  rootCause: string | null;
  lessonsLearned: string | null;
  resolution: SecurityResolution | null;
}

export interface SecurityInput {
  /** Known up front when the alert carried one; CONFIRM then needs no payload. */
  severity?: Severity;
}

export type SecurityEvent = Actor &
  (
    | { type: 'DISMISS'; resolution: DismissResolution }
    | { type: 'CONFIRM'; severity?: Severity }
    | { type: 'CONTAIN' }
    | { type: 'ERADICATE' }
    | { type: 'RECOVER' }
    | { type: 'REVIEW'; rootCause?: string }
    | { type: 'CLOSE'; lessonsLearned?: string }
    | { type: 'REOPEN' }
    /** The SOC re-assesses the severity while the incident is open (CONFIRM reads it from here). */
    | { type: 'SET_SEVERITY'; severity: Severity }
  );

export const securityGuardMessages = {
  validDismissResolution: 'DISMISS needs a resolution (false_positive, benign or duplicate)',
  hasSeverity: 'CONFIRM needs a severity',
  hasRootCause: 'REVIEW needs a root-cause summary',
  hasLessonsLearned: 'CLOSE needs lessons learned',
  isManagerOrAdmin: 'REOPEN needs a manager or admin',
  validSeverity: 'SET_SEVERITY needs a severity (low, medium, high or critical)',
} as const;

export const securityPayloadSamples: Record<string, Record<string, unknown>> = {
  DISMISS: { resolution: 'false_positive' },
  CONFIRM: { severity: 'medium' },
  REVIEW: { rootCause: 'sample' },
  CLOSE: { lessonsLearned: 'sample' },
  SET_SEVERITY: { severity: 'medium' },
};

// Every open phase may re-assess the severity; a closed incident is history until reopened.
const setSeverity = { guard: 'validSeverity', actions: 'assignSeverity' } as const;

export const securityMachine = setup({
  types: {
    context: {} as SecurityContext,
    events: {} as SecurityEvent,
    input: {} as SecurityInput | undefined,
  },
  guards: {
    validDismissResolution: ({ event }) =>
      event.type === 'DISMISS' && isOneOf(DISMISS_RESOLUTIONS, event.resolution),
    // A payload value, when given, must itself be valid: a bad one never silently falls back to context.
    hasSeverity: ({ context, event }) =>
      event.type === 'CONFIRM' &&
      (event.severity === undefined ? context.severity !== null : isOneOf(SEVERITIES, event.severity)),
    hasRootCause: ({ context, event }) =>
      event.type === 'REVIEW' && (isNonBlank(event.rootCause) || isNonBlank(context.rootCause)),
    hasLessonsLearned: ({ context, event }) =>
      event.type === 'CLOSE' && (isNonBlank(event.lessonsLearned) || isNonBlank(context.lessonsLearned)),
    isManagerOrAdmin: ({ event }) => event.actorRole === 'manager' || event.actorRole === 'admin',
    validSeverity: ({ event }) => event.type === 'SET_SEVERITY' && isOneOf(SEVERITIES, event.severity),
  },
  actions: {
    recordResolution: assign({
      resolution: ({ event }) => {
        assertEvent(event, 'DISMISS');
        return event.resolution;
      },
    }),
    recordSeverity: assign({
      severity: ({ context, event }) => {
        assertEvent(event, 'CONFIRM');
        return event.severity ?? context.severity;
      },
    }),
    recordRootCause: assign({
      rootCause: ({ context, event }) => {
        assertEvent(event, 'REVIEW');
        return isNonBlank(event.rootCause) ? event.rootCause : context.rootCause;
      },
    }),
    recordLessonsLearned: assign({
      lessonsLearned: ({ context, event }) => {
        assertEvent(event, 'CLOSE');
        return isNonBlank(event.lessonsLearned) ? event.lessonsLearned : context.lessonsLearned;
      },
    }),
    assignSeverity: assign({
      severity: ({ event }) => {
        assertEvent(event, 'SET_SEVERITY');
        return event.severity;
      },
    }),
    // A reopened incident is live again, so a dismissal's verdict no longer describes it.
    clearResolution: assign({ resolution: null }),
  },
}).createMachine({
  id: 'security',
  initial: 'triage',
  context: ({ input }) => ({
    severity: isOneOf(SEVERITIES, input?.severity) ? input.severity : null,
    rootCause: null,
    lessonsLearned: null,
    resolution: null,
  }),
  states: {
    triage: {
      on: {
        DISMISS: { target: 'closed', guard: 'validDismissResolution', actions: 'recordResolution' },
        CONFIRM: { target: 'investigating', guard: 'hasSeverity', actions: 'recordSeverity' },
        SET_SEVERITY: setSeverity,
      },
    },
    investigating: { on: { CONTAIN: 'containment', SET_SEVERITY: setSeverity } },
    containment: { on: { ERADICATE: 'eradication', SET_SEVERITY: setSeverity } },
    eradication: { on: { RECOVER: 'recovery', SET_SEVERITY: setSeverity } },
    recovery: {
      on: {
        REVIEW: { target: 'post_incident', guard: 'hasRootCause', actions: 'recordRootCause' },
        SET_SEVERITY: setSeverity,
      },
    },
    post_incident: {
      on: {
        CLOSE: { target: 'closed', guard: 'hasLessonsLearned', actions: 'recordLessonsLearned' },
        SET_SEVERITY: setSeverity,
      },
    },
    // Not `final`: a final state would stop the actor and REOPEN could never be accepted.
    closed: {
      on: { REOPEN: { target: 'investigating', guard: 'isManagerOrAdmin', actions: 'clearResolution' } },
    },
  },
});

export function securityStatus(value: StateValue): SecurityStatus {
  if (!isOneOf(SECURITY_STATUSES, value)) throw new Error(`unknown security state: ${JSON.stringify(value)}`);
  return value;
}
