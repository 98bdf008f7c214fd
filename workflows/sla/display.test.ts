import { describe, expect, it } from 'vitest';
import { METRIC_LABELS, METRIC_SHORT_LABELS, SLA_METRICS } from './constants';
import { clockBand, type DisplayedClock, isUrgent, queueClocks } from './display';

const MIN = 60_000;
const running = (metric: DisplayedClock['metric'], minutesLeft: number): DisplayedClock => ({
  metric,
  state: minutesLeft < 0 ? 'breached' : 'running',
  counting: true,
  remainingMs: minutesLeft * MIN,
});
const stopped = (metric: DisplayedClock['metric'], state: 'paused' | 'met' | 'met_late'): DisplayedClock => ({
  metric,
  state,
  counting: false,
  remainingMs: 30 * MIN,
});

describe('metric labels', () => {
  it('names every metric, and no OLA borrows an SLA label', () => {
    for (const metric of SLA_METRICS) {
      expect(METRIC_LABELS[metric]).toBeTruthy();
      expect(METRIC_SHORT_LABELS[metric]).toBeTruthy();
    }
    expect(new Set(Object.values(METRIC_SHORT_LABELS)).size).toBe(SLA_METRICS.length);
    expect(METRIC_SHORT_LABELS.handoff_acceptance).not.toBe(METRIC_SHORT_LABELS.resolution);
    expect(METRIC_SHORT_LABELS.noc_action).not.toBe(METRIC_SHORT_LABELS.resolution);
  });
});

describe('colour bands and urgency', () => {
  it.each([
    ['running', 61, 'neutral'],
    ['running', 60, 'neutral'],
    ['running', 59, 'amber'],
    ['running', 30, 'amber'],
    ['running', 29, 'red'],
    ['running', -1, 'breached'],
    ['breached', -90, 'breached'],
    ['paused', 10, 'paused'],
    ['met', 10, 'met'],
    ['met_late', -10, 'missed'],
  ] as const)('%s with %i min left is %s', (state, minutes, band) => {
    expect(clockBand(state, minutes * MIN)).toBe(band);
  });

  it('calls urgent exactly the counting clocks shown in amber, red or breached', () => {
    expect(isUrgent(running('resolution', 59))).toBe(true);
    expect(isUrgent(running('resolution', 60))).toBe(false);
    expect(isUrgent(running('resolution', -5))).toBe(true);
    expect(isUrgent(stopped('resolution', 'paused'))).toBe(false);
  });
});

describe('the queue\'s "Next SLA" column', () => {
  it('shows a handoff-acceptance clock as itself when it is the only urgent one (OUT-1001)', () => {
    const clocks = [stopped('response', 'met'), running('resolution', 200), running('handoff_acceptance', 9)];
    expect(queueClocks(clocks).map((c) => c.metric)).toEqual(['handoff_acceptance']);
  });

  it('puts the customer-facing SLA first when both it and an OLA are urgent, though the OLA is sooner', () => {
    const clocks = [running('handoff_acceptance', 5), running('noc_action', 40), running('resolution', 50)];
    expect(queueClocks(clocks).map((c) => c.metric)).toEqual([
      'resolution',
      'handoff_acceptance',
      'noc_action',
    ]);
    const breached = [running('handoff_acceptance', -30), running('response', 12), running('resolution', 25)];
    expect(queueClocks(breached).map((c) => c.metric)).toEqual([
      'response',
      'resolution',
      'handoff_acceptance',
    ]);
  });

  it('shows only the next deadline when nothing is urgent', () => {
    const clocks = [running('noc_action', 300), running('resolution', 120), running('response', 90)];
    expect(queueClocks(clocks).map((c) => c.metric)).toEqual(['response']);
  });

  it('shows a paused clock (a ticket on hold) instead of nothing', () => {
    const onHold = [stopped('response', 'met'), stopped('resolution', 'paused')];
    expect(queueClocks(onHold)).toEqual([onHold[1]]);
    expect(queueClocks([stopped('noc_action', 'paused'), stopped('resolution', 'paused')])[0]?.metric).toBe(
      'resolution',
    );
  });

  it('shows nothing when every clock is done or there is none', () => {
    expect(queueClocks([stopped('response', 'met'), stopped('resolution', 'met_late')])).toEqual([]);
    expect(queueClocks([])).toEqual([]);
  });
});
