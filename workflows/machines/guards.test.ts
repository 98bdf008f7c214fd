import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  type LifecycleEvent,
  type LifecycleInput,
  type LifecycleView,
  type MachineName,
  startLifecycle,
  stepLifecycle,
} from './index';
import { roundTrip } from './test-support';

/** Drives a machine through accepted events, failing loudly if one is refused. */
function drive(machine: MachineName, events: LifecycleEvent[], input?: LifecycleInput): LifecycleView {
  let view = startLifecycle(machine, input);
  for (const event of events) {
    const result = stepLifecycle(roundTrip(view.persisted), event);
    if (!result.ok) throw new Error(`setup step ${event.type} refused: ${result.message}`);
    view = result.view;
  }
  return view;
}

function refusal(view: LifecycleView, event: unknown) {
  return stepLifecycle(roundTrip(view.persisted), event as LifecycleEvent);
}

const toRecovery: LifecycleEvent[] = [
  { type: 'CONFIRM', severity: 'high' },
  { type: 'CONTAIN' },
  { type: 'ERADICATE' },
  { type: 'RECOVER' },
];
const toPostIncident: LifecycleEvent[] = [...toRecovery, { type: 'REVIEW', rootCause: 'exposed RDP' }];
const toClosedSecurity: LifecycleEvent[] = [
  ...toPostIncident,
  { type: 'CLOSE', lessonsLearned: 'close RDP' },
];
const toResolvedOutage: LifecycleEvent[] = [
  { type: 'ACK' },
  { type: 'INVESTIGATE' },
  { type: 'FIX' },
  { type: 'RESOLVE', resolutionSummary: 'Replaced the failed line card', causeCategory: 'hardware' },
];

describe('not_accepted messages', () => {
  it.each([
    [
      'outage',
      [],
      { type: 'RESOLVE', resolutionSummary: 'x', causeCategory: 'unknown' },
      'cannot RESOLVE while new',
    ],
    ['outage', [{ type: 'ACK' }], { type: 'ACK' }, 'cannot ACK while acknowledged'],
    ['outage', [{ type: 'HOLD', reason: 'vendor' }], { type: 'ACK' }, 'cannot ACK while on_hold'],
    ['outage', toResolvedOutage, { type: 'HOLD', reason: 'vendor' }, 'cannot HOLD while resolved'],
    ['outage', [], { type: 'RESUME' }, 'cannot RESUME while new'],
    ['outage', [], { type: 'ACCEPT' }, 'cannot ACCEPT while new'],
    ['outage', [], { type: 'SOC_CLEARED' }, 'cannot SOC_CLEARED while security link is none'],
    [
      'outage',
      [],
      { type: 'SET_PRESERVE_HOLD', hold: true },
      'cannot SET_PRESERVE_HOLD while security link is none',
    ],
    ['security', [], { type: 'CONTAIN' }, 'cannot CONTAIN while triage'],
    ['security', toClosedSecurity, { type: 'CLOSE', lessonsLearned: 'x' }, 'cannot CLOSE while closed'],
    ['handoff', [{ type: 'ACCEPT' }], { type: 'DECLINE', reason: 'late' }, 'cannot DECLINE while accepted'],
    ['handoff', [{ type: 'OLA_BREACHED' }], { type: 'OLA_BREACHED' }, 'cannot OLA_BREACHED while escalated'],
    ['handoff', [], { type: 'xstate.stop' }, 'cannot xstate.stop while requested'],
  ] as Array<[MachineName, LifecycleEvent[], unknown, string]>)(
    '%s after %j: %j',
    (machine, setup, event, message) => {
      expect(refusal(drive(machine, setup), event)).toEqual({ ok: false, code: 'not_accepted', message });
    },
  );
});

