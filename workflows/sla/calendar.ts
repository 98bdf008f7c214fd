// Business calendar: the data an SLA policy stores, and a structural validator that needs neither the
// database nor date-holidays, so calendar editors in the browser can use it too.
// Holiday presets are checked against date-holidays by `validateHolidayPreset` (holidays.ts).

import { issue, type ValidationIssue } from '../validation';
import { parseLocalDate } from './civil';
import { CLOCK_TIME_PATTERN, MINUTES_PER_DAY, WEEKDAYS, type Weekday } from './constants';
import { isKnownTimeZone } from './zone';

/**
 * One working interval of the week, in the calendar's local wall time. `end <= start` means the
 * interval runs past midnight into the next day (a night shift); it still *belongs to* `day`, so a
 * holiday on `day` cancels all of it and a holiday on the next day cancels none of it.
 * '00:00'–'24:00' is a whole day; `end === start` is a 24-hour interval starting at `start`.
 */
export interface WeeklyInterval {
  day: Weekday;
  start: string;
  end: string;
}

/** A `date-holidays` country/state/region; only holidays of type 'public' are used. */
export interface HolidayPreset {
  country: string;
  state?: string;
  region?: string;
}

export interface BusinessCalendar {
  /** IANA zone; the weekly hours and holiday dates are wall-clock values in this zone. */
  timeZone: string;
  weekly: readonly WeeklyInterval[];
  /** 'YYYY-MM-DD' local dates, each a whole day off. */
  holidays: readonly string[];
  /** Preset public holidays, applied as local dates in `timeZone`. */
  holidayPreset?: HolidayPreset;
}

/** Round the clock, every day, counting real elapsed time. */
export const CALENDAR_24X7: BusinessCalendar = Object.freeze({
  timeZone: 'UTC',
  weekly: Object.freeze(
    ([0, 1, 2, 3, 4, 5, 6] as const).map((day) => Object.freeze({ day, start: '00:00', end: '24:00' })),
  ),
  holidays: Object.freeze([]),
});

/** Minutes after midnight of an 'HH:MM' time, or null. '24:00' only when `asEnd`. */
export function parseClockTime(text: string, asEnd: boolean): number | null {
  const m = typeof text === 'string' ? CLOCK_TIME_PATTERN.exec(text) : null;
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > MINUTES_PER_DAY || (minutes === MINUTES_PER_DAY && !asEnd)) return null;
  return minutes;
}

/**
 * Minutes of an interval relative to midnight of its own day: [start, end) with start < end <= start + 1440.
 * Callers must have validated both times.
 */
export function intervalMinutes(interval: WeeklyInterval): [number, number] {
  const start = parseClockTime(interval.start, false) ?? 0;
  let end = parseClockTime(interval.end, true) ?? 0;
  if (end <= start) end += MINUTES_PER_DAY;
  return [start, end];
}

function label(interval: WeeklyInterval): string {
  return `${WEEKDAYS[interval.day] ?? `day ${String(interval.day)}`} ${interval.start}–${interval.end}`;
}

const WEEK_MINUTES = 7 * MINUTES_PER_DAY;

/**
 * Readable problems with a calendar, each at its path in the calendar (['weekly', 2, 'end'],
 * ['holidays', 0], ['holidayPreset', 'country']); empty when it is usable. The messages name their row
 * too ("Working hours #3: …"), so they still read right when listed together.
 */
