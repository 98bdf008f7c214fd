// Public business-time API. Instants are `Date`s, durations are milliseconds; internally everything is
// epoch ms (walk.ts). Each function takes a raw BusinessCalendar (compiled once and memoised) or the
// result of compileCalendar. All are pure: "now" is always an argument.

import { type CalendarInput, resolveCalendar } from './compile';
import { addBusinessMs, businessMsBetween, isWorkingMs, nextWorkingMs } from './walk';

function instant(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

/**
 * The instant at which `durationMs` of working time have elapsed, counting from `start`.
 * - `durationMs === 0` returns `start` unchanged, even outside working time.
 * - Otherwise counting begins at the first working instant >= `start`, and the result lies inside a
 *   working interval or exactly at its end (a 2-hour target ending at 17:00 closing time is due at 17:00,
 *   not at 09:00 the next morning).
 * Throws RangeError for a negative or non-finite duration, and Error when the calendar has no working
 * time within ~10 years.
 */
export function addBusinessTime(start: Date, durationMs: number, calendar: CalendarInput): Date {
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`durationMs must be a finite number >= 0, got ${durationMs}`);
  }
  return new Date(addBusinessMs(resolveCalendar(calendar), instant(start, 'start'), durationMs));
}

/** Working milliseconds in [a, b); 0 when b <= a (never negative). */
export function businessTimeBetween(a: Date, b: Date, calendar: CalendarInput): number {
  return businessMsBetween(resolveCalendar(calendar), instant(a, 'a'), instant(b, 'b'));
}

/** The first working instant >= t (t itself when t is working time). */
export function nextWorkingInstant(t: Date, calendar: CalendarInput): Date {
  return new Date(nextWorkingMs(resolveCalendar(calendar), instant(t, 't')));
}

/** Whether t is working time (interval starts are working, interval ends are not). */
export function isWorkingTime(t: Date, calendar: CalendarInput): boolean {
  return isWorkingMs(resolveCalendar(calendar), instant(t, 't'));
}