describe('outage guards', () => {
  it.each([{ type: 'HOLD' }, { type: 'HOLD', reason: 'lunch' }, { type: 'HOLD', reason: '' }])(
    'HOLD without a valid reason: %j',
    (event) => {
      expect(refusal(drive('outage', [{ type: 'ACK' }]), event)).toEqual({
        ok: false,
        code: 'guard_failed',
        message: 'HOLD needs a reason (vendor, customer or change_window)',
      });
    },
  );

  const monitoring: LifecycleEvent[] = [{ type: 'ACK' }, { type: 'INVESTIGATE' }, { type: 'FIX' }];
  it.each([
    { type: 'RESOLVE' },
    { type: 'RESOLVE', causeCategory: 'hardware' },
    { type: 'RESOLVE', resolutionSummary: '   ', causeCategory: 'hardware' },
    { type: 'RESOLVE', resolutionSummary: 'x'.repeat(4001), causeCategory: 'hardware' },
    { type: 'RESOLVE', resolutionSummary: 'Replaced the optic' },
    { type: 'RESOLVE', resolutionSummary: 'Replaced the optic', causeCategory: 'gremlins' },
  ])('RESOLVE without a summary (up to 4000 characters) and a known cause: %j', (event) => {
    expect(refusal(drive('outage', monitoring), event)).toEqual({
      ok: false,
      code: 'guard_failed',
      message: 'RESOLVE needs a resolution summary (up to 4000 characters) and a cause category',
    });
  });

  it('RESOLVE with a summary and cause resolves, and asks for both when offered', () => {
    const view = drive('outage', monitoring);
    expect(allowedEvents(view.persisted, 'noc_engineer')).toContainEqual({
      type: 'RESOLVE',
      needs: ['resolutionSummary', 'causeCategory'],
    });
    const ok = refusal(view, {
      type: 'RESOLVE',
      resolutionSummary: 'x'.repeat(4000),
      causeCategory: 'power',
    });
    expect(ok.ok && ok.view.status).toBe('resolved');
  });

  it('HOLD records the reason and RESUME clears it', () => {
    const held = drive('outage', [{ type: 'ACK' }, { type: 'HOLD', reason: 'customer' }]);
    expect(held.status).toBe('on_hold');
    expect(held.context.holdReason).toBe('customer');
    const resumed = drive('outage', [
      { type: 'ACK' },
      { type: 'HOLD', reason: 'customer' },
      { type: 'RESUME' },
    ]);
    expect(resumed.status).toBe('acknowledged');
    expect(resumed.context.holdReason).toBeNull();
  });

  it('SET_PRESERVE_HOLD needs a boolean', () => {
    const requested = drive('outage', [{ type: 'REQUEST_HANDOFF' }]);
    expect(refusal(requested, { type: 'SET_PRESERVE_HOLD', hold: 'yes' })).toEqual({
      ok: false,
      code: 'guard_failed',
      message: 'SET_PRESERVE_HOLD needs hold (true or false)',
    });
  });

  const preserving: LifecycleEvent[] = [
    { type: 'REQUEST_HANDOFF' },
    { type: 'HANDOFF_ACCEPTED' },
    { type: 'SET_PRESERVE_HOLD', hold: true },
    ...toResolvedOutage,
  ];

  it('refuses CLOSE while evidence must be preserved', () => {
    const view = drive('outage', preserving);
    expect(view.preserveEvidence).toBe(true);
    expect(refusal(view, { type: 'CLOSE' })).toEqual({
      ok: false,
      code: 'guard_failed',
      message: 'cannot CLOSE while evidence must be preserved',
    });
    expect(allowedEvents(view.persisted, 'noc_engineer').map((e) => e.type)).not.toContain('CLOSE');
  });

  it.each([[{ type: 'SET_PRESERVE_HOLD', hold: false }], [{ type: 'SOC_CLEARED' }]] as Array<
    [LifecycleEvent]
  >)('CLOSE is accepted again after %j', (lift) => {
    const view = drive('outage', [...preserving, lift, { type: 'CLOSE' }]);
    expect(view.status).toBe('closed');
    expect(view.done).toBe(true);
    expect(view.preserveEvidence).toBe(false);
  });

  it('a declined handoff lifts the evidence hold with it', () => {
    const view = drive('outage', [
      { type: 'REQUEST_HANDOFF' },
      { type: 'SET_PRESERVE_HOLD', hold: true },
      { type: 'HANDOFF_DECLINED' },
    ]);
    expect(view.securityLink).toBe('none');
    expect(view.preserveEvidence).toBe(false);
  });

  it('reports changed: false for an accepted event that alters nothing', () => {
    const view = drive('outage', [{ type: 'REQUEST_HANDOFF' }, { type: 'SET_PRESERVE_HOLD', hold: true }]);
    const again = stepLifecycle(roundTrip(view.persisted), { type: 'SET_PRESERVE_HOLD', hold: true });
    expect(again).toMatchObject({ ok: true, changed: false });
    const lifted = stepLifecycle(roundTrip(view.persisted), { type: 'SET_PRESERVE_HOLD', hold: false });
    expect(lifted).toMatchObject({ ok: true, changed: true });
  });
});

