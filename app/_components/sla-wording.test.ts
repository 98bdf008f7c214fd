import { describe, expect, it } from 'vitest';
import { clockWording, formatDuration, type WordedClock } from './sla-wording';

const HOUR = 3_600_000;
const now = Date.parse('2026-11-02T15:00:00.000Z');

const officeHours: WordedClock = {
  state: 'running',
  targetMs: 24 * HOUR,
  elapsedMs: 2 * HOUR,
  remainingMs: 22 * HOUR,
  percent: 8.3,
  dueAt: new Date(now + (2 * 24 + 14) * HOUR).toISOString(),
  calendar: 'Business hours, Berlin',
  calendarTimeZone: 'Europe/Berlin',
  businessHours: 'Mon–Fri 09:00–17:00',
  excludesHolidays: true,
};

describe('the SLA panel’s wording', () => {
  it('labels business-time figures and the wall-clock countdown, and names the calendar', () => {
    const words = clockWording(officeHours, now);
    expect(words).toEqual({
      state: 'Running',
      target: '1 d 0 h business time',
      elapsed: '2 h 0 min business time (8 %)',
      left: '22 h 0 min business time',
      untilDue: '2 d 14 h wall-clock',
      explanation:
        'Business time counts only Mon–Fri 09:00–17:00 Europe/Berlin, except holidays ' +
        '(calendar “Business hours, Berlin”). Target, elapsed and left are business time; ' +
        '“until due” is wall-clock time to the due moment.',
    });
  });

  it('says a 24×7 clock’s figures are plain time, with no business-time label', () => {
    const words = clockWording(
      { ...officeHours, calendar: '24×7', calendarTimeZone: 'UTC', businessHours: null, targetMs: 4 * HOUR },
      now,
    );
    expect(words.target).toBe('4 h 0 min');
    expect(words.untilDue).toBe('2 d 14 h');
    expect(words.explanation).toBe(
      'Counts round the clock (24×7): business time and wall-clock time are the same.',
    );
  });

  it('shows an overrun once breached, a paused clock as paused, and nothing left once stopped', () => {
    const breached = clockWording({ ...officeHours, state: 'breached', remainingMs: -90 * 60_000 }, now);
    expect(breached).toMatchObject({
      state: 'Breached',
      left: 'overrun 1 h 30 min business time',
      untilDue: null,
    });
    const paused = clockWording({ ...officeHours, state: 'paused', dueAt: null }, now);
    expect(paused).toMatchObject({
      state: 'Paused',
      left: '22 h 0 min business time (paused)',
      untilDue: null,
    });
    expect(clockWording({ ...officeHours, state: 'met' }, now)).toMatchObject({ state: 'Met', left: '—' });
    expect(clockWording({ ...officeHours, state: 'met_late' }, now).state).toBe('Missed');
  });

  it('formats durations as support staff read them', () => {
    expect(formatDuration(24 * HOUR)).toBe('1 d 0 h');
    expect(formatDuration(-(5 * 60_000))).toBe('−5 min');
    expect(formatDuration(90 * 60_000)).toBe('1 h 30 min');
  });
});
