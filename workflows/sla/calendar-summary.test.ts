import { describe, expect, it } from 'vitest';
import { CALENDAR_24X7 } from './calendar';
import { isRoundTheClock, weeklyHoursText } from './calendar-summary';

const weekdays = (start: string, end: string) =>
  ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start, end }));

describe('a business calendar in words', () => {
  it('joins days with the same hours into runs, Monday first', () => {
    expect(weeklyHoursText(weekdays('09:00', '17:00'))).toBe('Mon–Fri 09:00–17:00');
    expect(
      weeklyHoursText([
        ...weekdays('08:00', '18:00').filter((i) => i.day !== 5),
        { day: 5, start: '08:00', end: '14:00' },
        { day: 0, start: '10:00', end: '12:00' },
      ]),
    ).toBe('Mon–Thu 08:00–18:00; Fri 08:00–14:00; Sun 10:00–12:00');
    expect(weeklyHoursText(CALENDAR_24X7.weekly)).toBe('every day 00:00–24:00');
  });

  it('does not join days across a day off', () => {
    const text = weeklyHoursText([
      { day: 1, start: '09:00', end: '17:00' },
      { day: 3, start: '09:00', end: '17:00' },
    ]);
    expect(text).toBe('Mon 09:00–17:00; Wed 09:00–17:00');
  });

  it('knows round the clock from office hours', () => {
    expect(isRoundTheClock(CALENDAR_24X7.weekly)).toBe(true);
    expect(isRoundTheClock(weekdays('00:00', '24:00'))).toBe(false);
    expect(isRoundTheClock(weekdays('09:00', '17:00'))).toBe(false);
  });
});
