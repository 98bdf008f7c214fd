import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EscalationPolicy, parseEscalationPolicy, validateEscalationPolicy } from './policy';

const GOOD: EscalationPolicy = {
  levels: [
    {
      trigger: { kind: 'unacknowledged', minutes: 10 },
      targets: [{ kind: 'team', id: 'noc' }],
      actions: ['notify'],
    },
    {
      trigger: { kind: 'clock_percent', metric: 'response', percent: 75 },
      targets: [{ kind: 'user', id: 'u-duty-lead' }],
      actions: ['notify', 'reassign'],
    },
    {
      trigger: { kind: 'clock_breached', metric: 'resolution' },
      targets: [{ kind: 'role', id: 'manager' }],
      actions: ['notify', 'raise_priority'],
    },
  ],
  repeat: 2,
};

describe('validateEscalationPolicy', () => {
  it('accepts a well-formed policy, also after a JSON round-trip', () => {
    expect(validateEscalationPolicy(GOOD)).toEqual([]);
    expect(validateEscalationPolicy(JSON.parse(JSON.stringify(GOOD)))).toEqual([]);
    expect(parseEscalationPolicy(GOOD)).toBe(GOOD);
  });

  it('lists every problem, level by level', () => {
    const errors = validateEscalationPolicy({
      repeat: 11,
      levels: [
        { trigger: { kind: 'clock_percent', metric: 'uptime', percent: 0 }, targets: [], actions: [] },
        {
          trigger: { kind: 'unacknowledged', minutes: 1.5 },
          targets: [
            { kind: 'role', id: 'owner' },
            { kind: 'squad', id: 'x' },
            { kind: 'user', id: ' ' },
          ],
          actions: ['notify', 'notify', 'page'],
        },
        { trigger: { kind: 'sometimes' }, targets: [{ kind: 'role', id: 'manager' }], actions: ['reassign'] },
        'level',
      ],
    });
    expect(errors).toEqual([
      { path: ['repeat'], message: 'Repeat must be a whole number from 0 to 10.' },
      {
        path: ['levels', 0, 'trigger', 'metric'],
        message: 'Metric must be one of response, resolution, handoff_acceptance, noc_action.',
      },
      {
        path: ['levels', 0, 'trigger', 'percent'],
        message: 'Percent must be a whole number from 1 to 1000.',
      },
      { path: ['levels', 0, 'targets'], message: 'Needs at least one target (a user, a team or a role).' },
      {
        path: ['levels', 0, 'actions'],
        message: 'Needs at least one action (notify, reassign, raise_priority).',
      },
      {
        path: ['levels', 1, 'trigger', 'minutes'],
        message: 'Minutes must be a whole number from 1 to 10080.',
      },
      {
        path: ['levels', 1, 'targets', 0, 'id'],
        message: 'Unknown role "owner" (expected admin, manager, noc_engineer, soc_analyst, customer).',
      },
      { path: ['levels', 1, 'targets', 1, 'kind'], message: 'Kind must be one of user, team, role.' },
      { path: ['levels', 1, 'targets', 2, 'id'], message: 'Choose who this target is.' },
      {
        path: ['levels', 1, 'actions', 2],
        message: 'Unknown action "page" (expected notify, reassign, raise_priority).',
      },
      { path: ['levels', 1, 'actions'], message: 'Actions are listed more than once.' },
      {
        path: ['levels', 2, 'trigger', 'kind'],
        message: 'Trigger kind must be one of clock_percent, clock_breached, unacknowledged.',
      },
      {
        path: ['levels', 2, 'actions'],
        message: 'Reassign needs a user or team target (a ticket cannot be assigned to a role).',
      },
      { path: ['levels', 3], message: 'Must be an object with trigger, targets and actions.' },
    ]);
  });

  it('puts a malformed trigger or target at its own path', () => {
    const paths = validateEscalationPolicy({
      repeat: 0,
      levels: [{ trigger: 'soon', targets: ['noc'], actions: ['notify'] }],
    }).map((e) => e.path);
    expect(paths).toEqual([
      ['levels', 0, 'trigger'],
      ['levels', 0, 'targets', 0],
    ]);
  });

  it('needs at least one level and at most 20', () => {
    expect(validateEscalationPolicy({ levels: [], repeat: 0 })).toEqual([
      { path: ['levels'], message: 'An escalation policy needs at least one level.' },
    ]);
    expect(validateEscalationPolicy({ levels: Array(21).fill(GOOD.levels[0]), repeat: 0 })).toEqual([
      { path: ['levels'], message: 'An escalation policy has at most 20 levels.' },
    ]);
    expect(validateEscalationPolicy(null)).toEqual([
      { path: [], message: 'An escalation policy must be an object with levels and repeat.' },
    ]);
    expect(() => parseEscalationPolicy({ levels: [], repeat: 0 })).toThrow(/Invalid escalation policy/);
    // Thrown for a stored policy, the message says where each problem is.
    expect(() => parseEscalationPolicy({ levels: [GOOD.levels[0]], repeat: 11 })).toThrow(
      'Invalid escalation policy: repeat: Repeat must be a whole number from 0 to 10.',
    );
  });

  it('never throws, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(Array.isArray(validateEscalationPolicy(value))).toBe(true);
        expect(Array.isArray(validateEscalationPolicy({ levels: [value], repeat: 0 }))).toBe(true);
      }),
    );
  });
});
