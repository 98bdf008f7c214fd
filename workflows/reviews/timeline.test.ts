import { describe, expect, it } from 'vitest';
import { reviewTimeline } from './timeline';

const t0 = new Date('2026-11-02T09:00:00.000Z');
const minutesIn = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('the review timeline', () => {
  it('lists the milestones that happened, in time order, with the time since the outage opened', () => {
    const timeline = reviewTimeline({
      createdAt: t0,
      acknowledgedAt: minutesIn(4),
      firstPublicUpdateAt: minutesIn(2),
      resolvedAt: minutesIn(95),
      closedAt: null,
      clocks: [],
    });
    expect(timeline.milestones.map((m) => [m.key, m.sinceOpenedMs / 60_000])).toEqual([
      ['created', 0],
      ['first_public_update', 2],
      ['acknowledged', 4],
      ['resolved', 95],
    ]);
    expect(timeline.timeToAcknowledgeMs).toBe(4 * 60_000);
    expect(timeline.timeToResolveMs).toBe(95 * 60_000);
  });

  it('says of each SLA clock whether it was met in time, missed, or is still undecided', () => {
    const clock = (metric: string, state: 'met' | 'met_late' | 'breached' | 'running') => ({
      metric,
      state,
      targetMs: 1,
      elapsedMs: 1,
    });
    const { sla } = reviewTimeline({
      createdAt: t0,
      acknowledgedAt: null,
      firstPublicUpdateAt: null,
      resolvedAt: null,
      closedAt: null,
      clocks: [clock('resolution', 'met_late'), clock('response', 'met')],
    });
    expect(sla.map((c) => [c.metric, c.met])).toEqual([
      ['response', true],
      ['resolution', false],
    ]);
    expect(
      reviewTimeline({
        createdAt: t0,
        acknowledgedAt: null,
        firstPublicUpdateAt: null,
        resolvedAt: null,
        closedAt: null,
        clocks: [clock('response', 'breached'), clock('resolution', 'running')],
      }).sla.map((c) => c.met),
    ).toEqual([false, null]);
  });
});
