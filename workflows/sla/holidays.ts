// Holiday presets resolved with date-holidays into local day numbers, per (preset, year).
// date-holidays is slow (rule parsing, ~ms per year) and large, so it stays out of the hot path: it is
// consulted once per preset and year, and the result is memoised at module level (pure memoisation —
// the answer for a given preset and year never changes within a process).

import Holidays from 'date-holidays';
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
  return [preset.country, preset.state ?? '', preset.region ?? ''].join('/').toUpperCase();
}

/** Readable problems with a preset (unknown country, state or region); empty when date-holidays knows it. */
export function validateHolidayPreset(preset: HolidayPreset): string[] {
  const country = preset.country.toUpperCase();
  if (!(country in lookup().getCountries())) {
    return [`Holiday preset: unknown country "${preset.country}".`];
  }
  if (preset.state === undefined) return [];
  const states = lookup().getStates(country) ?? {};
  const state = preset.state.toUpperCase();
  if (!(state in states)) {
    const known = Object.keys(states).join(', ') || 'none';
    return [`Holiday preset: unknown state "${preset.state}" for ${country} (known: ${known}).`];
  }
  if (preset.region === undefined) return [];
  const regions = lookup().getRegions(country, state) ?? {};
  if (!(preset.region.toUpperCase() in regions)) {
    const known = Object.keys(regions).join(', ') || 'none';
    return [`Holiday preset: unknown region "${preset.region}" for ${country}-${state} (known: ${known}).`];
  }
  return [];
}

/**
 * Local day numbers of the preset's public holidays that *start* in `year`. Multi-day holidays (e.g. a
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