describe('security guards', () => {
  it.each([{ type: 'CONFIRM' }, { type: 'CONFIRM', severity: 'urgent' }])(
    'CONFIRM without severity: %j',
    (event) => {
      expect(refusal(drive('security', []), event)).toEqual({
        ok: false,
        code: 'guard_failed',
        message: 'CONFIRM needs a severity',
      });
    },
  );

  it('CONFIRM takes the severity from the event, or from context when already known', () => {
    expect(drive('security', [{ type: 'CONFIRM', severity: 'low' }]).context.severity).toBe('low');
    const known = drive('security', [{ type: 'CONFIRM' }], { severity: 'critical' });
    expect(known.status).toBe('investigating');
    expect(known.context.severity).toBe('critical');
    expect(
      drive('security', [{ type: 'CONFIRM', severity: 'low' }], { severity: 'critical' }).context.severity,
    ).toBe('low');
  });

  it.each([{ type: 'REVIEW' }, { type: 'REVIEW', rootCause: '   ' }])(
    'REVIEW without root cause: %j',
    (event) => {
      expect(refusal(drive('security', toRecovery), event)).toEqual({
        ok: false,
        code: 'guard_failed',
        message: 'REVIEW needs a root-cause summary',
      });
    },
  );

  it.each([{ type: 'CLOSE' }, { type: 'CLOSE', lessonsLearned: '\n\t' }])(
    'CLOSE without lessons: %j',
    (event) => {
      expect(refusal(drive('security', toPostIncident), event)).toEqual({
        ok: false,
        code: 'guard_failed',
        message: 'CLOSE needs lessons learned',
      });
    },
  );

  it('assigns root cause and lessons learned into context', () => {
    const view = drive('security', toClosedSecurity);
    expect(view.status).toBe('closed');
    expect(view.done).toBe(true);
    expect(view.context).toMatchObject({
      severity: 'high',
      rootCause: 'exposed RDP',
      lessonsLearned: 'close RDP',
    });
  });

  it('after a reopen, known root cause and lessons satisfy REVIEW and CLOSE without payload', () => {
    const view = drive('security', [
      ...toClosedSecurity,
      { type: 'REOPEN', actorRole: 'admin' },
      { type: 'CONTAIN' },
      { type: 'ERADICATE' },
      { type: 'RECOVER' },
      { type: 'REVIEW' },
      { type: 'CLOSE' },
    ]);
    expect(view.status).toBe('closed');
  });

  it.each([undefined, 'soc_analyst', 'noc_engineer', 'customer'])(
    'REOPEN refused for role %s',
    (actorRole) => {
      expect(refusal(drive('security', toClosedSecurity), { type: 'REOPEN', actorRole })).toEqual({
        ok: false,
        code: 'guard_failed',
        message: 'REOPEN needs a manager or admin',
      });
    },
  );

  it.each(['manager', 'admin'] as const)(
    'REOPEN accepted for %s and clears a dismissal verdict',
    (actorRole) => {
      const dismissed = drive('security', [{ type: 'DISMISS', resolution: 'benign' }]);
      expect(dismissed).toMatchObject({ status: 'closed', context: { resolution: 'benign' } });
      const reopened = drive('security', [
        { type: 'DISMISS', resolution: 'benign' },
        { type: 'REOPEN', actorRole },
      ]);
      expect(reopened).toMatchObject({ status: 'investigating', context: { resolution: null } });
    },
  );

  it.each([{ type: 'DISMISS' }, { type: 'DISMISS', resolution: 'true_positive_impact' }])(
    'DISMISS without a dismissal resolution: %j',
    (event) => {
      expect(refusal(drive('security', []), event)).toEqual({
        ok: false,
        code: 'guard_failed',
        message: 'DISMISS needs a resolution (false_positive, benign or duplicate)',
      });
    },
  );
});

describe('handoff guards', () => {
  it.each([[[]], [[{ type: 'OLA_BREACHED' }]]] as Array<[LifecycleEvent[]]>)(
    'DECLINE needs a reason after %j',
    (setup) => {
      expect(refusal(drive('handoff', setup), { type: 'DECLINE', reason: ' ' })).toEqual({
        ok: false,
        code: 'guard_failed',
        message: 'DECLINE needs a reason',
      });
      const declined = drive('handoff', [...setup, { type: 'DECLINE', reason: 'hardware fault' }]);
      expect(declined).toMatchObject({
        status: 'declined',
        done: true,
        context: { declineReason: 'hardware fault' },
      });
    },
  );
});

