import { daysFromCivil } from '../sla/civil';
import { wallTimeToUtc } from '../sla/zone';
import { COMPONENT_STATUSES, type ComponentStatus } from './constants';

// Availability maths for status pages and monthly SLA reports (DESIGN §2.6), pure: instants are epoch
// milliseconds, "now" is a parameter, days are the organisation's local days.

/** Statuses that count as downtime, each with the share of its time that counts. */
export type DowntimeStatus = 'major_outage' | 'partial_outage' | 'degraded_performance';
export type ImpactWeights = Record<DowntimeStatus, number>;

export const DEFAULT_IMPACT_WEIGHTS: ImpactWeights = Object.freeze({
  major_outage: 1,
  partial_outage: 0.3,
  degraded_performance: 0,
});

/** A component's status from `start` until `end` (exclusive); `end: null` while it lasts. */
export interface StatusSpan {
  start: number;
  end: number | null;
  status: ComponentStatus;
}

export interface TimeWindow {
  start: number;
  end: number;
}

export interface UptimeFigures {
  /** The part of the window that has happened (it ends at `now` at the latest). */
  elapsedMs: number;
  /** Scheduled maintenance, and time marked under maintenance: excluded from the ratio. */
  maintenanceMs: number;
  /** Wall-clock time in each downtime status outside maintenance (worst status wins an overlap). */
  byStatus: Record<DowntimeStatus, number>;
  /** Σ time × weight of its status. */
  downtimeMs: number;
  /** 1 − downtime / (elapsed − maintenance); null when nothing was counted (a future day, all maintenance). */
  uptime: number | null;
}

const rank = (status: ComponentStatus) => COMPONENT_STATUSES.indexOf(status);

function isDowntime(status: ComponentStatus): status is DowntimeStatus {
  return status === 'major_outage' || status === 'partial_outage' || status === 'degraded_performance';
}

/**
 * Uptime of one component over `window` up to `now`. At each instant the worst status among the spans
 * covering it counts (two overlapping outages are not two downtimes); scheduled maintenance, and any time
 * the component was marked under maintenance, is taken out of both the downtime and the denominator.
 */
export function uptimeIn(
  window: TimeWindow,
  spans: readonly StatusSpan[],
  maintenance: readonly TimeWindow[],
  now: number,
  weights: ImpactWeights = DEFAULT_IMPACT_WEIGHTS,
): UptimeFigures {
  const start = window.start;
  const end = Math.min(window.end, now);
  const figures: UptimeFigures = {
    elapsedMs: Math.max(0, end - start),
    maintenanceMs: 0,
    byStatus: { major_outage: 0, partial_outage: 0, degraded_performance: 0 },
    downtimeMs: 0,
    uptime: null,
  };
  if (end <= start) return figures;
  const clip = (from: number, to: number | null): TimeWindow | null => {
    const a = Math.max(from, start);
    const b = Math.min(to ?? end, end);
    return b > a ? { start: a, end: b } : null;
  };
  const statusSpans = spans.flatMap((s) => {
    const clipped = clip(s.start, s.end);
    return clipped ? [{ ...clipped, status: s.status }] : [];
  });
  const excluded = maintenance.flatMap((m) => {
    const clipped = clip(m.start, m.end);
    return clipped ? [clipped] : [];
  });
  const cuts = [
    ...new Set([
      start,
      end,
      ...statusSpans.flatMap((s) => [s.start, s.end]),
      ...excluded.flatMap((m) => [m.start, m.end]),
    ]),
  ].sort((a, b) => a - b);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    const covers = (w: TimeWindow) => w.start <= a && w.end >= b;
    const worst = statusSpans
      .filter(covers)
      .reduce<ComponentStatus>((w, s) => (rank(s.status) > rank(w) ? s.status : w), 'operational');
    if (worst === 'under_maintenance' || excluded.some(covers)) {
      figures.maintenanceMs += b - a;
    } else if (isDowntime(worst)) {
      figures.byStatus[worst] += b - a;
      figures.downtimeMs += (b - a) * weights[worst];
    }
  }
  const counted = figures.elapsedMs - figures.maintenanceMs;
  figures.uptime = counted > 0 ? 1 - figures.downtimeMs / counted : null;
  return figures;
}

/** Local day `day` (days since 1970-01-01) in `timeZone`: 23, 24 or 25 hours around DST changes. */
export function localDayWindow(timeZone: string, day: number): TimeWindow {
  return { start: wallTimeToUtc(timeZone, day, 0), end: wallTimeToUtc(timeZone, day + 1, 0) };
}

/** Local calendar month (`month` 1–12) in `timeZone`. */
export function localMonthWindow(timeZone: string, year: number, month: number): TimeWindow {
  const first = daysFromCivil(year, month, 1);
  const next = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  return { start: wallTimeToUtc(timeZone, first, 0), end: wallTimeToUtc(timeZone, next, 0) };
}

/**
 * An uptime ratio as a percentage with `decimals` places, rounded down, and never "100" when any weighted
 * downtime exists: 99.99996 % with downtime reads 99.99, not 100.00.
 */
export function formatUptime(
  figures: Pick<UptimeFigures, 'uptime' | 'downtimeMs'>,
  decimals = 2,
): string | null {
  if (figures.uptime === null) return null;
  const scale = 10 ** (decimals + 2);
  const exact = figures.uptime * scale;
  // Floor, forgiving binary representation (0.999 × 10⁴ is 9989.999…): within 1e-9 of the next step is it.
  let steps = Math.floor(exact);
  if (exact - steps > 1 - 1e-9) steps += 1;
  if (figures.downtimeMs > 0 && steps >= scale) steps = scale - 1;
  return (steps / 10 ** decimals).toFixed(decimals);
}

/** A contract's service credit: uptime below `belowPercent` earns `creditPercent` of the month's fee. */
export interface CreditTier {
  belowPercent: number;
  creditPercent: number;
}

/**
 * The credit a month's uptime earns: the largest tier it falls below, or 0. Unrounded uptime decides; exactly
 * at a threshold (99.9 % as 0.999 × 100 = 99.899…9 in binary) is not below it.
 */
export function creditFor(uptime: number | null, tiers: readonly CreditTier[]): number {
  if (uptime === null) return 0;
  const percent = uptime * 100;
  return tiers.reduce(
    (credit, tier) => (percent < tier.belowPercent - 1e-9 ? Math.max(credit, tier.creditPercent) : credit),
    0,
  );
}
