import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIORITIES, SEVERITIES } from '@/workflows/tickets/constants';
import { HOUR_MS, MINUTE_MS, SLA_METRICS } from './constants';
import {
  DEFAULT_SLA_TARGETS,
  resolveTarget,
  type SlaTargets,
  targetCalendarIds,
  validateSlaTargets,
} from './targets';

const CALENDAR_24X7 = '6f1c0a52-3d4e-4b8a-9c1d-2e3f4a5b6c7d';

const targets: SlaTargets = {
  response: {
    byPriority: { P1: { ms: 15 * MINUTE_MS }, P2: { ms: 30 * MINUTE_MS } },
    bySeverity: { critical: { ms: 10 * MINUTE_MS, calendarId: CALENDAR_24X7 } },
  },
  resolution: { byPriority: { P1: { ms: 4 * HOUR_MS } }, default: { ms: 72 * HOUR_MS } },
  handoff_acceptance: { default: { ms: 15 * MINUTE_MS } },
};

describe('resolveTarget', () => {
  it('outages use the priority table', () => {
    expect(resolveTarget(targets, 'response', { priority: 'P1' })).toEqual({ ms: 15 * MINUTE_MS });
    expect(resolveTarget(targets, 'response', { priority: 'P2', severity: null })).toEqual({
      ms: 30 * MINUTE_MS,
    });
  });

  it('security incidents use their severity, falling back to the priority', () => {
    expect(resolveTarget(targets, 'response', { priority: 'P2', severity: 'critical' })).toEqual({
      ms: 10 * MINUTE_MS,
      calendarId: CALENDAR_24X7,
    });
    expect(resolveTarget(targets, 'response', { priority: 'P2', severity: 'low' })).toEqual({
      ms: 30 * MINUTE_MS,
    });
  });

  it('falls back to the default, else no SLA for that metric', () => {
    expect(resolveTarget(targets, 'resolution', { priority: 'P3' })).toEqual({ ms: 72 * HOUR_MS });
    expect(resolveTarget(targets, 'response', { priority: 'P4' })).toBeNull();
    expect(resolveTarget(targets, 'noc_action', { priority: 'P1' })).toBeNull();
    expect(resolveTarget(targets, 'handoff_acceptance', { priority: 'P4' })).toEqual({ ms: 15 * MINUTE_MS });
    expect(resolveTarget({}, 'response', { priority: 'P1' })).toBeNull();
  });

  it('the default policy has a target for every metric, priority and (ticket metrics) severity', () => {
    expect(validateSlaTargets(DEFAULT_SLA_TARGETS)).toEqual([]);
    for (const metric of SLA_METRICS) {
      for (const priority of PRIORITIES) {
        expect(resolveTarget(DEFAULT_SLA_TARGETS, metric, { priority })).not.toBeNull();
        for (const severity of SEVERITIES) {
          expect(resolveTarget(DEFAULT_SLA_TARGETS, metric, { priority, severity })).not.toBeNull();
        }
      }
    }
    // Tighter for more urgent tickets.
    const ms = (p: (typeof PRIORITIES)[number]) =>
      resolveTarget(DEFAULT_SLA_TARGETS, 'resolution', { priority: p })!.ms;
    expect([ms('P1'), ms('P2'), ms('P3'), ms('P4')]).toEqual(
      [...[ms('P1'), ms('P2'), ms('P3'), ms('P4')]].sort((a, b) => a - b),
    );
  });
});

describe('validateSlaTargets', () => {
  it('accepts well-formed targets and JSON round-trips them', () => {
    expect(validateSlaTargets(targets)).toEqual([]);
    expect(validateSlaTargets(JSON.parse(JSON.stringify(targets)))).toEqual([]);
    expect(validateSlaTargets({})).toEqual([]);
  });

  it('lists every problem', () => {
    const errors = validateSlaTargets({
      uptime: {},
      response: { byPriority: { P5: { ms: 1 }, P1: { ms: 0 } }, bySeverity: 'fast', extra: 1 },
      resolution: { default: { ms: 1.5, calendarId: '', colour: 'red' } },
      noc_action: [],
    });
    expect(errors.map((e) => e.message)).toEqual([
      'Unknown metric "uptime" (expected response, resolution, handoff_acceptance, noc_action).',
      'response.byPriority: unknown key "P5" (expected P1, P2, P3, P4).',
      'response.byPriority.P1: ms must be a whole number of milliseconds between 1 and 31622400000.',
      'response.bySeverity: must be an object keyed by low, medium, high, critical.',
      'response: unknown field "extra" (expected byPriority, bySeverity, default).',
      'resolution.default: unknown field "colour".',
      'resolution.default: ms must be a whole number of milliseconds between 1 and 31622400000.',
      'resolution.default: calendarId must be the id of a business calendar when given.',
      'noc_action: must be an object with byPriority, bySeverity and/or default.',
    ]);
    // Each at its path in the targets object, so a form shows it on its own row.
    expect(errors.map((e) => e.path)).toEqual([
      ['uptime'],
      ['response', 'byPriority', 'P5'],
      ['response', 'byPriority', 'P1', 'ms'],
      ['response', 'bySeverity'],
      ['response', 'extra'],
      ['resolution', 'default', 'colour'],
      ['resolution', 'default', 'ms'],
      ['resolution', 'default', 'calendarId'],
      ['noc_action'],
    ]);
    expect(validateSlaTargets(null)).toEqual([
      { path: [], message: 'SLA targets must be an object keyed by metric.' },
    ]);
    expect(validateSlaTargets([])).toEqual([
      { path: [], message: 'SLA targets must be an object keyed by metric.' },
    ]);
  });

  it('a calendar id is a UUID: anything else would fail every lookup (issue #10: P4 tickets got 500s)', () => {
    expect(
      validateSlaTargets({ resolution: { byPriority: { P4: { ms: 1000, calendarId: 'not-a-uuid' } } } }),
    ).toEqual([
      {
        path: ['resolution', 'byPriority', 'P4', 'calendarId'],
        message: 'resolution.byPriority.P4: calendarId must be the id of a business calendar when given.',
      },
    ]);
    expect(validateSlaTargets({ response: { default: { ms: 1000, calendarId: 42 } } })).toHaveLength(1);
  });

  it('names the calendars its targets count in, each once', () => {
    const other = '0b8d7c6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e';
    expect(
      targetCalendarIds({
        ...targets,
        resolution: {
          byPriority: { P4: { ms: 1000, calendarId: other } },
          default: { ms: 1, calendarId: other },
        },
      }).sort(),
    ).toEqual([CALENDAR_24X7, other].sort());
    expect(targetCalendarIds(DEFAULT_SLA_TARGETS)).toEqual([]);
  });

  it('never throws, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(Array.isArray(validateSlaTargets(value))).toBe(true);
      }),
    );
  });
});