describe('allowedEvents', () => {
  it('lists what each state accepts, with the payload fields the user must supply', () => {
    expect(allowedEvents(startLifecycle('outage').persisted, 'noc_engineer')).toEqual([
      { type: 'ACK', needs: [] },
      { type: 'HOLD', needs: ['reason'] },
      { type: 'REQUEST_HANDOFF', needs: [] },
    ]);
    expect(allowedEvents(startLifecycle('security').persisted, 'soc_analyst')).toEqual([
      { type: 'DISMISS', needs: ['resolution'] },
      { type: 'CONFIRM', needs: ['severity'] },
      { type: 'SET_SEVERITY', needs: ['severity'] },
    ]);
    expect(
      allowedEvents(startLifecycle('security', { severity: 'low' }).persisted, 'soc_analyst'),
    ).toContainEqual({
      type: 'CONFIRM',
      needs: [],
    });
    expect(allowedEvents(drive('security', toRecovery).persisted, 'soc_analyst')).toEqual([
      { type: 'REVIEW', needs: ['rootCause'] },
      { type: 'SET_SEVERITY', needs: ['severity'] },
    ]);
    expect(allowedEvents(drive('security', toPostIncident).persisted, 'soc_analyst')).toEqual([
      { type: 'CLOSE', needs: ['lessonsLearned'] },
      { type: 'SET_SEVERITY', needs: ['severity'] },
    ]);
    expect(allowedEvents(startLifecycle('handoff').persisted, 'soc_analyst')).toEqual([
      { type: 'ACCEPT', needs: [] },
      { type: 'DECLINE', needs: ['reason'] },
      { type: 'OLA_BREACHED', needs: [] },
    ]);
    expect(allowedEvents(drive('handoff', [{ type: 'ACCEPT' }]).persisted, 'admin')).toEqual([]);
  });

  it('offers REOPEN of a closed incident only to managers and admins', () => {
    const closed = drive('security', toClosedSecurity).persisted;
    expect(allowedEvents(closed, 'manager')).toEqual([{ type: 'REOPEN', needs: [] }]);
    expect(allowedEvents(closed, 'admin')).toEqual([{ type: 'REOPEN', needs: [] }]);
    expect(allowedEvents(closed, 'soc_analyst')).toEqual([]);
  });

  it('offers RESUME, and the security link events, while on hold', () => {
    const held = drive('outage', [{ type: 'REQUEST_HANDOFF' }, { type: 'HOLD', reason: 'change_window' }]);
    expect(allowedEvents(held.persisted, 'noc_engineer')).toEqual([
      { type: 'RESUME', needs: [] },
      { type: 'HANDOFF_ACCEPTED', needs: [] },
      { type: 'HANDOFF_DECLINED', needs: [] },
      { type: 'SET_PRESERVE_HOLD', needs: ['hold'] },
    ]);
  });
});

describe('views and snapshots', () => {
  it('starts each machine in its initial state with JSON-safe persisted data', () => {
    for (const [machine, status] of [
      ['outage', 'new'],
      ['security', 'triage'],
      ['handoff', 'requested'],
    ] as const) {
      const view = startLifecycle(machine);
      expect(view.status).toBe(status);
      expect(view.done).toBe(false);
      expect(view.persisted).toStrictEqual(roundTrip(view.persisted));
      expect(view.persisted).toMatchObject({ machine, version: 1 });
    }
    expect(startLifecycle('outage')).toMatchObject({ securityLink: 'none', preserveEvidence: false });
    expect(startLifecycle('security')).not.toHaveProperty('securityLink');
  });

  it('throws a clear error for a snapshot that does not fit the machine', () => {
    const bad = { machine: 'security', version: 1, snapshot: { value: 'nowhere', context: {} } } as const;
    expect(() => stepLifecycle(bad, { type: 'CONTAIN' })).toThrow(
      /security snapshot does not fit the machine/,
    );
    expect(() =>
      stepLifecycle({ machine: 'security', version: 1, snapshot: null }, { type: 'CONTAIN' }),
    ).toThrow(/not a persisted XState snapshot/);
  });
});
