import { describe, expect, it } from 'vitest';
import {
  componentSpans,
  incidentSpans,
  type PublishedUpdateFact,
  publicIncidentState,
  statusAt,
} from './component-history';
import { uptimeIn } from './uptime';

const at = (hhmm: string) => Date.parse(`2026-11-10T${hhmm}:00Z`);
const update = (
  hhmm: string,
  status: PublishedUpdateFact['status'],
  components: Record<string, PublishedUpdateFact['components'][number]['status']> = {},
): PublishedUpdateFact => ({
  at: at(hhmm),
  status,
  components: Object.entries(components).map(([serviceId, s]) => ({ serviceId, status: s })),
});

describe('incidentSpans', () => {
  it('an outage with no published update sets nothing', () => {
    expect(incidentSpans({ updates: [], resolvedAt: null }).size).toBe(0);
    expect(publicIncidentState({ updates: [], resolvedAt: null }).worst).toBe('operational');
  });

  it('keeps a status the next update does not list, and ends everything at the resolved update', () => {
    const spans = incidentSpans({
      updates: [
        update('09:00', 'investigating', { web: 'major_outage', api: 'degraded_performance' }),
        update('09:30', 'identified', { web: 'partial_outage' }),
        update('10:15', 'resolved'),
      ],
      resolvedAt: null,
    });
    expect(spans.get('web')).toEqual([
      { start: at('09:00'), end: at('09:30'), status: 'major_outage' },
      { start: at('09:30'), end: at('10:15'), status: 'partial_outage' },
    ]);
    expect(spans.get('api')).toEqual([
      { start: at('09:00'), end: at('10:15'), status: 'degraded_performance' },
    ]);
  });

  it('an update setting a service operational ends its span there; repeating a status does not split it', () => {
    const spans = incidentSpans({
      updates: [
        update('09:00', 'investigating', { web: 'major_outage' }),
        update('09:10', 'identified', { web: 'major_outage' }),
        update('09:40', 'monitoring', { web: 'operational' }),
      ],
      resolvedAt: null,
    });
    expect(spans.get('web')).toEqual([{ start: at('09:00'), end: at('09:40'), status: 'major_outage' }]);
  });

  it("the outage's resolution ends what its updates left open; later updates are not statuses", () => {
    const spans = incidentSpans({
      updates: [
        update('09:00', 'investigating', { web: 'major_outage' }),
        update('11:00', 'monitoring', { web: 'partial_outage' }),
      ],
      resolvedAt: at('10:00'),
    });
    expect(spans.get('web')).toEqual([{ start: at('09:00'), end: at('10:00'), status: 'major_outage' }]);
  });

  it('a later update reopens a resolved incident', () => {
    const facts = {
      updates: [
        update('09:00', 'investigating', { web: 'major_outage' }),
        update('09:30', 'resolved'),
        update('12:00', 'investigating', { web: 'partial_outage' }),
      ],
      resolvedAt: null,
    };
    expect(incidentSpans(facts).get('web')).toEqual([
      { start: at('09:00'), end: at('09:30'), status: 'major_outage' },
      { start: at('12:00'), end: null, status: 'partial_outage' },
    ]);
    expect(publicIncidentState(facts)).toEqual({
      status: 'investigating',
      resolvedAt: null,
      monitoringAt: null,
      worst: 'major_outage',
    });
  });
});

describe('publicIncidentState', () => {
  it('is resolved at its resolved update, remembering when monitoring began', () => {
    expect(
      publicIncidentState({
        updates: [
          update('09:00', 'investigating', { web: 'partial_outage' }),
          update('09:20', 'monitoring'),
          update('09:50', 'resolved'),
        ],
        resolvedAt: at('10:30'),
      }),
    ).toEqual({
      status: 'resolved',
      resolvedAt: at('09:50'),
      monitoringAt: at('09:20'),
      worst: 'partial_outage',
    });
  });

  it('is resolved at the outage resolution when nobody published resolved', () => {
    const state = publicIncidentState({
      updates: [update('09:00', 'identified', { web: 'degraded_performance' })],
      resolvedAt: at('10:30'),
    });
    expect(state.status).toBe('resolved');
    expect(state.resolvedAt).toBe(at('10:30'));
  });
});

describe('statusAt and uptime over overlapping incidents', () => {
  const spans = componentSpans([
    { updates: [update('09:00', 'investigating', { web: 'partial_outage' })], resolvedAt: at('11:00') },
    { updates: [update('10:00', 'investigating', { web: 'major_outage' })], resolvedAt: at('10:30') },
  ]).get('web')!;

  it('the worst covering span wins; maintenance shows only when nothing is worse', () => {
    expect(statusAt(spans, at('08:59'), false)).toBe('operational');
    expect(statusAt(spans, at('08:59'), true)).toBe('under_maintenance');
    expect(statusAt(spans, at('09:30'), true)).toBe('partial_outage');
    expect(statusAt(spans, at('10:10'), false)).toBe('major_outage');
    expect(statusAt(spans, at('10:30'), false)).toBe('partial_outage');
    expect(statusAt(spans, at('11:00'), false)).toBe('operational');
  });

  it('counts 30 min major and 1 h 30 min partial: 30 + 0.3 × 90 = 57 weighted minutes', () => {
    const day = { start: Date.parse('2026-11-10T00:00:00Z'), end: Date.parse('2026-11-11T00:00:00Z') };
    const figures = uptimeIn(day, spans, [], day.end);
    expect(figures.downtimeMs).toBe(57 * 60_000);
    expect(figures.byStatus.major_outage).toBe(30 * 60_000);
    expect(figures.byStatus.partial_outage).toBe(90 * 60_000);
  });
});
