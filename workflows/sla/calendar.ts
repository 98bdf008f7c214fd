// Business calendar: the data an SLA policy stores, and a structural validator that needs neither the
// database nor date-holidays, so calendar editors in the browser can use it too.
// Holiday presets are checked against date-holidays by `validateHolidayPreset` (holidays.ts).

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

/** Readable problems with a calendar; empty when it is usable. */
export function validateCalendar(calendar: BusinessCalendar): string[] {
  const errors: string[] = [];
  if (typeof calendar.timeZone !== 'string' || !isKnownTimeZone(calendar.timeZone)) {
    errors.push(
      `Unknown time zone "${String(calendar.timeZone)}" (expected an IANA name like Europe/Berlin).`,
    );
  }

  const ranges: Array<{ from: number; to: number; index: number }> = [];
  if (!Array.isArray(calendar.weekly) || calendar.weekly.length === 0) {
    errors.push('The calendar has no working hours: add at least one weekly interval.');
  } else {
    calendar.weekly.forEach((interval, index) => {
      const where = `Working hours #${index + 1}`;
      let ok = true;
      if (!Number.isInteger(interval.day) || interval.day < 0 || interval.day > 6) {
        errors.push(`${where}: day must be 0 (Sunday) to 6 (Saturday), got ${String(interval.day)}.`);
        ok = false;
      }
      if (parseClockTime(interval.start, false) === null) {
        errors.push(`${where}: start "${String(interval.start)}" is not a time between 00:00 and 23:59.`);
        ok = false;
      }
      if (parseClockTime(interval.end, true) === null) {
        errors.push(`${where}: end "${String(interval.end)}" is not a time between 00:00 and 24:00.`);
        ok = false;
      }
      if (!ok) return;
      // Position in the week; a Saturday night shift wraps into Sunday morning.
      const [start, end] = intervalMinutes(interval);
      const from = interval.day * MINUTES_PER_DAY + start;
      const to = interval.day * MINUTES_PER_DAY + end;
      if (to <= WEEK_MINUTES) ranges.push({ from, to, index });
      else ranges.push({ from, to: WEEK_MINUTES, index }, { from: 0, to: to - WEEK_MINUTES, index });
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
      errors.push(`Working hours overlap: ${label(a)} and ${label(b)}.`);
    }
    // Keep the furthest end so an interval swallowing several others is compared with all of them.
    if (prev.to > cur.to) ranges[i] = { ...cur, to: prev.to, index: prev.index };
  }

  if (!Array.isArray(calendar.holidays)) {
    errors.push('Holidays must be a list of YYYY-MM-DD dates.');
  } else {
    calendar.holidays.forEach((date, index) => {
      if (typeof date !== 'string' || parseLocalDate(date) === null) {
        errors.push(`Holiday #${index + 1}: "${String(date)}" is not a valid YYYY-MM-DD date.`);
      }
    });
  }

  const preset = calendar.holidayPreset;
  if (preset !== undefined) {
    if (typeof preset.country !== 'string' || !/^[A-Za-z]{2}$/.test(preset.country)) {
      errors.push(`Holiday preset: country "${String(preset.country)}" must be a two-letter code like DE.`);
    }
    if (preset.region !== undefined && preset.state === undefined) {
      errors.push('Holiday preset: a region needs a state.');
    }
  }
  return errors;
}
