import type { MaintenanceState } from './constants';

// Scheduled maintenance (DESIGN §2.6), pure: scheduled → in_progress → completed, or scheduled →
// cancelled. NOC/admin may start a window early or finish it early; the scheduler starts and completes
// the rest on time. Time is a parameter.

export const MAINTENANCE_EVENTS = ['START', 'COMPLETE', 'CANCEL'] as const;
export type MaintenanceEvent = (typeof MAINTENANCE_EVENTS)[number];

const NEXT: Record<MaintenanceState, Partial<Record<MaintenanceEvent, MaintenanceState>>> = {
  scheduled: { START: 'in_progress', CANCEL: 'cancelled' },
  in_progress: { COMPLETE: 'completed' },
  completed: {},
  cancelled: {},
};

/** The state an event leads to, or null when the event is not allowed in `state`. */
export function nextMaintenanceState(
  state: MaintenanceState,
  event: MaintenanceEvent,
): MaintenanceState | null {
  return NEXT[state][event] ?? null;
}

/** The events a person may send in `state` (the buttons the console shows). */
export function allowedMaintenanceEvents(state: MaintenanceState): MaintenanceEvent[] {
  return MAINTENANCE_EVENTS.filter((event) => NEXT[state][event] !== undefined);
}

export const MAINTENANCE_STATE_LABEL: Record<MaintenanceState, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** What the public reads when a step is taken without a note of its own. */
export const DEFAULT_MAINTENANCE_TEXT: Record<MaintenanceState, string> = {
  scheduled: 'Maintenance is scheduled.',
  in_progress: 'Maintenance is in progress.',
  completed: 'Maintenance is complete.',
  cancelled: 'This maintenance has been cancelled.',
};

export interface MaintenanceTimes {
  state: MaintenanceState;
  scheduledFor: Date;
  scheduledUntil: Date;
  startedAt: Date | null;
  /** When it was scheduled: a window scheduled to start in the past starts no earlier than that. */
  createdAt: Date;
}

export interface DueStep {
  event: Extract<MaintenanceEvent, 'START' | 'COMPLETE'>;
  /** The instant the step is recorded at. */
  at: Date;
}

/**
 * What the scheduler owes a window at `now`, in order: start it once its start has come, complete it once
 * its end has (both, for a window the scheduler slept through). A step is stamped with the announced
 * instant, not with when the sweep happened to run: the window's time is what was announced and worked,
 * and the sweep's lateness (poll interval, a restart) is no fact about the maintenance — uptime excludes
 * exactly the announced window. A window scheduled with a start already past starts when it was
 * scheduled (nobody announced the time before); an early start keeps its own instant; a start made after
 * the announced end completes at that start (a window never ends before it began).
 */
export function dueMaintenanceSteps(m: MaintenanceTimes, now: Date): DueStep[] {
  const t = now.getTime();
  const ends = m.scheduledUntil.getTime() <= t;
  if (m.state === 'scheduled') {
    if (m.scheduledFor.getTime() > t) return [];
    const startAt = new Date(Math.max(m.scheduledFor.getTime(), m.createdAt.getTime()));
    const start: DueStep = { event: 'START', at: startAt };
    const endAt = new Date(Math.max(startAt.getTime(), m.scheduledUntil.getTime()));
    return ends ? [start, { event: 'COMPLETE', at: endAt }] : [start];
  }
  if (m.state === 'in_progress' && ends) {
    const startedAt = m.startedAt?.getTime() ?? m.scheduledFor.getTime();
    return [{ event: 'COMPLETE', at: new Date(Math.max(startedAt, m.scheduledUntil.getTime())) }];
  }
  return [];
}

/** The columns a step changes (the database's CHECK maintenances_state_facts holds the same rule). */
export function stampsOf(event: MaintenanceEvent, at: Date): { startedAt?: Date; completedAt?: Date } {
  if (event === 'START') return { startedAt: at };
  if (event === 'COMPLETE') return { completedAt: at };
  return {};
}
