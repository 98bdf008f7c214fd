import { describe, expect, it } from 'vitest';
import { DEFAULT_IMPACT_WEIGHTS, type StatusSpan } from './uptime';
import { localDayOf, uptimeBars } from './uptime-bars';

const NY = 'America/New_York';
const t = (iso: string) => Date.parse(iso);

function bars(spans: StatusSpan[], now: string, maintenance: { start: number; end: number }[] = []) {
  return uptimeBars({
    timeZone: NY,
    days: 5,
    now: t(now),
    weights: DEFAULT_IMPACT_WEIGHTS,
    componentIds: ['web'],
    spans: new Map([['web', spans]]),
    maintenance: new Map([['web', maintenance]]),
    incidents: [{ id: 'i1', name: 'Outage', spans: new Map([['web', spans]]) }],
  })[0]!;
}

describe('uptimeBars', () => {
  it('counts local days: the day DST ends has 25 hours (60 min major of 1,500 → 96.00 %)', () => {
    // 2026-11-01 in New York: 04:00Z (EDT midnight) to 05:00Z next day (EST midnight).
    const result = bars(
      [{ start: t('2026-11-01T12:00:00Z'), end: t('2026-11-01T13:00:00Z'), status: 'major_outage' }],
      '2026-11-03T12:00:00Z',
    );
    expect(result.days.map((d) => d.date)).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
    ]);
    expect(result.days[2]).toMatchObject({
      uptime: '96.00',
      status: 'major_outage',
      incidents: [{ id: 'i1', name: 'Outage' }],
    });
    expect(result.days[2]!.downtimeMinutes.major_outage).toBe(60);
    expect(result.days[1]).toMatchObject({ uptime: '100.00', status: 'operational', incidents: [] });
  });

  it('splits an incident across local midnight, each day with its own minutes and the incident', () => {
    // 23:30 → 00:30 New York time (EST, UTC−5).
    const result = bars(
      [{ start: t('2026-11-11T04:30:00Z'), end: t('2026-11-11T05:30:00Z'), status: 'partial_outage' }],
      '2026-11-12T12:00:00Z',
    );
    const [tenth, eleventh] = result.days.filter((d) => d.date === '2026-11-10' || d.date === '2026-11-11');
    for (const day of [tenth!, eleventh!]) {
      expect(day.downtimeMinutes.partial_outage).toBe(30);
      // 30 × 0.3 = 9 of 1,440 minutes → 99.375 → 99.37.
      expect(day.uptime).toBe('99.37');
      expect(day.incidents).toEqual([{ id: 'i1', name: 'Outage' }]);
    }
  });

  it('a day all in maintenance has no uptime to show, and is drawn as maintenance', () => {
    const day = localDayOf(NY, t('2026-11-10T12:00:00Z'));
    expect(day).toBe(localDayOf(NY, t('2026-11-10T05:00:00Z')));
    expect(day).toBe(localDayOf(NY, t('2026-11-11T04:59:59Z')));
    const result = bars([], '2026-11-12T12:00:00Z', [
      { start: t('2026-11-10T05:00:00Z'), end: t('2026-11-11T05:00:00Z') },
    ]);
    expect(result.days.find((d) => d.date === '2026-11-10')).toMatchObject({
      uptime: null,
      status: 'under_maintenance',
      maintenanceMinutes: 1440,
    });
  });
});
