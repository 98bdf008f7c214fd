import type { OutageCause, SecurityLinkState, SecurityResolution, Severity, TicketKind } from './constants';

/** The ticket fields a lifecycle transition may change besides the snapshot itself. */
export interface LifecycleFields {
  status: string;
  securityLink: SecurityLinkState | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  severity: Severity | null;
  resolution: SecurityResolution | null;
  rootCause: string | null;
  lessonsLearned: string | null;
  /** An outage's RESOLVE says what was done and why it broke; a REOPEN clears both (the timeline keeps them). */
  resolutionSummary: string | null;
  causeCategory: OutageCause | null;
}

export interface LifecycleOutcome {
  kind: TicketKind;
  /** The event as sent, payload included (the machine has validated it). */
  event: { type: string; resolutionSummary?: string; causeCategory?: OutageCause };
  status: string;
  securityLink?: SecurityLinkState;
  context: Record<string, unknown>;
}

const ACKNOWLEDGING: Record<TicketKind, readonly string[]> = {
  outage: ['ACK'],
  security: ['CONFIRM', 'DISMISS'],
};

/**
 * Derives the denormalised ticket fields from a transition, purely: timestamps are stamped with `now`
 * the first time a milestone is reached (a later reopen clears resolution and closure). Returns only the
 * fields that change, so the caller can audit old → new.
 */
export function deriveLifecycleFields(
  current: LifecycleFields,
  outcome: LifecycleOutcome,
  now: Date,
): Partial<LifecycleFields> {
  const next: LifecycleFields = { ...current, status: outcome.status };
  if (outcome.kind === 'outage') next.securityLink = outcome.securityLink ?? current.securityLink;
  const type = outcome.event.type;
  if (ACKNOWLEDGING[outcome.kind].includes(type) && !current.acknowledgedAt) next.acknowledgedAt = now;
  if (type === 'REOPEN') {
    next.resolvedAt = null;
    next.closedAt = null;
    if (outcome.kind === 'security') next.resolution = null;
    // A reopened outage is live again: the old summary no longer describes it, and a new RESOLVE must say
    // what happened this time. The earlier one stays on the timeline with the RESOLVE that recorded it.
    if (outcome.kind === 'outage') {
      next.resolutionSummary = null;
      next.causeCategory = null;
    }
  }
  if (outcome.kind === 'outage' && type === 'RESOLVE') {
    next.resolutionSummary = outcome.event.resolutionSummary?.trim() ?? null;
    next.causeCategory = outcome.event.causeCategory ?? null;
  }
  if (outcome.status === 'resolved' && !current.resolvedAt) next.resolvedAt = now;
  if (outcome.status === 'closed') {
    next.closedAt = current.closedAt ?? now;
    next.resolvedAt = current.resolvedAt ?? now;
  }
  if (outcome.kind === 'security') {
    const ctx = outcome.context;
    next.severity = (ctx.severity as Severity | undefined) ?? current.severity;
    next.rootCause = (ctx.rootCause as string | undefined) ?? current.rootCause;
    next.lessonsLearned = (ctx.lessonsLearned as string | undefined) ?? current.lessonsLearned;
    if (type === 'DISMISS') next.resolution = (ctx.resolution as SecurityResolution | undefined) ?? null;
  }
  const changed: Partial<LifecycleFields> = {};
  for (const key of Object.keys(next) as (keyof LifecycleFields)[]) {
    if (!sameValue(current[key], next[key])) (changed as Record<string, unknown>)[key] = next[key];
  }
  return changed;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
