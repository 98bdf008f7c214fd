// Compiling a calendar: validate once, turn 'HH:MM' strings into minutes and dates into day numbers,
// and memoise the working intervals of each UTC day so that business-time arithmetic is a few map
// lookups per day spanned.

import { under } from '../validation';
import { type BusinessCalendar, type HolidayPreset, intervalMinutes, validateCalendar } from './calendar';
import { parseLocalDate, weekdayOfDay } from './civil';
import { DAY_MS, MINUTES_PER_DAY } from './constants';
import { canonicalHolidayPreset, isPresetHoliday, presetKey } from './holidays';
import { wallTimeToUtc } from './zone';

/** Working time inside one UTC day: sorted, disjoint [start, end) pairs of epoch ms, flattened. */
export interface DaySlice {
  readonly bounds: readonly number[];
  /** Sum of the interval lengths, so whole days can be skipped without looking at them. */
  readonly total: number;
}

export interface CompiledCalendar {
  readonly compiled: true;
  readonly source: BusinessCalendar;
  readonly timeZone: string;
  /** Per weekday (0 = Sunday): flattened [start, end) minutes after local midnight; end may exceed 1440. */
  readonly weekly: readonly (readonly number[])[];
  /** Holiday local day numbers (days since 1970-01-01) from `source.holidays`. */
  readonly holidays: ReadonlySet<number>;
  readonly preset: HolidayPreset | undefined;
  /**
   * Every instant is working time (the week is fully covered, no holidays): arithmetic is plain
   * addition. Real elapsed time is what counts, so a 23-hour DST day still counts 23 hours.
   */
  readonly alwaysOpen: boolean;
  /** Memo of working time per UTC day number, filled on demand (see `daySlice`). */
  readonly slices: Map<number, DaySlice>;
  /** Memo of working ms per UTC week (week = floor(day / 7)), for skipping long spans. */
  readonly weeks: Map<number, number>;
}

export type CalendarInput = BusinessCalendar | CompiledCalendar;

const MAX_SLICES = 20_000; // ≈ 55 years of days per calendar before the memo is reset

/** Validates (throwing one Error listing every problem) and precomputes a calendar. */
export function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  const errors = validateCalendar(calendar);
  // The preset is spelled as date-holidays spells it, so 'de'/'be' and 'DE'/'BE' share one memo.
  const canonical =
    calendar.holidayPreset && errors.length === 0
      ? canonicalHolidayPreset(calendar.holidayPreset)
      : undefined;
  errors.push(...under(['holidayPreset'], canonical?.errors ?? []));
  // The messages name their row themselves ("Working hours #2: …"), so they are joined without paths.
  if (errors.length > 0)
    throw new Error(`Invalid business calendar: ${errors.map((e) => e.message).join(' ')}`);

  const weekly: number[][] = [[], [], [], [], [], [], []];
  for (const interval of calendar.weekly) weekly[interval.day]!.push(...intervalMinutes(interval));
  let weekMinutes = 0;
  for (const day of weekly) {
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < day.length; i += 2) pairs.push([day[i]!, day[i + 1]!]);
    pairs.sort((a, b) => a[0] - b[0]);
    day.length = 0;
    for (const [start, end] of pairs) {
      day.push(start, end);
      weekMinutes += end - start;
    }
  }
  const holidays = new Set<number>();
  for (const date of calendar.holidays) holidays.add(parseLocalDate(date)!);
  const preset = canonical?.preset;
  return {
    compiled: true,
    source: calendar,
    timeZone: calendar.timeZone,
    weekly,
    holidays,
    preset,
    // Intervals never overlap (validated), so a full week of minutes means no gap anywhere.
    alwaysOpen: weekMinutes === 7 * MINUTES_PER_DAY && holidays.size === 0 && !preset,
    slices: new Map(),
    weeks: new Map(),
  };
}

