// What the SLA panel says about a clock, in words (pure, so it is tested without a DOM). The figures a
// clock's policy measures (target, elapsed, left) are business time; the countdown to the due instant is
// wall-clock time. On a business calendar the two differ ("1 d 0 h" target, "2 d 14 h" until due), so the
// panel names which is which and the calendar that makes the difference.
import type { ClockState } from '@/workflows/sla/constants';

export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${sign}${days} d ${hours} h`;
  if (hours > 0) return `${sign}${hours} h ${mins} min`;
  return `${sign}${mins} min`;
}

/** What the wording needs of a clock (the services' ClockSummary carries these and more). */
export interface WordedClock {
  state: ClockState;
  targetMs: number;
  elapsedMs: number;
  remainingMs: number;
  percent: number;
  dueAt: Date | string | null;
  calendar: string;
  calendarTimeZone: string;
  businessHours: string | null;
  excludesHolidays: boolean;
}

export interface ClockWording {
  /** "Running", "Paused", "Breached", "Met", "Missed". */
  state: string;
  target: string;
  elapsed: string;
  /** Business time left (or overrun, or "—" once stopped). */
  left: string;
  /** Wall-clock time until the due instant, while the clock runs; null otherwise. */
  untilDue: string | null;
  /** Which figures are business time and which wall-clock, and the calendar; one sentence or two. */
  explanation: string;
}

const STATE_WORD: Record<ClockState, string> = {
  running: 'Running',
  paused: 'Paused',
  breached: 'Breached',
  met: 'Met',
  met_late: 'Missed',
};

/** The clock's figures in words at `now` (epoch ms): business time labelled as such where it differs. */
export function clockWording(clock: WordedClock, now: number): ClockWording {
  const business = clock.businessHours !== null;
  const unit = business ? ' business time' : '';
  const stopped = clock.state === 'met' || clock.state === 'met_late';
  let left: string;
  if (stopped) left = '—';
  else if (clock.remainingMs < 0 || clock.state === 'breached')
    left = `overrun ${formatDuration(Math.abs(clock.remainingMs))}${unit}`;
  else left = `${formatDuration(clock.remainingMs)}${unit}${clock.state === 'paused' ? ' (paused)' : ''}`;
  const due = clock.dueAt === null ? null : new Date(clock.dueAt).getTime();
  const untilDue =
    clock.state === 'running' && due !== null
      ? `${formatDuration(due - now)}${business ? ' wall-clock' : ''}`
      : null;
  return {
    state: STATE_WORD[clock.state] ?? clock.state,
    target: `${formatDuration(clock.targetMs)}${unit}`,
    elapsed: `${formatDuration(clock.elapsedMs)}${unit} (${Math.round(clock.percent)} %)`,
    left,
    untilDue,
    explanation: explain(clock),
  };
}

function explain(clock: WordedClock): string {
  if (clock.businessHours === null) {
    return 'Counts round the clock (24×7): business time and wall-clock time are the same.';
  }
  const holidays = clock.excludesHolidays ? ', except holidays' : '';
  return (
    `Business time counts only ${clock.businessHours} ${clock.calendarTimeZone}${holidays} ` +
    `(calendar “${clock.calendar}”). Target, elapsed and left are business time; ` +
    '“until due” is wall-clock time to the due moment.'
  );
}
