import { formatLocalDate } from '../sla/civil';
import { DAY_MS, MINUTE_MS } from '../sla/constants';
import { offsetAt } from '../sla/zone';
import type { ComponentStatus } from './constants';
import {
  type DowntimeStatus,
  formatUptime,
  type ImpactWeights,
  localDayWindow,
  type StatusSpan,
  type TimeWindow,
  uptimeIn,
} from './uptime';

// The status page's uptime bars (DESIGN §2.6), pure: one bar per component and local day of the
// organisation, with the same maths as the monthly report (uptimeIn), so a bar and a report never disagree.

export interface BarIncident {
  id: string;
  name: string;
}

export interface UptimeDay {
  /** The organisation's local date, YYYY-MM-DD. */
  date: string;
  /** formatUptime of the day: never "100.00" with downtime; null when nothing could be counted. */
  uptime: string | null;
  /** What the bar shows: the worst downtime status of the day, else maintenance, else operational. */
  status: ComponentStatus | null;
  /** Wall-clock minutes in each downtime status, rounded up (a 20-second outage is one minute, not zero). */
  downtimeMinutes: Record<DowntimeStatus, number>;
  maintenanceMinutes: number;
  /** The incidents whose published statuses touched this component on this day. */
  incidents: BarIncident[];
}

export interface ComponentBars {
  componentId: string;
  /** Uptime over all the bars' days. */
  uptime: string | null;
  days: UptimeDay[];
}

export interface UptimeBarsInput {
  timeZone: string;
  /** How many local days, ending with today. */
  days: number;
  now: number;
  weights: ImpactWeights;
  componentIds: readonly string[];
  spans: ReadonlyMap<string, readonly StatusSpan[]>;
  maintenance: ReadonlyMap<string, readonly TimeWindow[]>;
  /** Each incident with the spans it set, per component (incidentSpans). */
  incidents: readonly (BarIncident & { spans: ReadonlyMap<string, readonly StatusSpan[]> })[];
}

/** The local day (days since 1970-01-01) an instant falls on in `timeZone`. */
export function localDayOf(timeZone: string, instant: number): number {
  return Math.floor((instant + offsetAt(timeZone, instant)) / DAY_MS);
}

const minutes = (ms: number) => Math.ceil(ms / MINUTE_MS);

const overlaps = (span: StatusSpan, window: TimeWindow, now: number) =>
  span.start < Math.min(window.end, now) && (span.end ?? now) > window.start;

export function uptimeBars(input: UptimeBarsInput): ComponentBars[] {
  const today = localDayOf(input.timeZone, input.now);
  const windows = Array.from({ length: input.days }, (_, i) => {
    const day = today - input.days + 1 + i;
    return { day, window: localDayWindow(input.timeZone, day) };
  });
  const whole: TimeWindow = { start: windows[0]!.window.start, end: windows.at(-1)!.window.end };
  return input.componentIds.map((componentId) => {
    const spans = input.spans.get(componentId) ?? [];
    const maintenance = input.maintenance.get(componentId) ?? [];
    const touching = input.incidents.flatMap((incident) => {
      const own = incident.spans.get(componentId);
      return own?.length ? [{ id: incident.id, name: incident.name, spans: own }] : [];
    });
    const days = windows.map(({ day, window }): UptimeDay => {
      const figures = uptimeIn(window, spans, maintenance, input.now, input.weights);
      const { byStatus } = figures;
      const status: ComponentStatus | null =
        byStatus.major_outage > 0
          ? 'major_outage'
          : byStatus.partial_outage > 0
            ? 'partial_outage'
            : byStatus.degraded_performance > 0
              ? 'degraded_performance'
              : figures.maintenanceMs > 0
                ? 'under_maintenance'
                : figures.uptime === null
                  ? null
                  : 'operational';
      return {
        date: formatLocalDate(day),
        uptime: formatUptime(figures),
        status,
        downtimeMinutes: {
          major_outage: minutes(byStatus.major_outage),
          partial_outage: minutes(byStatus.partial_outage),
          degraded_performance: minutes(byStatus.degraded_performance),
        },
        maintenanceMinutes: minutes(figures.maintenanceMs),
        incidents: touching
          .filter((t) => t.spans.some((s) => overlaps(s, window, input.now)))
          .map(({ id, name }) => ({ id, name })),
      };
    });
    return {
      componentId,
      uptime: formatUptime(uptimeIn(whole, spans, maintenance, input.now, input.weights)),
      days,
    };
  });
}
