import type { ComponentStatus, PublicIncidentStatus } from './constants';

/**
 * What an incident's updates so far set on each service (component-history.ts: a service keeps what an
 * earlier update set until another lists it; `resolved` ends all): the defaults of the next update's
 * form. A service never set is absent: its status is chosen explicitly the first time.
 */
export function statusesSoFar(
  oldestFirst: readonly {
    status: PublicIncidentStatus;
    components: readonly { serviceId: string; status: ComponentStatus }[];
  }[],
): Record<string, ComponentStatus> {
  const current: Record<string, ComponentStatus> = {};
  for (const update of oldestFirst) {
    if (update.status === 'resolved') for (const key of Object.keys(current)) current[key] = 'operational';
    for (const c of update.components) current[c.serviceId] = c.status;
  }
  return current;
}
