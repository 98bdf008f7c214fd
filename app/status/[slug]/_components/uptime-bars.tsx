import { COMPONENT_STATUS_LABEL } from '@/workflows/status/constants';
import type { ComponentBars, UptimeDay } from '@/workflows/status/uptime-bars';
import styles from './uptime-bars.module.css';

const DOWNTIME_WORDS = [
  ['major_outage', 'major outage'],
  ['partial_outage', 'partial outage'],
  ['degraded_performance', 'degraded'],
] as const;

/** What a day's bar says, in words: the tooltip, and the accessible name of the bar. */
export function describeDay(day: UptimeDay): string {
  if (day.uptime === null) return `${day.date}: no data`;
  const parts = [`${day.date}: ${day.uptime} % uptime`];
  const downtime = DOWNTIME_WORDS.filter(([key]) => day.downtimeMinutes[key] > 0).map(
    ([key, word]) => `${day.downtimeMinutes[key]} min ${word}`,
  );
  parts.push(downtime.length ? downtime.join(', ') : 'no downtime');
  if (day.maintenanceMinutes > 0) parts.push(`${day.maintenanceMinutes} min maintenance`);
  if (day.incidents.length) parts.push(`incidents: ${day.incidents.map((i) => i.name).join('; ')}`);
  return parts.join(' · ');
}

/**
 * 90 days of a component, oldest first. Each day is focusable and named in words (date, uptime, downtime
 * minutes by status, incidents) and shows it as a tooltip on hover and on keyboard focus; its colour is
 * the day's worst status, and the words say it too.
 */
export function UptimeBars({ bars, name }: { bars: ComponentBars; name: string }) {
  return (
    <div className="mt-2">
      <ol aria-label={`${name}, uptime of the last ${bars.days.length} days`} className="flex h-8 gap-px">
        {bars.days.map((day, i) => {
          const label = describeDay(day);
          const status = day.status ? COMPONENT_STATUS_LABEL[day.status] : 'No data';
          // The tooltip is the accessible name itself, drawn by CSS (content: attr(aria-label)): the words
          // are sent once per day, and hover, focus and screen readers say the same.
          return (
            <li key={day.date} className="flex-1">
              <button
                type="button"
                aria-label={`${label} (${status})`}
                data-testid="uptime-day"
                data-date={day.date}
                data-status={day.status ?? 'none'}
                data-half={i < bars.days.length / 2 ? 'start' : 'end'}
                className={styles.day}
              />
            </li>
          );
        })}
      </ol>
      <p className="mt-1 flex justify-between text-xs text-muted">
        <span>{bars.days.length} days ago</span>
        <span>{bars.uptime === null ? 'No data' : `${bars.uptime} % uptime`}</span>
        <span>Today</span>
      </p>
    </div>
  );
}
