import type { Impact, Priority, Urgency } from './constants';

// ITIL priority matrix: rows are impact, columns urgency.
const MATRIX: Record<Impact, Record<Urgency, Priority>> = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};

export function priorityFor(impact: Impact, urgency: Urgency): Priority {
  return MATRIX[impact][urgency];
}
