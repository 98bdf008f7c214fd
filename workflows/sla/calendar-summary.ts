// A business calendar in a few words, for the SLA panel's "business time" explanation
// ("Mon–Fri 09:00–17:00"). Pure and drizzle-free: server views and client components both use it.

import { intervalMinutes, type WeeklyInterval } from './calendar';
import { MINUTES_PER_DAY, WEEKDAYS_SHORT, type Weekday } from './constants';

/** Whether the weekly hours cover every minute of every day (24×7: business time is wall-clock time). */
export function isRoundTheClock(weekly: readonly WeeklyInterval[]): boolean {
  return ([0, 1, 2, 3, 4, 5, 6] as const).every((day) =>
    weekly.some((interval) => {
      if (interval.day !== day) return false;
      const [start, end] = intervalMinutes(interval);
      return start === 0 && end >= MINUTES_PER_DAY;
    }),
  );
}

// Monday first, as people read a working week.
const WEEK_ORDER: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 0];

/**
 * The weekly hours as runs of days with the same hours: "Mon–Fri 09:00–17:00", "Mon–Thu 08:00–18:00;
 * Fri 08:00–14:00", "every day 00:00–24:00". Days without hours are left out.
 */
export function weeklyHoursText(weekly: readonly WeeklyInterval[]): string {
  const hoursOf = (day: Weekday) =>
    weekly
      .filter((interval) => interval.day === day)
      .sort((a, b) => intervalMinutes(a)[0] - intervalMinutes(b)[0])
      .map((interval) => `${interval.start}–${interval.end}`)
      .join(', ');
  const runs: { first: Weekday; last: Weekday; hours: string }[] = [];
  for (const day of WEEK_ORDER) {
    const hours = hoursOf(day);
    const previous = runs.at(-1);
    const adjacent = previous && WEEK_ORDER.indexOf(previous.last) === WEEK_ORDER.indexOf(day) - 1;
    if (hours && adjacent && previous.hours === hours) previous.last = day;
    else if (hours) runs.push({ first: day, last: day, hours });
  }
  if (runs.length === 0) return 'no working hours';
  if (runs.length === 1 && runs[0]!.first === 1 && runs[0]!.last === 0) return `every day ${runs[0]!.hours}`;
  return runs
    .map(({ first, last, hours }) => {
      const days =
        first === last ? WEEKDAYS_SHORT[first] : `${WEEKDAYS_SHORT[first]}–${WEEKDAYS_SHORT[last]}`;
      return `${days} ${hours}`;
    })
    .join('; ');
}
