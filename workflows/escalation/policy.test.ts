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
      'repeat must be a whole number from 0 to 10.',
      'Level 1: metric must be one of response, resolution, handoff_acceptance, noc_action.',
      'Level 1: percent must be a whole number from 1 to 1000.',
      'Level 1: needs at least one target (a user, a team or a role).',
      'Level 1: needs at least one action (notify, reassign, raise_priority).',
      'Level 2: minutes must be a whole number from 1 to 10080.',
      'Level 2, target #1: unknown role "owner" (expected admin, manager, noc_engineer, soc_analyst, customer).',
      'Level 2, target #2: kind must be one of user, team, role.',
      'Level 2, target #3: id must be a non-empty string.',
      'Level 2: unknown action "page" (expected notify, reassign, raise_priority).',
      'Level 2: actions are listed more than once.',
      'Level 3: trigger kind must be one of clock_percent, clock_breached, unacknowledged.',
      'Level 3: reassign needs a user or team target (a ticket cannot be assigned to a role).',
      'Level 4: must be an object with trigger, targets and actions.',
    ]);
  });

  it('needs at least one level and at most 20', () => {
    expect(validateEscalationPolicy({ levels: [], repeat: 0 })).toEqual([
      'An escalation policy needs at least one level.',
    ]);
    expect(validateEscalationPolicy({ levels: Array(21).fill(GOOD.levels[0]), repeat: 0 })).toEqual([
      'An escalation policy has at most 20 levels.',
    ]);
    expect(validateEscalationPolicy(null)).toEqual([
      'An escalation policy must be an object with levels and repeat.',
    ]);
    expect(() => parseEscalationPolicy({ levels: [], repeat: 0 })).toThrow(/Invalid escalation policy/);
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
