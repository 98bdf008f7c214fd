'use client';

import { SlaClockBadge } from '@/app/_components/sla-clock';
import { clockWording, formatDuration } from '@/app/_components/sla-wording';
import { ZonedTime } from '@/app/_components/zoned-time';
import type { PublicClock } from '@/server/services/portal/internal/public-facts';
import { METRIC_LABELS } from '@/workflows/sla/constants';

/** One sentence a customer reads at a glance: how much time is left, or how the SLA ended. */
function verdict(clock: PublicClock): string {
  switch (clock.state) {
    case 'met':
      return 'Met: within the agreed time.';
    case 'met_late':
      return `Breached: done ${formatDuration(-clock.remainingMs)} after the agreed time.`;
    case 'breached':
      return `Breached: ${formatDuration(-clock.remainingMs)} over the agreed time, still counting.`;
    case 'paused':
      return `Paused with ${formatDuration(clock.remainingMs)} left (the ticket is on hold).`;
    default:
      return `${formatDuration(clock.remainingMs)} left.`;
  }
}

/**
 * The customer's SLA clocks (response, resolution): the colour-banded remaining time (DESIGN §4: amber
 * under 1 h, red under 30 min, a minus once breached, grey while paused, ✓ / ✗ when done), the verdict in
 * words, the target and when it is due or ended.
 */
export function PortalClocks({ clocks, renderedAt }: { clocks: PublicClock[]; renderedAt: number }) {
  if (clocks.length === 0) return <p className="text-sm text-muted">No SLA applies to this ticket.</p>;
  return (
    <ul className="grid gap-3 sm:grid-cols-2" aria-label="SLA clocks">
      {clocks.map((clock) => {
        const words = clockWording(clock, renderedAt);
        const ended = clock.metAt ?? (clock.state === 'breached' ? clock.breachedAt : null);
        return (
          <li
            key={clock.metric}
            data-metric={clock.metric}
            className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
          >
            <div className="flex items-baseline justify-between gap-2">
              <h3 className="font-medium">{METRIC_LABELS[clock.metric]}</h3>
              <SlaClockBadge clock={clock} renderedAt={renderedAt} />
            </div>
            <p className="mt-1 text-sm" data-testid="sla-verdict">
              {verdict(clock)}
            </p>
            <dl className="mt-2 grid grid-cols-[6rem_minmax(0,1fr)] gap-x-2 gap-y-1 text-sm">
              <dt className="text-muted">Target</dt>
              <dd>{words.target}</dd>
              {clock.dueAt && clock.state === 'running' && (
                <>
                  <dt className="text-muted">Due</dt>
                  <dd>
                    <ZonedTime instant={clock.dueAt} />
                  </dd>
                </>
              )}
              {ended && (
                <>
                  <dt className="text-muted">{clock.metAt ? 'Ended' : 'Breached'}</dt>
                  <dd>
                    <ZonedTime instant={ended} />
                  </dd>
                </>
              )}
            </dl>
            <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">{words.explanation}</p>
          </li>
        );
      })}
    </ul>
  );
}
