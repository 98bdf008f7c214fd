// Business-time arithmetic on epoch milliseconds over a compiled calendar.
// Each function walks UTC days (see compile.ts `daySlice`): the first and last day look at their
// intervals, the days in between only at their totals, and whole weeks are skipped by their totals.
// Cost therefore grows with the number of days spanned (or weeks, for long spans), never with minutes.

import { type CompiledCalendar, daySlice, weekTotal } from './compile';
import { DAY_MS, SEARCH_HORIZON_DAYS } from './constants';

function horizonError(calendar: CompiledCalendar, from: number): Error {
  return new Error(
    `Business calendar (${calendar.timeZone}) has no working time within ${SEARCH_HORIZON_DAYS} days ` +
      `after ${new Date(from).toISOString()}: check its weekly hours and holidays.`,
  );
}

/**
 * Instant at which `duration` ms of working time have elapsed since `start`. 0 → `start` unchanged.
 * For duration > 0 the result is inside a working interval or exactly at its end (never at the start of
 * the next one), so the millisecond before the result is always working time.
 */
export function addBusinessMs(calendar: CompiledCalendar, start: number, duration: number): number {
  if (duration === 0) return start;
  if (calendar.alwaysOpen) return start + duration;
  let remaining = duration;
  let day = Math.floor(start / DAY_MS);
  const lastDay = day + SEARCH_HORIZON_DAYS;

  // First day: only the part from `start` on counts.
  const first = daySlice(calendar, day).bounds;
  for (let i = 0; i < first.length; i += 2) {
    const end = first[i + 1]!;
    if (end <= start) continue;
    const from = Math.max(first[i]!, start);
    if (remaining <= end - from) return from + remaining;
    remaining -= end - from;
  }

  for (;;) {
    day++;
    if (day > lastDay) throw horizonError(calendar, start);
    if (day % 7 === 0) {
      const week = weekTotal(calendar, day / 7);
      if (remaining > week) {
        remaining -= week;
        day += 6;
        continue;
      }
    }
    const slice = daySlice(calendar, day);
    if (remaining > slice.total) {
      remaining -= slice.total;
      continue;
    }
    const bounds = slice.bounds;
    for (let i = 0; i < bounds.length; i += 2) {
      const length = bounds[i + 1]! - bounds[i]!;
      if (remaining <= length) return bounds[i]! + remaining;
      remaining -= length;
    }
  }
}

/** Working ms in [a, b); 0 when b <= a. */
export function businessMsBetween(calendar: CompiledCalendar, a: number, b: number): number {
  if (b <= a) return 0;
  if (calendar.alwaysOpen) return b - a;
  const firstDay = Math.floor(a / DAY_MS);
  const lastDay = Math.floor(b / DAY_MS);
  let total = overlap(daySlice(calendar, firstDay).bounds, a, b);
  if (lastDay === firstDay) return total;
  let day = firstDay + 1;
  while (day < lastDay) {
    if (day % 7 === 0 && day + 7 <= lastDay) {
      total += weekTotal(calendar, day / 7);
      day += 7;
    } else {
      total += daySlice(calendar, day).total;
      day++;
    }
  }
  return total + overlap(daySlice(calendar, lastDay).bounds, a, b);
}

function overlap(bounds: readonly number[], a: number, b: number): number {
  let total = 0;
  for (let i = 0; i < bounds.length; i += 2) {
    const from = Math.max(bounds[i]!, a);
    const to = Math.min(bounds[i + 1]!, b);
    if (to > from) total += to - from;
  }
  return total;
}

/** First working instant >= t (t itself when it is working time). */
export function nextWorkingMs(calendar: CompiledCalendar, t: number): number {
  if (calendar.alwaysOpen) return t;
  const firstDay = Math.floor(t / DAY_MS);
  for (let day = firstDay; day <= firstDay + SEARCH_HORIZON_DAYS; day++) {
    const bounds = daySlice(calendar, day).bounds;
    for (let i = 0; i < bounds.length; i += 2) {
      if (bounds[i + 1]! > t) return Math.max(bounds[i]!, t);
    }
  }
  throw horizonError(calendar, t);
}

/** Whether t lies inside a working interval (start inclusive, end exclusive). */
export function isWorkingMs(calendar: CompiledCalendar, t: number): boolean {
  if (calendar.alwaysOpen) return true;
  const bounds = daySlice(calendar, Math.floor(t / DAY_MS)).bounds;
  for (let i = 0; i < bounds.length; i += 2) {
    if (t >= bounds[i]! && t < bounds[i + 1]!) return true;
  }
  return false;
}
