import type { Impact, Priority, Urgency } from '@/workflows/tickets/constants';
import { priorityFor } from '@/workflows/tickets/priority';

/**
 * Where a ticket's priority came from, in words: "high impact × medium urgency" from the ITIL matrix, or
 * the override and its reason when the priority differs from what the matrix gives.
 */
export function priorityOrigin(t: {
  priority: Priority;
  impact: Impact | null;
  urgency: Urgency | null;
  priorityOverrideReason: string | null;
}): string | null {
  if (!t.impact || !t.urgency) return null;
  const matrix = `${t.impact} impact × ${t.urgency} urgency`;
  const fromMatrix = priorityFor(t.impact, t.urgency);
  if (fromMatrix === t.priority) return matrix;
  const why = t.priorityOverrideReason ? `: ${t.priorityOverrideReason}` : '';
  return `overridden from ${fromMatrix} (${matrix})${why}`;
}
