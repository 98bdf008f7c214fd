import { describe, expect, it } from 'vitest';
import { holidaysSummary, levelSummary, targetSummary, weeklySummary } from './summaries';

describe('SLA admin summaries', () => {
  it('groups weekly hours by time and days into runs', () => {
    const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));
    expect(weeklySummary(weekdays)).toBe('Mon–Fri 09:00–17:00');
    expect(weeklySummary([...weekdays, { day: 6, start: '10:00', end: '14:00' }])).toBe(
      'Mon–Fri 09:00–17:00; Sat 10:00–14:00',
    );
    expect(weeklySummary([0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })))).toBe(
      'every day 00:00–24:00',
    );
    expect(
      weeklySummary([
        { day: 0, start: '22:00', end: '06:00' },
        { day: 1, start: '22:00', end: '06:00' },
        { day: 3, start: '22:00', end: '06:00' },
      ]),
    ).toBe('Sun, Mon, Wed 22:00–06:00');
    expect(weeklySummary([])).toBe('no working hours');
  });

  it('names a holiday preset and counts the dates', () => {
    expect(holidaysSummary([], { country: 'DE', state: 'BE' })).toBe('DE-BE public holidays');
    expect(holidaysSummary(['2026-12-24', '2026-12-31'], { country: 'US' })).toBe(
      'US public holidays + 2 dates',
    );
    expect(holidaysSummary(['2026-12-24'], null)).toBe('1 date');
    expect(holidaysSummary([], null)).toBe('none');
  });

  it('reads targets as durations', () => {
    expect(targetSummary({ ms: 15 * 60_000 })).toBe('15 min');
    expect(targetSummary({ ms: 4 * 3_600_000 })).toBe('4 h');
    expect(targetSummary({ ms: 30 * 3_600_000 + 5 * 60_000 })).toBe('1 d 6 h 5 min');
    expect(targetSummary(undefined)).toBe('—');
  });

  it('says what each escalation level does, naming people and teams', () => {
    const staff = new Map([['u1', 'Morgan Manager']]);
    expect(
      levelSummary(
        {
          trigger: { kind: 'clock_breached', metric: 'resolution' },
          targets: [
            { kind: 'user', id: 'u1' },
            { kind: 'team', id: 'soc' },
          ],
          actions: ['reassign', 'raise_priority'],
        },
        staff,
      ),
    ).toBe('resolution breached → user Morgan Manager, team SOC: reassign, raise priority');
    expect(
      levelSummary(
        {
          trigger: { kind: 'clock_percent', metric: 'handoff_acceptance', percent: 80 },
          targets: [{ kind: 'user', id: 'gone' }],
          actions: ['notify'],
        },
        staff,
      ),
    ).toBe('handoff acceptance at 80 % → user (inactive): notify');
  });
});
