import { describe, expect, it } from 'vitest';
import { MAINTENANCE_STATES } from './constants';
import {
  allowedMaintenanceEvents,
  dueMaintenanceSteps,
  MAINTENANCE_EVENTS,
  type MaintenanceTimes,
  nextMaintenanceState,
} from './maintenance';

const at = (iso: string) => new Date(iso);
const window = (overrides: Partial<MaintenanceTimes> = {}): MaintenanceTimes => ({
  state: 'scheduled',
  scheduledFor: at('2026-11-10T22:00:00Z'),
  scheduledUntil: at('2026-11-11T02:00:00Z'),
  startedAt: null,
  createdAt: at('2026-11-01T09:00:00Z'),
  ...overrides,
});

describe('maintenance lifecycle', () => {
  it('goes scheduled → in_progress → completed, or scheduled → cancelled, and nowhere else', () => {
    const table = Object.fromEntries(
      MAINTENANCE_STATES.map((state) => [
        state,
        Object.fromEntries(MAINTENANCE_EVENTS.map((e) => [e, nextMaintenanceState(state, e)])),
      ]),
    );
    expect(table).toEqual({
      scheduled: { START: 'in_progress', COMPLETE: null, CANCEL: 'cancelled' },
      in_progress: { START: null, COMPLETE: 'completed', CANCEL: null },
      completed: { START: null, COMPLETE: null, CANCEL: null },
      cancelled: { START: null, COMPLETE: null, CANCEL: null },
    });
  });

  it('offers the buttons of each state', () => {
    expect(allowedMaintenanceEvents('scheduled')).toEqual(['START', 'CANCEL']);
    expect(allowedMaintenanceEvents('in_progress')).toEqual(['COMPLETE']);
    expect(allowedMaintenanceEvents('completed')).toEqual([]);
    expect(allowedMaintenanceEvents('cancelled')).toEqual([]);
  });
});

describe('dueMaintenanceSteps', () => {
  it('owes nothing before the window starts, even a millisecond before', () => {
    expect(dueMaintenanceSteps(window(), at('2026-11-10T21:59:59.999Z'))).toEqual([]);
  });

  it('starts a window at its announced start, the instant it comes or later', () => {
    for (const now of ['2026-11-10T22:00:00Z', '2026-11-10T22:00:04Z']) {
      expect(dueMaintenanceSteps(window(), at(now))).toEqual([
        { event: 'START', at: at('2026-11-10T22:00:00Z') },
      ]);
    }
  });

  it('completes a window in progress at its announced end, not at the sweep’s time', () => {
    const running = window({ state: 'in_progress', startedAt: at('2026-11-10T22:00:00Z') });
    expect(dueMaintenanceSteps(running, at('2026-11-11T01:59:59Z'))).toEqual([]);
    expect(dueMaintenanceSteps(running, at('2026-11-11T02:00:07Z'))).toEqual([
      { event: 'COMPLETE', at: at('2026-11-11T02:00:00Z') },
    ]);
  });

  it('starts and completes a window the scheduler slept through', () => {
    expect(dueMaintenanceSteps(window(), at('2026-11-12T08:00:00Z'))).toEqual([
      { event: 'START', at: at('2026-11-10T22:00:00Z') },
      { event: 'COMPLETE', at: at('2026-11-11T02:00:00Z') },
    ]);
  });

  it('starts a window scheduled with a start already past at the moment it was scheduled', () => {
    const backdated = window({ createdAt: at('2026-11-10T23:30:00Z') });
    expect(dueMaintenanceSteps(backdated, at('2026-11-10T23:30:02Z'))).toEqual([
      { event: 'START', at: at('2026-11-10T23:30:00Z') },
    ]);
  });

  it('never completes before a late manual start', () => {
    const late = window({ state: 'in_progress', startedAt: at('2026-11-11T03:00:00Z') });
    expect(dueMaintenanceSteps(late, at('2026-11-11T03:00:01Z'))).toEqual([
      { event: 'COMPLETE', at: at('2026-11-11T03:00:00Z') },
    ]);
  });

  it('owes finished windows nothing', () => {
    const now = at('2026-11-12T00:00:00Z');
    expect(dueMaintenanceSteps(window({ state: 'completed' }), now)).toEqual([]);
    expect(dueMaintenanceSteps(window({ state: 'cancelled' }), now)).toEqual([]);
  });
});
