import type { Impact } from '../tickets/constants';

// Status-page vocabulary, ordered from best to worst. Drizzle-free: client components import it.
export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const COMPONENT_STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/** A page's indicator is its worst component. */
export function worstStatus(statuses: readonly ComponentStatus[]): ComponentStatus {
  return statuses.reduce<ComponentStatus>(
    (worst, s) => (COMPONENT_STATUSES.indexOf(s) > COMPONENT_STATUSES.indexOf(worst) ? s : worst),
    'operational',
  );
}

/**
 * Until outages publish explicit component statuses (status-page issue), an open outage marks its
 * services by its impact.
 */
export function statusForOpenOutage(impact: Impact): ComponentStatus {
  return impact === 'high' ? 'major_outage' : impact === 'medium' ? 'partial_outage' : 'degraded_performance';
}
