import type { BusinessCalendarRow } from '../../../../db/schema';
import { type BusinessCalendar, CALENDAR_24X7 } from '../../../../workflows/sla/calendar';
import type { ClockCheck, ClockRow } from '../../../../workflows/sla/clock';

/** A calendar row as the SLA maths wants it; no calendar means 24×7. */
export function calendarOf(
  row: Pick<BusinessCalendarRow, 'timeZone' | 'weekly' | 'holidays' | 'holidayPreset'> | null | undefined,
): BusinessCalendar {
  if (!row) return CALENDAR_24X7;
  return {
    timeZone: row.timeZone,
    weekly: row.weekly,
    holidays: row.holidays,
    holidayPreset: row.holidayPreset ?? undefined,
  };
}

const at = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The sla_clocks column values of a pure ClockRow (epoch ms → timestamps). */
export function clockColumns(row: ClockRow) {
  return {
    state: row.state,
    targetMs: row.targetMs,
    elapsedMs: row.elapsedMs,
    startedAt: new Date(row.startedAt),
    dueAt: at(row.dueAt),
    nextCheckAt: at(row.nextCheckAt),
    pausedAt: at(row.pausedAt),
    breachedAt: at(row.breachedAt),
    metAt: at(row.metAt),
    warned: row.warned,
  };
}

/** The unique key of a fired check: a threshold or the breach fires once per clock, ever. */
export function checkKey(clockId: string, check: ClockCheck): string {
  return check.kind === 'warn' ? `clock:${clockId}:warn:${check.threshold}` : `clock:${clockId}:breach`;
}

/** The audit event a fired check appends to the ticket's timeline. */
export function checkEvent(metric: string, check: ClockCheck) {
  return check.kind === 'warn'
    ? {
        type: 'sla.warning',
        payload: { metric, threshold: check.threshold, dueAt: new Date(check.dueAt).toISOString() },
      }
    : { type: 'sla.breached', payload: { metric, dueAt: new Date(check.dueAt).toISOString() } };
}
