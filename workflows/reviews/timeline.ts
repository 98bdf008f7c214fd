// A post-incident review's timeline, derived purely from the outage's own record: when it was opened,
// acknowledged, first told to customers, resolved and closed, and how its SLA clocks ended. Nobody types
// it in, so it cannot disagree with the audit log.
import type { ClockState } from '../sla/constants';
import { MILESTONES, type Milestone } from './constants';

export interface ReviewTimelineFacts {
  createdAt: Date;
  acknowledgedAt: Date | null;
  /** The first public update (comment) customers could read. */
  firstPublicUpdateAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** The ticket's own customer-facing clocks (response, resolution). */
  clocks: readonly { metric: string; state: ClockState; targetMs: number; elapsedMs: number }[];
}

export interface ReviewMilestone {
  key: Milestone;
  at: Date;
  /** Wall-clock time since the outage was opened. */
  sinceOpenedMs: number;
}

export interface ReviewTimeline {
  milestones: ReviewMilestone[];
  /** Wall-clock durations; business-time figures are the SLA outcomes'. */
  timeToAcknowledgeMs: number | null;
  timeToResolveMs: number | null;
  sla: { metric: string; state: ClockState; targetMs: number; elapsedMs: number; met: boolean | null }[];
}

const METRIC_ORDER = ['response', 'resolution'];

export function reviewTimeline(facts: ReviewTimelineFacts): ReviewTimeline {
  const opened = facts.createdAt.getTime();
  const at: Record<Milestone, Date | null> = {
    created: facts.createdAt,
    acknowledged: facts.acknowledgedAt,
    first_public_update: facts.firstPublicUpdateAt,
    resolved: facts.resolvedAt,
    closed: facts.closedAt,
  };
  const milestones = MILESTONES.flatMap((key): ReviewMilestone[] => {
    const when = at[key];
    return when ? [{ key, at: when, sinceOpenedMs: when.getTime() - opened }] : [];
  });
  // Chronological; ties keep the lifecycle order (a stable sort over MILESTONES' order).
  milestones.sort((a, b) => a.at.getTime() - b.at.getTime());
  const since = (when: Date | null) => (when ? when.getTime() - opened : null);
  const sla = [...facts.clocks]
    .sort((a, b) => METRIC_ORDER.indexOf(a.metric) - METRIC_ORDER.indexOf(b.metric))
    .map((c) => ({
      metric: c.metric,
      state: c.state,
      targetMs: c.targetMs,
      elapsedMs: c.elapsedMs,
      // Met in time, missed (breached, or met late), or not decided yet (still counting).
      met: c.state === 'met' ? true : c.state === 'breached' || c.state === 'met_late' ? false : null,
    }));
  return {
    milestones,
    timeToAcknowledgeMs: since(facts.acknowledgedAt),
    timeToResolveMs: since(facts.resolvedAt),
    sla,
  };
}
