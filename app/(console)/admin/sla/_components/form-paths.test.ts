import { describe, expect, it } from 'vitest';
import { calendarInput, policyInput } from '@/server/services/sla-policies/schemas';
import { formPaths } from '@/test/form-paths';
import {
  type CalendarFormValues,
  calendarFieldOf,
  calendarFormValues,
  calendarInputOf,
} from './calendar-form';
import { cellsFrom, policyFieldOf, policyFormValues, policyInputOf, targetsFrom } from './policy-form';

// The editors' values ↔ the services' input, and each schema message onto the field of its own row.

/** Where each of the schema's messages lands: the form's path for it, or "(form)" if it has no field. */
function placed(
  issues: { path: PropertyKey[]; message: string }[],
  fieldOf: (p: string) => string,
  paths: string[],
) {
  return issues.map((i) => {
    const path = fieldOf(i.path.map(String).join('.'));
    return paths.includes(path) ? path : '(form)';
  });
}

describe('calendar editor values', () => {
  const stored = {
    id: '7a1c1b34-2bd0-4f5f-9a55-1d2f0e4d9c11',
    name: 'Night shift',
    timeZone: 'Europe/Berlin',
    weekly: [
      { day: 1, start: '22:00', end: '06:00' },
      { day: 2, start: '22:00', end: '06:00' },
    ],
    holidays: ['2026-12-24', '2026-12-31'],
    holidayPreset: { country: 'DE', state: 'BE' },
  };

  it('round-trip a stored calendar into the service input', () => {
    const { id, ...rest } = stored;
    expect(calendarInputOf(calendarFormValues(stored), id)).toEqual({ id, ...rest });
  });

  it('put each problem of an interval under its own row, and the preset under its fields', () => {
    const values: CalendarFormValues = {
      ...calendarFormValues(stored),
      weekly: [
        { day: '1', start: '09:00', end: '17:00' },
        { day: '1', start: '25:00', end: '18:00' },
        { day: '1', start: '12:00', end: '13:00' },
      ],
      holidays: '2026-12-24\n24.12.2026',
      presetCountry: 'D1',
    };
    const result = calendarInput.safeParse(calendarInputOf(values));
    expect(result.success).toBe(false);
    const where = placed(result.error!.issues, calendarFieldOf, formPaths(values));
    expect(where).toEqual(
      expect.arrayContaining(['weekly.1.start', 'weekly.2.start', 'holidays', 'presetCountry']),
    );
    expect(where).not.toContain('(form)');
  });

  it('put a calendar with no hours at all under the working-hours list', () => {
    const values = { ...calendarFormValues(stored), weekly: [] };
    const result = calendarInput.safeParse(calendarInputOf(values));
    expect(placed(result.error!.issues, calendarFieldOf, formPaths(values))).toEqual(['weekly', 'weekly']);
  });
});

describe('SLA policy editor values', () => {
  const calendarId = '7a1c1b34-2bd0-4f5f-9a55-1d2f0e4d9c11';
  const targets = {
    response: { byPriority: { P1: { ms: 15 * 60_000 }, P3: { ms: 4 * 3_600_000, calendarId } } },
    resolution: { bySeverity: { critical: { ms: 8 * 3_600_000 } } },
    handoff_acceptance: { default: { ms: 15 * 60_000 } },
  };

  it('round-trip targets through the grid of cells', () => {
    expect(targetsFrom(cellsFrom(targets))).toEqual(targets);
  });

  it("put each target's problem under its cell in its row, and the thresholds under their field", () => {
    const values = policyFormValues(
      { id: calendarId, name: 'Gold', calendarId, escalationPolicyId: null, targets, warnThresholds: [75] },
      calendarId,
    );
    values.cells.response__byPriority__P3!.minutes = '-5';
    values.cells.handoff_acceptance__default!.minutes = '0';
    values.thresholds = '75, 120';
    const result = policyInput.safeParse(policyInputOf(values));
    expect(result.success).toBe(false);
    expect(placed(result.error!.issues, policyFieldOf, formPaths(values)).sort()).toEqual([
      'cells.handoff_acceptance__default.minutes',
      'cells.response__byPriority__P3.minutes',
      'thresholds',
    ]);
  });

  it("name a target's calendar cell for a server path ending in calendarId", () => {
    expect(policyFieldOf('targets.resolution.byPriority.P3.calendarId')).toBe(
      'cells.resolution__byPriority__P3.calendarId',
    );
    expect(policyFieldOf('targets.noc_action.default.calendarId')).toBe(
      'cells.noc_action__default.calendarId',
    );
    expect(policyFieldOf('targets.response.bySeverity.low.ms')).toBe(
      'cells.response__bySeverity__low.minutes',
    );
  });
});