const byIdentity = new WeakMap<BusinessCalendar, CompiledCalendar>();
// Calendars loaded from the database are fresh objects on every request; a bounded memo by content keeps
// them from being recompiled (and their day memo rebuilt) each time.
const byContent = new Map<string, CompiledCalendar>();
const MAX_BY_CONTENT = 256;

function contentKey(calendar: BusinessCalendar): string {
  const preset = calendar.holidayPreset ? presetKey(calendar.holidayPreset) : '';
  const weekly = calendar.weekly.map((i) => `${i.day}@${i.start}-${i.end}`).join(',');
  return `${calendar.timeZone}|${weekly}|${calendar.holidays.join(',')}|${preset}`;
}

/**
 * The compiled form of a calendar, compiling at most once per object (and per distinct content).
 * Calendars are treated as immutable values: mutate one after use and the memo will not notice.
 */
export function resolveCalendar(input: CalendarInput): CompiledCalendar {
  if ('compiled' in input) return input;
  let compiled = byIdentity.get(input);
  if (compiled) return compiled;
  // Malformed input has no content key; compileCalendar reports what is wrong with it.
  const key = Array.isArray(input.weekly) && Array.isArray(input.holidays) ? contentKey(input) : '';
  compiled = byContent.get(key) ?? compileCalendar(input);
  if (!byContent.has(key)) {
    if (byContent.size >= MAX_BY_CONTENT) byContent.delete(byContent.keys().next().value as string);
    byContent.set(key, compiled);
  }
  byIdentity.set(input, compiled);
  return compiled;
}

function isHoliday(calendar: CompiledCalendar, day: number): boolean {
  return (
    calendar.holidays.has(day) || (calendar.preset !== undefined && isPresetHoliday(calendar.preset, day))
  );
}

const EMPTY: DaySlice = Object.freeze({ bounds: Object.freeze([]) as readonly number[], total: 0 });

/**
 * Working time inside UTC day `utcDay` ([utcDay·24h, (utcDay+1)·24h)). Keyed by UTC day rather than
 * local day so that the hot path finds the day of an instant with a division instead of an offset lookup.
 * Local days utcDay−2 … utcDay+1 can reach into it (offsets up to ±16h plus night shifts ending the next
 * day); their intervals are mapped to UTC and clipped. Local days come in order and intervals never
 * overlap in wall time, and the wall→UTC map is non-decreasing, so the result is sorted; touching
 * intervals are merged.
 */
export function daySlice(calendar: CompiledCalendar, utcDay: number): DaySlice {
  const memo = calendar.slices.get(utcDay);
  if (memo) return memo;
  const from = utcDay * DAY_MS;
  const to = from + DAY_MS;
  const bounds: number[] = [];
  let total = 0;
  for (let local = utcDay - 2; local <= utcDay + 1; local++) {
    const minutes = calendar.weekly[weekdayOfDay(local)]!;
    if (minutes.length === 0 || isHoliday(calendar, local)) continue;
    for (let i = 0; i < minutes.length; i += 2) {
      const start = Math.max(from, wallTimeToUtc(calendar.timeZone, local, minutes[i]!));
      const end = Math.min(to, wallTimeToUtc(calendar.timeZone, local, minutes[i + 1]!));
      if (end <= start) continue; // outside this UTC day, or swallowed by a DST gap
      total += end - start;
      if (bounds.length > 0 && bounds[bounds.length - 1] === start) bounds[bounds.length - 1] = end;
      else bounds.push(start, end);
    }
  }
  const slice = total === 0 ? EMPTY : { bounds, total };
  if (calendar.slices.size >= MAX_SLICES) {
    calendar.slices.clear();
    calendar.weeks.clear();
  }
  calendar.slices.set(utcDay, slice);
  return slice;
}

/** Working ms in UTC days [7·week, 7·week + 7). */
export function weekTotal(calendar: CompiledCalendar, week: number): number {
  let total = calendar.weeks.get(week);
  if (total === undefined) {
    total = 0;
    for (let day = week * 7; day < week * 7 + 7; day++) total += daySlice(calendar, day).total;
    calendar.weeks.set(week, total);
  }
  return total;
}