export function validateCalendar(calendar: BusinessCalendar): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  if (typeof calendar.timeZone !== 'string' || !isKnownTimeZone(calendar.timeZone)) {
    errors.push(
      issue(
        ['timeZone'],
        `Unknown time zone "${String(calendar.timeZone)}" (expected an IANA name like Europe/Berlin).`,
      ),
    );
  }

  // `tail`: the part of a Saturday night shift that wraps into Sunday morning (it does not begin at the
  // interval's own start).
  const ranges: Array<{ from: number; to: number; index: number; tail: boolean }> = [];
  if (!Array.isArray(calendar.weekly) || calendar.weekly.length === 0) {
    errors.push(issue(['weekly'], 'The calendar has no working hours: add at least one weekly interval.'));
  } else {
    calendar.weekly.forEach((interval, index) => {
      const where = `Working hours #${index + 1}`;
      let ok = true;
      if (!Number.isInteger(interval.day) || interval.day < 0 || interval.day > 6) {
        errors.push(
          issue(
            ['weekly', index, 'day'],
            `${where}: day must be 0 (Sunday) to 6 (Saturday), got ${String(interval.day)}.`,
          ),
        );
        ok = false;
      }
      if (parseClockTime(interval.start, false) === null) {
        errors.push(
          issue(
            ['weekly', index, 'start'],
            `${where}: start "${String(interval.start)}" is not a time between 00:00 and 23:59.`,
          ),
        );
        ok = false;
      }
      if (parseClockTime(interval.end, true) === null) {
        errors.push(
          issue(
            ['weekly', index, 'end'],
            `${where}: end "${String(interval.end)}" is not a time between 00:00 and 24:00.`,
          ),
        );
        ok = false;
      }
      if (!ok) return;
      // Position in the week; a Saturday night shift wraps into Sunday morning.
      const [start, end] = intervalMinutes(interval);
      const from = interval.day * MINUTES_PER_DAY + start;
      const to = interval.day * MINUTES_PER_DAY + end;
      if (to <= WEEK_MINUTES) ranges.push({ from, to, index, tail: false });
      else
        ranges.push(
          { from, to: WEEK_MINUTES, index, tail: false },
          { from: 0, to: to - WEEK_MINUTES, index, tail: true },
        );
    });
  }
  ranges.sort((a, b) => a.from - b.from);
  const reported = new Set<string>();
  for (let i = 1; i < ranges.length; i++) {
    const prev = ranges[i - 1]!;
    const cur = ranges[i]!;
    const key = `${Math.min(prev.index, cur.index)}-${Math.max(prev.index, cur.index)}`;
    if (cur.from < prev.to && !reported.has(key)) {
      reported.add(key);
      const a = calendar.weekly[prev.index]!;
      const b = calendar.weekly[cur.index]!;
      // The interval whose start falls inside the other one carries the message: sorted by position,
      // that is the later one, unless it is a wrapped tail (then the other one starts inside it).
      const starts = cur.tail ? prev.index : cur.index;
      errors.push(issue(['weekly', starts, 'start'], `Working hours overlap: ${label(a)} and ${label(b)}.`));
    }
    // Keep the furthest end so an interval swallowing several others is compared with all of them.
    if (prev.to > cur.to) ranges[i] = { ...cur, to: prev.to, index: prev.index, tail: prev.tail };
  }

  if (!Array.isArray(calendar.holidays)) {
    errors.push(issue(['holidays'], 'Holidays must be a list of YYYY-MM-DD dates.'));
  } else {
    calendar.holidays.forEach((date, index) => {
      if (typeof date !== 'string' || parseLocalDate(date) === null) {
        errors.push(
          issue(
            ['holidays', index],
            `Holiday #${index + 1}: "${String(date)}" is not a valid YYYY-MM-DD date.`,
          ),
        );
      }
    });
  }

  const preset = calendar.holidayPreset;
  if (preset !== undefined) {
    if (typeof preset.country !== 'string' || !/^[A-Za-z]{2}$/.test(preset.country)) {
      errors.push(
        issue(
          ['holidayPreset', 'country'],
          `Holiday preset: country "${String(preset.country)}" must be a two-letter code like DE.`,
        ),
      );
    }
    if (preset.region !== undefined && preset.state === undefined) {
      errors.push(issue(['holidayPreset', 'state'], 'Holiday preset: a region needs a state.'));
    }
  }
  return errors;
}
