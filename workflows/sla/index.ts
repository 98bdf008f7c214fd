// Business calendars and business-time arithmetic for SLA clocks (DESIGN.md §2.4). Pure: no I/O, no clock.
//
// Semantics in one place:
// - Instants are Dates in the API (epoch ms inside); durations are milliseconds of working time.
// - Working time is the union of the weekly intervals, in the calendar's IANA zone, minus whole-day
//   holidays. A night shift belongs to the day it starts on (for holidays too).
// - DST: a boundary that falls in a spring-forward gap moves to the end of the gap; one that is ambiguous
//   in a fall-back overlap takes the earlier instant. Intervals count real elapsed time between their
//   boundary instants, so 24×7 counts 23 h / 25 h on DST days.
// - addBusinessTime(s, 0) === s; for d > 0 counting starts at the next working instant and the result
//   is inside working time or exactly at an interval end. businessTimeBetween counts [a, b), 0 if b <= a.
//
// This barrel is the calendar and business-time API only; clocks (./clock), their machine, ticket effects
// and targets are imported from their own modules. Client components should import './constants' and
// './calendar' (validateCalendar) directly: this barrel also pulls in date-holidays.

export { addBusinessTime, businessTimeBetween, isWorkingTime, nextWorkingInstant } from './business-time';
export {
  type BusinessCalendar,
  CALENDAR_24X7,
  type HolidayPreset,
  validateCalendar,
  type WeeklyInterval,
} from './calendar';
export { type CalendarInput, type CompiledCalendar, compileCalendar } from './compile';
export * from './constants';
export { canonicalHolidayPreset, presetHolidayDays, validateHolidayPreset } from './holidays';
