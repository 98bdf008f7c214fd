'use client';

import {
  AlarmClock,
  CircleAlert,
  CircleCheck,
  CirclePause,
  CircleX,
  Clock,
  type LucideIcon,
} from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ClockSummary } from '@/server/services/sla/internal/clock-views';
import { type ClockBand, clockBand } from '@/workflows/sla/display';
import { formatDuration } from './sla-wording';

// Re-exported: queue and panel code import the duration format from here.
export { formatDuration };

/**
 * Remaining time as support staff read it (DESIGN §2.4 / §4): neutral above 1 h, amber under 1 h, red under
 * 30 min, red with a minus sign once breached, grey while paused, met / missed when done — each with an
 * icon and a word, never colour alone. Counting clocks tick down live (wall time to the due instant, which
 * the server computed in business time).
 */
const BAND_LOOK: Record<ClockBand, { className: string; Icon: LucideIcon; word: string }> = {
  met: { className: 'text-emerald-700 dark:text-emerald-400', Icon: CircleCheck, word: 'met' },
  missed: { className: 'text-red-700 dark:text-red-400', Icon: CircleX, word: 'missed' },
  paused: { className: 'text-zinc-600 dark:text-zinc-400', Icon: CirclePause, word: 'paused' },
  breached: {
    className: 'font-semibold text-red-700 dark:text-red-400',
    Icon: CircleAlert,
    word: 'breached',
  },
  red: { className: 'font-semibold text-red-700 dark:text-red-400', Icon: AlarmClock, word: 'due soon' },
  amber: { className: 'text-amber-700 dark:text-amber-400', Icon: Clock, word: 'under 1 h' },
  neutral: { className: 'text-zinc-700 dark:text-zinc-300', Icon: Clock, word: 'on track' },
};

function useNow(enabled: boolean) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    if (!enabled) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [enabled]);
  return now;
}

/** What the badge reads of a clock: the services' ClockSummary, or the portal's public clock. */
type BadgeClock = Pick<ClockSummary, 'state' | 'counting' | 'dueAt' | 'remainingMs'>;

function remainingAt(clock: BadgeClock, now: number | null, renderedAt: number): number {
  if (!clock.counting || now === null) return clock.remainingMs;
  if (clock.state === 'running' && clock.dueAt) return new Date(clock.dueAt).getTime() - now;
  // Breached: the overrun grows with time (wall time here; the server's figure is business time).
  return clock.remainingMs - (now - renderedAt);
}

export function SlaClockBadge({ clock, renderedAt }: { clock: BadgeClock; renderedAt: number }) {
  const now = useNow(clock.counting);
  const remaining = remainingAt(clock, now, renderedAt);
  const band = clockBand(clock.state, remaining);
  const { className, Icon, word } = BAND_LOOK[band];
  const done = band === 'met' || band === 'missed';
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap text-sm ${className}`}
      data-clock-state={clock.state}
      data-band={band}
    >
      <Icon aria-hidden className="size-3.5 shrink-0" />
      {done ? word : formatDuration(remaining)}
      {/* A paused clock says so in words: its figure stands still, which grey alone would not tell. */}
      {band === 'paused' ? <span> paused</span> : !done && <span className="sr-only"> ({word})</span>}
    </span>
  );
}
