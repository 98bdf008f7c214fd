// Holiday presets resolved with date-holidays into local day numbers, per (preset, year).
// date-holidays is slow (rule parsing, ~ms per year) and large, so it stays out of the hot path: it is
// consulted once per preset and year, and the result is memoised at module level (pure memoisation —
// the answer for a given preset and year never changes within a process).

import Holidays from 'date-holidays';
import { issue, type ValidationIssue } from '../validation';
import type { HolidayPreset } from './calendar';
import { civilFromDays, parseLocalDate } from './civil';
import { DAY_MS } from './constants';

const byPresetYear = new Map<string, ReadonlySet<number>>();
let catalogue: Holidays | undefined;

function lookup(): Holidays {
  catalogue ??= new Holidays();
  return catalogue;
}

export function presetKey(preset: HolidayPreset): string {
  return [preset.country, preset.state ?? '', preset.region ?? ''].join('/');
}

// date-holidays codes are mostly upper case but not all (NZ-CAN-Timaru), so match case-insensitively.
function findCode(codes: Record<string, string> | undefined, wanted: string): string | undefined {
  const upper = wanted.toUpperCase();
  return Object.keys(codes ?? {}).find((code) => code.toUpperCase() === upper);
}

function knownCodes(codes: Record<string, string> | undefined): string {
  return Object.keys(codes ?? {}).join(', ') || 'none';
}

type Canonical = { preset: HolidayPreset; errors: [] } | { preset: undefined; errors: ValidationIssue[] };

/**
 * The preset spelled as date-holidays spells it, or readable errors (unknown country, state, region) at
 * their path in the preset (['state']).
 */
export function canonicalHolidayPreset(preset: HolidayPreset): Canonical {
  const countries = lookup().getCountries();
  const country = findCode(countries, preset.country);
  if (!country)
    return {
      preset: undefined,
      errors: [issue(['country'], `Holiday preset: unknown country "${preset.country}".`)],
    };
  if (preset.state === undefined) return { preset: { country }, errors: [] };
  const states = lookup().getStates(country);
  const state = findCode(states, preset.state);
  if (!state) {
    const message = `Holiday preset: unknown state "${preset.state}" for ${country} (known: ${knownCodes(states)}).`;
    return { preset: undefined, errors: [issue(['state'], message)] };
  }
  if (preset.region === undefined) return { preset: { country, state }, errors: [] };
  const regions = lookup().getRegions(country, state);
  const region = findCode(regions, preset.region);
  if (!region) {
    const known = knownCodes(regions);
    const message = `Holiday preset: unknown region "${preset.region}" for ${country}-${state} (known: ${known}).`;
    return { preset: undefined, errors: [issue(['region'], message)] };
  }
  return { preset: { country, state, region }, errors: [] };
}

/** Readable problems with a preset, at their path in it (['state']); empty when date-holidays knows it. */
export function validateHolidayPreset(preset: HolidayPreset): ValidationIssue[] {
  return canonicalHolidayPreset(preset).errors;
}

/**
 * Local day numbers of the public holidays of a canonical preset (see `canonicalHolidayPreset`) that
 * *start* in `year`. Multi-day holidays (e.g. a
 * three-day Eid) cover every day they span; holidays that start mid-day (a few countries have
 * afternoon-only ones) still count as whole days off, as calendar holidays do.
 */
export function presetHolidayDays(preset: HolidayPreset, year: number): ReadonlySet<number> {
  const key = `${presetKey(preset)}:${year}`;
  let days = byPresetYear.get(key);
  if (!days) {
    const found = new Set<number>();
    const country = { country: preset.country, state: preset.state, region: preset.region };
    const calendar = new Holidays(country, { types: ['public'] });
    for (const holiday of calendar.getHolidays(year)) {
      if (holiday.type !== 'public') continue;
      const first = parseLocalDate(holiday.date.slice(0, 10));
      if (first === null) continue;
      const span = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
      for (let i = 0; i < span; i++) found.add(first + i);
    }
    days = found;
    byPresetYear.set(key, days);
  }
  return days;
}

/** Whether local `day` is a preset holiday (including the tail of one that started the previous year). */
export function isPresetHoliday(preset: HolidayPreset, day: number): boolean {
  const year = civilFromDays(day).year;
  return presetHolidayDays(preset, year).has(day) || presetHolidayDays(preset, year - 1).has(day);
}
