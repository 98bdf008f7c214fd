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
// Client components should import './constants' and './calendar' (validateCalendar) directly: this
// barrel also pulls in date-holidays.

export { addBusinessTime, businessTimeBetween, isWorkingTime, nextWorkingInstant } from './business-time';
export {
  type BusinessCalendar,
  CALENDAR_24X7,
  type HolidayPreset,
  validateCalendar,
  type WeeklyInterval,
} from './calendar';
export {
  applyClockCommand,
  type ClockCheck,
  type ClockCommand,
  type ClockCommandResult,
  type ClockCommandType,
  type ClockData,
  type ClockRefusal,
  type ClockRow,
  type ClockSchedule,
  type ClockStepResult,
  type ClockView,
  clockReachedAt,
  clockRow,
  clockSchedule,
  clockView,
  dueChecks,
  fireCheck,
  type Instant,
  migrateClock,
  type PersistedClock,
  readClock,
  type StartClockInput,
  startClock,
  stepClock,
  toEpochMs,
} from './clock';
export {
  CLOCK_MACHINE_ID,
  CLOCK_MACHINE_STATES,
  CLOCK_MACHINE_VERSION,
  type ClockContext,
  type ClockEvent,
  type ClockMachineState,
  clockMachine,
} from './clock-machine';
export { type CalendarInput, type CompiledCalendar, compileCalendar } from './compile';
export * from './constants';
export {
  clockCommandsForTicketEvent,
  clocksToStartOnCreate,
  isResponseEvent,
  RESOLUTION_PAUSED_STATUSES,
  RESOLUTION_STOPPED_STATUSES,
  RESPONSE_EVENTS,
  type TicketClockCommand,
  type TicketClockEffect,
  type TicketClockMetric,
  type TicketTransitionFacts,
} from './effects';
export { canonicalHolidayPreset, presetHolidayDays, validateHolidayPreset } from './holidays';
export {
  DEFAULT_SLA_TARGETS,
  MAX_TARGET_MS,
  type MetricTargets,
  resolveTarget,
  type SlaTarget,
  type SlaTargets,
  type TargetFacts,
  validateSlaTargets,
} from './targets';
