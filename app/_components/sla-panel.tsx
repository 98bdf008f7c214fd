'use client';

import { useEffect, useState } from 'react';
import type { ClockSummary } from '@/server/services/sla/internal/clock-views';
import { METRIC_LABELS } from '@/workflows/sla/constants';
import { SlaClockBadge } from './sla-clock';
import { clockWording } from './sla-wording';
import { useViewerTimeZone, ZonedTime } from './zoned-time';

/** "now" for the wall-clock figures, refreshed every 30 s (the badge itself ticks every second). */
function useMinuteNow(renderedAt: number) {
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The instant a clock's state is about: when it is due, breached or stopped; none while paused. */
function keyInstant(clock: ClockSummary): { label: string; at: Date | string } | null {
  if (clock.state === 'met' || clock.state === 'met_late')
    return clock.metAt ? { label: clock.state === 'met' ? 'Met' : 'Stopped late', at: clock.metAt } : null;
  if (clock.state === 'breached')
    return clock.breachedAt ? { label: 'Breached', at: clock.breachedAt } : null;
  return clock.dueAt ? { label: 'Due', at: clock.dueAt } : null;
}

const row = 'grid grid-cols-[7.5rem_minmax(0,1fr)] gap-x-2';

function ClockCard(props: {
  clock: ClockSummary;
  now: number;
  renderedAt: number;
  viewerZone: string | null;
  customerZone: string | null;
}) {
  const { clock, now } = props;
  const label = METRIC_LABELS[clock.metric] ?? clock.metric;
  const words = clockWording(clock, now);
  const instant = keyInstant(clock);
  return (
    // Not a region: "Resolution" would then also name a landmark beside the ticket's resolution summary.
    <div data-metric={clock.metric} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="flex flex-wrap items-baseline justify-between gap-x-2">
        <h3 className="font-medium">{label}</h3>
        <span className="inline-flex items-baseline gap-1 text-xs text-muted">
          <span className="text-sm">
            <SlaClockBadge clock={clock} renderedAt={props.renderedAt} />
          </span>
          {clock.state === 'running' && <span>until due</span>}
        </span>
      </div>
      <dl className="mt-2 space-y-1 text-sm">
        <div className={row}>
          <dt className="text-muted">State</dt>
          <dd>{words.state}</dd>
        </div>
        <div className={row}>
          <dt className="text-muted">Target</dt>
          <dd>{words.target}</dd>
        </div>
        <div className={row}>
          <dt className="text-muted">Elapsed</dt>
          <dd>{words.elapsed}</dd>
        </div>
        <div className={row}>
          <dt className="text-muted">Left</dt>
          <dd>{words.left}</dd>
        </div>
        {words.untilDue && (
          <div className={row}>
            <dt className="text-muted">Until due</dt>
            <dd>{words.untilDue}</dd>
          </div>
        )}
        {instant && (
          <>
            <div className={row}>
              <dt className="text-muted">
                {instant.label}{' '}
                <span className="whitespace-nowrap">
                  (your time{props.viewerZone ? `, ${props.viewerZone}` : ''})
                </span>
              </dt>
              <dd data-zone="viewer">
                <ZonedTime instant={instant.at} />
              </dd>
            </div>
            {props.customerZone && (
              <div className={row}>
                <dt className="text-muted">
                  {instant.label} <span className="whitespace-nowrap">(customer, {props.customerZone})</span>
                </dt>
                <dd data-zone="customer">
                  <ZonedTime instant={instant.at} timeZone={props.customerZone} />
                </dd>
              </div>
            )}
          </>
        )}
      </dl>
      {clock.state === 'paused' && (
        <p className="mt-1 text-xs text-muted">Paused: the due time is set again when the clock resumes.</p>
      )}
      <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">{words.explanation}</p>
    </div>
  );
}

/**
 * Every SLA clock of a ticket (DESIGN §2.4 / §4): target, elapsed and left in business time, the live
 * wall-clock countdown, and the due (or breach / stop) time in the viewer's zone and the customer's.
 */
export function SlaPanel(props: {
  clocks: ClockSummary[];
  renderedAt: number;
  /** The customer organisation's zone (organisation.time_zone); null when the reader may not know it. */
  customerTimeZone: string | null;
}) {
  const now = useMinuteNow(props.renderedAt);
  const viewerZone = useViewerTimeZone();
  if (props.clocks.length === 0) return <p className="text-sm text-muted">No SLA applies to this ticket.</p>;
  return (
    <ul className="space-y-3" aria-label="SLA clocks">
      {props.clocks.map((clock) => (
        <li key={clock.id}>
          <ClockCard
            clock={clock}
            now={now}
            renderedAt={props.renderedAt}
            viewerZone={viewerZone}
            customerZone={props.customerTimeZone}
          />
        </li>
      ))}
    </ul>
  );
}
