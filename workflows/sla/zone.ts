// Local wall time → UTC instant for an IANA time zone, via Intl only (no tz database of our own).
//
// Intl can only answer "what is the offset at this UTC instant?" and each answer costs several µs, so:
// - offsets are sampled on a 6-hour UTC grid and memoised per (zone, grid point); real zones never change
//   offset twice within 6 hours, so a difference between two neighbouring grid points means exactly one
//   transition, located by bisection to the second;
// - the resulting offsets/transitions covering one local day are memoised per (zone, local day).
// Memoisation is invisible to callers: every function here is deterministic for its arguments.

import { daysFromCivil } from './civil';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './constants';

const GRID_MS = 6 * HOUR_MS;
// Historic local-mean-time offsets reach about ±16h; the window around a local day must contain every
// UTC instant that any wall time of that day (and the shifts spilling into it) can map to.
const WINDOW_MARGIN_MS = 17 * HOUR_MS;
// Bound on memo sizes so a long-running process cannot grow without limit (≈ 130 years of days).
const MAX_MEMO_ENTRIES = 50_000;

/** Offsets (ms, local − UTC) in force over a local day: `offsets[i]` applies before `transitions[i]`. */
export interface ZoneDay {
  readonly offsets: readonly number[];
  readonly transitions: readonly number[];
}

interface ZoneMemo {
  readonly format: Intl.DateTimeFormat;
  readonly grid: Map<number, number>;
  readonly transitions: Map<number, number>;
  readonly days: Map<number, ZoneDay>;
}

const zones = new Map<string, ZoneMemo>();

function zoneMemo(timeZone: string): ZoneMemo {
  let memo = zones.get(timeZone);
  if (!memo) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short', // without it years before 1 CE would be ambiguous
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    memo = { format, grid: new Map(), transitions: new Map(), days: new Map() };
    zones.set(timeZone, memo);
  }
  return memo;
}

/** True when Intl knows the zone (throws RangeError otherwise). */
export function isKnownTimeZone(timeZone: string): boolean {
  if (zones.has(timeZone)) return true;
  try {
    zoneMemo(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset (ms, local − UTC) in force at a UTC instant, straight from Intl. */
export function offsetAt(timeZone: string, instant: number): number {
  return rawOffset(zoneMemo(timeZone), instant);
}

function rawOffset(memo: ZoneMemo, instant: number): number {
  const seconds = Math.floor(instant / 1000) * 1000;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of memo.format.formatToParts(seconds)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        bc = part.value.startsWith('B');
        break;
    }
  }
  if (bc) year = 1 - year;
  const wall = daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000;
  return wall - seconds;
}

function gridOffset(memo: ZoneMemo, index: number): number {
  let offset = memo.grid.get(index);
  if (offset === undefined) {
    if (memo.grid.size >= MAX_MEMO_ENTRIES) memo.grid.clear();
    offset = rawOffset(memo, index * GRID_MS);
    memo.grid.set(index, offset);
  }
  return offset;
}

/** First instant (whole second) of grid cell `index` whose offset differs from the cell's start. */
function transitionIn(memo: ZoneMemo, index: number, before: number): number {
  let found = memo.transitions.get(index);
  if (found === undefined) {
    let lo = index * GRID_MS; // offset === before
    let hi = lo + GRID_MS; // offset !== before
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (rawOffset(memo, mid) === before) lo = mid;
      else hi = mid;
    }
    found = hi;
    if (memo.transitions.size >= MAX_MEMO_ENTRIES) memo.transitions.clear();
    memo.transitions.set(index, found);
  }
  return found;
}

/** Offsets and transitions covering every instant a wall time on local day `day` can map to. */
export function zoneDay(timeZone: string, day: number): ZoneDay {
  const memo = zoneMemo(timeZone);
  let info = memo.days.get(day);
  if (info) return info;
  const first = Math.floor((day * DAY_MS - WINDOW_MARGIN_MS) / GRID_MS);
  const last = Math.ceil(((day + 1) * DAY_MS + WINDOW_MARGIN_MS) / GRID_MS);
  let current = gridOffset(memo, first);
  const offsets = [current];
  const transitions: number[] = [];
  for (let i = first + 1; i <= last; i++) {
    const next = gridOffset(memo, i);
    if (next !== current) {
      transitions.push(transitionIn(memo, i - 1, current));
      offsets.push(next);
      current = next;
    }
  }
  info = { offsets, transitions };
  if (memo.days.size >= MAX_MEMO_ENTRIES) memo.days.clear();
  memo.days.set(day, info);
  return info;
}

/**
 * UTC instant of wall time `minute` (may exceed 1440: it then lies on a following day) of local `day`.
 *
 * DST policy, chosen so that mapped interval boundaries stay in order (the map is non-decreasing):
 * - a wall time that does not exist (spring-forward gap) maps to the first instant after the gap,
 *   i.e. the transition itself — so '02:30' on a Berlin spring-forward Sunday means 03:00 CEST;
 * - an ambiguous wall time (fall-back overlap) maps to its earlier occurrence — '02:30' on a Berlin
 *   fall-back Sunday is 02:30 CEST (00:30Z), not 02:30 CET.
 */
export function wallTimeToUtc(timeZone: string, day: number, minute: number): number {
  const carry = Math.floor(minute / 1440);
  const localDay = day + carry;
  const wall = localDay * DAY_MS + (minute - carry * 1440) * MINUTE_MS;
  const { offsets, transitions } = zoneDay(timeZone, localDay);
  // Offset i is valid for instants in [transitions[i-1], transitions[i]); the first valid candidate is the
  // earliest instant. A candidate that falls before the previous transition means the wall time was
  // skipped by that transition: answer the transition.
  for (let i = 0; i < offsets.length; i++) {
    const candidate = wall - offsets[i]!;
    if (i > 0 && candidate < transitions[i - 1]!) return transitions[i - 1]!;
    if (i === offsets.length - 1 || candidate < transitions[i]!) return candidate;
  }
  /* v8 ignore next: offsets always has at least one entry */
  return wall - (offsets[0] ?? 0);
}
