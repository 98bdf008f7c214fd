// Business calendars and business-time arithmetic for SLA clocks (DESIGN.md §2.4). Pure; no I/O.

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
export { presetHolidayDays, validateHolidayPreset } from './holidays';
