// How SLA clocks read to support staff (DESIGN §2.4 / §4): colour bands and what a queue shows. Pure and
// drizzle-free: the console's server and client components both import it.
import { AMBER_BAND_MS, type ClockState, CUSTOMER_METRICS, RED_BAND_MS, type SlaMetric } from './constants';

/** What display needs of a clock (the services' ClockSummary carries these and more). */
export interface DisplayedClock {
  metric: SlaMetric;
  state: ClockState;
  /** Running or breached: time is passing against it. */
  counting: boolean;
  /** Business time left; negative once breached. */
  remainingMs: number;
}

export type ClockBand = 'met' | 'missed' | 'paused' | 'breached' | 'red' | 'amber' | 'neutral';

/** The band of a clock with `remainingMs` left (passed apart: a counting clock ticks down in the browser). */
export function clockBand(state: ClockState, remainingMs: number): ClockBand {
  if (state === 'met') return 'met';
  if (state === 'met_late') return 'missed';
  if (state === 'paused') return 'paused';
  if (state === 'breached' || remainingMs < 0) return 'breached';
  if (remainingMs < RED_BAND_MS) return 'red';
  if (remainingMs < AMBER_BAND_MS) return 'amber';
  return 'neutral';
}

export function isCustomerFacing(metric: SlaMetric): boolean {
  return (CUSTOMER_METRICS as readonly SlaMetric[]).includes(metric);
}

/** Counting and in the amber or red band, or breached: exactly the clocks shown in colour. */
export function isUrgent(clock: DisplayedClock): boolean {
  if (!clock.counting) return false;
  const band = clockBand(clock.state, clock.remainingMs);
  return band === 'amber' || band === 'red' || band === 'breached';
}

const byRemaining = (a: DisplayedClock, b: DisplayedClock) => a.remainingMs - b.remainingMs;
const customerFirst = (a: DisplayedClock, b: DisplayedClock) =>
  Number(isCustomerFacing(b.metric)) - Number(isCustomerFacing(a.metric));

/**
 * The clocks a queue's "Next SLA" column shows, in order:
 * - every urgent clock, the customer-facing SLAs first (what the customer's contract measures), then the
 *   internal OLAs, each group by least time left;
 * - otherwise the counting clock with the least time left;
 * - otherwise a paused clock (grey), so a ticket on hold shows its stopped SLA rather than nothing;
 * - otherwise none (every clock done, or no SLA applies).
 */
export function queueClocks<C extends DisplayedClock>(clocks: readonly C[]): C[] {
  const urgent = clocks.filter(isUrgent);
  if (urgent.length > 0) return urgent.sort((a, b) => customerFirst(a, b) || byRemaining(a, b));
  const next = clocks.filter((c) => c.counting).sort(byRemaining)[0];
  if (next) return [next];
  const paused = clocks.filter((c) => c.state === 'paused').sort(customerFirst)[0];
  return paused ? [paused] : [];
}
