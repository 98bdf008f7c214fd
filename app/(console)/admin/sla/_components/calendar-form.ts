import type { CalendarInput } from '@/server/services/sla-policies/schemas';

// The calendar editor's values and their way to and from the service's input (pure: tested without a
// browser in calendar-form.test.ts).

export interface CalendarFormValues {
  name: string;
  timeZone: string;
  /** One row per interval; the day as a string, as a <select> holds it. */
  weekly: { day: string; start: string; end: string }[];
  /** One date per line. */
  holidays: string;
  presetCountry: string;
  presetState: string;
}

export interface StoredCalendar {
  id: string;
  name: string;
  timeZone: string;
  weekly: { day: number; start: string; end: string }[];
  holidays: string[];
  holidayPreset: { country: string; state?: string } | null;
}

export function calendarFormValues(stored: StoredCalendar | null): CalendarFormValues {
  const weekly = stored?.weekly ?? [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));
  return {
    name: stored?.name ?? '',
    timeZone: stored?.timeZone ?? 'Europe/Berlin',
    weekly: weekly.map((w) => ({ ...w, day: String(w.day) })),
    holidays: (stored?.holidays ?? []).join('\n'),
    presetCountry: stored?.holidayPreset?.country ?? '',
    presetState: stored?.holidayPreset?.state ?? '',
  };
}

export function calendarInputOf(values: CalendarFormValues, id?: string): CalendarInput {
  return {
    id,
    name: values.name,
    timeZone: values.timeZone,
    weekly: values.weekly.map((w) => ({ day: Number(w.day), start: w.start, end: w.end })),
    holidays: values.holidays.split(/[\s,]+/).filter(Boolean),
    holidayPreset: values.presetCountry.trim()
      ? { country: values.presetCountry.trim().toUpperCase(), state: values.presetState.trim() || undefined }
      : null,
  };
}

/**
 * A server (or schema) path as this form's field: rows of working hours keep theirs (`weekly.2.start`),
 * the preset is two plain fields, and the holidays one text area.
 */
export function calendarFieldOf(path: string): string {
  if (path.startsWith('holidayPreset.country')) return 'presetCountry';
  // The form has one field for the state and its region.
  if (path.startsWith('holidayPreset.state') || path.startsWith('holidayPreset.region')) return 'presetState';
  if (path === 'holidays' || path.startsWith('holidays.')) return 'holidays';
  return path;
}
