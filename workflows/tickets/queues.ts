// Queue vocabulary: how ticket lists sort and filter, and the console's saved views. Drizzle-free and
// I/O-free: the list service's schema, the queue pages and their filter forms import it.
import { AMBER_BAND_MS, type ClockState, MINUTE_MS } from '../sla/constants';

/**
 * `urgency`: the ticket's next SLA deadline first (breached clocks are past due, so they lead), tickets
 * without a counting clock last; `priority`: P1 first, then by urgency; the others by their instant.
 */
export const TICKET_SORTS = ['urgency', 'priority', 'newest', 'oldest', 'updated'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export const TICKET_SORT_LABELS: Record<TicketSort, string> = {
  urgency: 'SLA due first',
  priority: 'Priority',
  newest: 'Newest',
  oldest: 'Oldest',
  updated: 'Recently updated',
};

/** "Has a clock that is …": a filter over the ticket's SLA clocks (those the viewer may see). */
export const CLOCK_FILTERS = ['running', 'paused', 'breached', 'met'] as const;
export type ClockFilter = (typeof CLOCK_FILTERS)[number];

/** The clock states each filter matches: a clock met after its breach still counts as breached. */
export const CLOCK_FILTER_STATES: Record<ClockFilter, readonly ClockState[]> = {
  running: ['running'],
  paused: ['paused'],
  breached: ['breached', 'met_late'],
  met: ['met'],
};

export const CLOCK_FILTER_LABELS: Record<ClockFilter, string> = {
  running: 'Running',
  paused: 'Paused',
  breached: 'Breached or missed',
  met: 'Met',
};

/** What "Breaching soon" means: the next deadline within the amber band (an hour), or already past. */
export const BREACHING_SOON_MINUTES = AMBER_BAND_MS / MINUTE_MS;
/** The furthest ahead a "due within" filter may look (a week). */
export const MAX_DUE_WITHIN_MINUTES = 7 * 24 * 60;
