import { eq, inArray } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import { businessCalendars, slaClocks } from '../../../../db/schema';
import { CALENDAR_24X7 } from '../../../../workflows/sla/calendar';
import { isRoundTheClock, weeklyHoursText } from '../../../../workflows/sla/calendar-summary';
import { clockView } from '../../../../workflows/sla/clock';
import type { ClockState, SlaMetric } from '../../../../workflows/sla/constants';
import { isCustomerFacing } from '../../../../workflows/sla/display';
import { calendarOf } from './clock-rows';

/** What readers get for a clock: business-time figures at `now`, instants as Dates. */
export interface ClockSummary {
  id: string;
  metric: SlaMetric;
  subjectKey: string;
  state: ClockState;
  targetMs: number;
  elapsedMs: number;
  /** Negative once breached (the overrun keeps counting until the clock stops). */
  remainingMs: number;
  percent: number;
  counting: boolean;
  dueAt: Date | null;
  startedAt: Date;
  pausedAt: Date | null;
  breachedAt: Date | null;
  metAt: Date | null;
  /** The business calendar's name ('24×7' when the clock has none). */
  calendar: string;
  /** The calendar's IANA zone: its working hours are wall-clock times there. */
  calendarTimeZone: string;
  /** The working hours in words ("Mon–Fri 09:00–17:00"); null when business time is wall-clock time. */
  businessHours: string | null;
  /** Whether holidays (dates or a country preset) are left out of business time too. */
  excludesHolidays: boolean;
}

const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * Clocks of many tickets in one query, keyed by ticket. Customers see their SLAs (response, resolution)
 * but not the operator's internal OLAs.
 */
export async function clocksOfTickets(
  db: Reader,
  ticketIds: readonly string[],
  now: Date,
  options: { includeOlas: boolean },
): Promise<Map<string, ClockSummary[]>> {
  const byTicket = new Map<string, ClockSummary[]>();
  if (ticketIds.length === 0) return byTicket;
  const rows = await db
    .select({ clock: slaClocks, calendar: businessCalendars })
    .from(slaClocks)
    .leftJoin(businessCalendars, eq(businessCalendars.id, slaClocks.calendarId))
    .where(inArray(slaClocks.ticketId, [...ticketIds]));
  for (const { clock, calendar } of rows) {
    if (!options.includeOlas && !isCustomerFacing(clock.metric)) continue;
    const view = clockView(clock.machine, calendarOf(calendar), now);
    const excludesHolidays = Boolean(calendar && (calendar.holidays.length > 0 || calendar.holidayPreset));
    // 24×7 without holidays: business time is wall-clock time, and the panel need not explain it.
    const wallClock = !calendar || (isRoundTheClock(calendar.weekly) && !excludesHolidays);
    const summary: ClockSummary = {
      id: clock.id,
      metric: clock.metric,
      subjectKey: clock.subjectKey,
      state: view.state,
      targetMs: view.targetMs,
      elapsedMs: view.elapsedMs,
      remainingMs: view.remainingMs,
      percent: view.percent,
      counting: view.counting,
      dueAt: toDate(view.dueAt),
      startedAt: new Date(view.startedAt),
      pausedAt: toDate(view.pausedAt),
      breachedAt: toDate(view.breachedAt),
      metAt: toDate(view.metAt),
      calendar: calendar?.name ?? '24×7',
      calendarTimeZone: calendar?.timeZone ?? CALENDAR_24X7.timeZone,
      businessHours: !calendar || wallClock ? null : weeklyHoursText(calendar.weekly),
      excludesHolidays,
    };
    byTicket.set(clock.ticketId, [...(byTicket.get(clock.ticketId) ?? []), summary]);
  }
  for (const list of byTicket.values()) list.sort((a, b) => metricOrder(a.metric) - metricOrder(b.metric));
  return byTicket;
}

const metricOrder = (metric: SlaMetric) =>
  ['response', 'resolution', 'handoff_acceptance', 'noc_action'].indexOf(metric);

/** The OLA clock of one handoff or NOC action (its subject) among a ticket's clocks. */
export function subjectClock(
  clocks: readonly ClockSummary[] | undefined,
  metric: SlaMetric,
  subjectKey: string,
): ClockSummary | null {
  return clocks?.find((c) => c.metric === metric && c.subjectKey === subjectKey) ?? null;
}

/** The clock that needs attention first: a counting one with the least remaining time. */
export function mostUrgent(clocks: readonly ClockSummary[] | undefined): ClockSummary | null {
  const counting = (clocks ?? []).filter((c) => c.counting);
  return counting.reduce<ClockSummary | null>(
    (best, c) => (best === null || c.remainingMs < best.remainingMs ? c : best),
    null,
  );
}
