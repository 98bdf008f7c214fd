import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTAGE_CAUSES, SECURITY_LINK_STATES, SECURITY_RESOLUTIONS, SEVERITIES } from './constants';
import { deriveLifecycleFields, type LifecycleFields, type LifecycleOutcome } from './effects';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const T1 = new Date('2026-03-02T08:05:00.000Z');
const T2 = new Date('2026-03-02T09:30:00.000Z');

function outage(overrides: Partial<LifecycleFields> = {}): LifecycleFields {
  return {
    status: 'new',
    securityLink: 'none',
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    severity: null,
    resolution: null,
    rootCause: null,
    lessonsLearned: null,
    resolutionSummary: null,
    causeCategory: null,
    ...overrides,
  };
}

function incident(overrides: Partial<LifecycleFields> = {}): LifecycleFields {
  return outage({ status: 'triage', securityLink: null, ...overrides });
}

const RESOLUTION = {
  resolutionSummary: 'Rolled back the resolver upgrade',
  causeCategory: 'software',
} as const;

function outageStep(type: string, status: string, securityLink = 'none'): LifecycleOutcome {
  return {
    kind: 'outage',
    event: type === 'RESOLVE' ? { type, ...RESOLUTION } : { type },
    status,
    securityLink: securityLink as LifecycleOutcome['securityLink'],
    context: { holdReason: null, preserveEvidence: false },
  };
}

function securityStep(type: string, status: string, context: Record<string, unknown> = {}): LifecycleOutcome {
  return {
    kind: 'security',
    event: { type },
    status,
    context: { severity: null, rootCause: null, lessonsLearned: null, resolution: null, ...context },
  };
}

describe('deriveLifecycleFields — outages', () => {
  it('stamps acknowledgedAt with now on the first ACK and returns only what changed', () => {
    expect(deriveLifecycleFields(outage(), outageStep('ACK', 'acknowledged'), T1)).toEqual({
      status: 'acknowledged',
      acknowledgedAt: T1,
    });
  });

  it('never moves an existing acknowledgement', () => {
    const acked = outage({ status: 'on_hold', acknowledgedAt: T0 });
    expect(deriveLifecycleFields(acked, outageStep('ACK', 'acknowledged'), T2)).toEqual({
      status: 'acknowledged',
    });
  });

  it('changes only the status for steps that reach no milestone', () => {
    const current = outage({ status: 'acknowledged', acknowledgedAt: T0 });
    expect(deriveLifecycleFields(current, outageStep('INVESTIGATE', 'investigating'), T1)).toEqual({
      status: 'investigating',
    });
    expect(
      deriveLifecycleFields(outage({ status: 'investigating' }), outageStep('HOLD', 'on_hold'), T1),
    ).toEqual({ status: 'on_hold' });
  });

  it('stamps resolvedAt on RESOLVE, then closedAt on CLOSE without touching resolvedAt', () => {
    const monitoring = outage({ status: 'monitoring', acknowledgedAt: T0 });
    expect(deriveLifecycleFields(monitoring, outageStep('RESOLVE', 'resolved'), T1)).toEqual({
      status: 'resolved',
      resolvedAt: T1,
      ...RESOLUTION,
    });
    const resolved = outage({ status: 'resolved', acknowledgedAt: T0, resolvedAt: T1 });
    expect(deriveLifecycleFields(resolved, outageStep('CLOSE', 'closed'), T2)).toEqual({
      status: 'closed',
      closedAt: T2,
    });
  });

  it('REOPEN clears resolution, its summary and cause, and closure but keeps the acknowledgement', () => {
    const resolved = outage({ status: 'resolved', acknowledgedAt: T0, resolvedAt: T1, ...RESOLUTION });
    expect(deriveLifecycleFields(resolved, outageStep('REOPEN', 'investigating'), T2)).toEqual({
      status: 'investigating',
      resolvedAt: null,
      resolutionSummary: null,
      causeCategory: null,
    });
  });

  it('records the summary trimmed, and a second RESOLVE replaces the first', () => {
    const monitoring = outage({ status: 'monitoring', resolutionSummary: 'Old', causeCategory: 'power' });
    const step = outageStep('RESOLVE', 'resolved');
    step.event = { type: 'RESOLVE', resolutionSummary: '  Replaced the PSU \n', causeCategory: 'hardware' };
    expect(deriveLifecycleFields(monitoring, step, T1)).toMatchObject({
      resolutionSummary: 'Replaced the PSU',
      causeCategory: 'hardware',
    });
  });

  it('follows the security-link region and never writes security-only fields', () => {
    const current = outage({ status: 'investigating' });
    const step = outageStep('REQUEST_HANDOFF', 'investigating', 'handoff_requested');
    step.context = {
      ...step.context,
      severity: 'high',
      rootCause: 'x',
      lessonsLearned: 'y',
      resolution: 'benign',
    };
    expect(deriveLifecycleFields(current, step, T1)).toEqual({ securityLink: 'handoff_requested' });
  });

  it('keeps the current security link when the outcome carries none', () => {
    const current = outage({ status: 'new', securityLink: 'cleared' });
    const step: LifecycleOutcome = {
      kind: 'outage',
      event: { type: 'ACK' },
      status: 'acknowledged',
      context: {},
    };
    expect(deriveLifecycleFields(current, step, T1)).toEqual({ status: 'acknowledged', acknowledgedAt: T1 });
  });

  it('treats equal instants as unchanged even when they are different Date objects', () => {
    const current = outage({ status: 'closed', resolvedAt: new Date(T1), closedAt: new Date(T2) });
    expect(deriveLifecycleFields(current, outageStep('CLOSE', 'closed'), new Date(T2))).toEqual({});
  });
});

describe('deriveLifecycleFields — security incidents', () => {
  it('CONFIRM acknowledges and records the severity from the machine context', () => {
    const next = deriveLifecycleFields(
      incident(),
      securityStep('CONFIRM', 'investigating', { severity: 'critical' }),
      T1,
    );
    expect(next).toEqual({ status: 'investigating', acknowledgedAt: T1, severity: 'critical' });
  });

  it('a later CONFIRM-like acknowledgement never restamps', () => {
    const current = incident({ status: 'triage', acknowledgedAt: T0, severity: 'low' });
    const next = deriveLifecycleFields(
      current,
      securityStep('CONFIRM', 'investigating', { severity: 'low' }),
      T2,
    );
    expect(next).toEqual({ status: 'investigating' });
  });

  it('keeps the severity on the ticket when the context has none', () => {
    const current = incident({ status: 'investigating', acknowledgedAt: T0, severity: 'high' });
    expect(deriveLifecycleFields(current, securityStep('CONTAIN', 'containment'), T1)).toEqual({
      status: 'containment',
    });
  });

  it('REVIEW records the root cause, CLOSE the lessons learned and both milestones', () => {
    const recovery = incident({ status: 'recovery', acknowledgedAt: T0, severity: 'high' });
    expect(
      deriveLifecycleFields(
        recovery,
        securityStep('REVIEW', 'post_incident', { severity: 'high', rootCause: 'Exposed RDP' }),
        T1,
      ),
    ).toEqual({ status: 'post_incident', rootCause: 'Exposed RDP' });
    const review = incident({
      status: 'post_incident',
      acknowledgedAt: T0,
      severity: 'high',
      rootCause: 'Exposed RDP',
    });
    expect(
      deriveLifecycleFields(
        review,
        securityStep('CLOSE', 'closed', {
          severity: 'high',
          rootCause: 'Exposed RDP',
          lessonsLearned: 'Close RDP',
        }),
        T2,
      ),
    ).toEqual({ status: 'closed', lessonsLearned: 'Close RDP', closedAt: T2, resolvedAt: T2 });
  });

  it('DISMISS from triage acknowledges, closes and records the resolution', () => {
    const next = deriveLifecycleFields(
      incident(),
      securityStep('DISMISS', 'closed', { resolution: 'benign' }),
      T1,
    );
    expect(next).toEqual({
      status: 'closed',
      acknowledgedAt: T1,
      resolvedAt: T1,
      closedAt: T1,
      resolution: 'benign',
    });
  });

  it('REOPEN clears closure, resolution and the dismissal verdict, and keeps what was learned', () => {
    const closed = incident({
      status: 'closed',
      acknowledgedAt: T0,
      resolvedAt: T1,
      closedAt: T1,
      severity: 'medium',
      resolution: 'false_positive',
      rootCause: 'Scanner',
      lessonsLearned: 'Tune rule',
    });
    const next = deriveLifecycleFields(
      closed,
      securityStep('REOPEN', 'investigating', {
        severity: 'medium',
        rootCause: 'Scanner',
        lessonsLearned: 'Tune rule',
        resolution: null,
      }),
      T2,
    );
    expect(next).toEqual({ status: 'investigating', resolvedAt: null, closedAt: null, resolution: null });
  });
});

const instant = fc.option(
  fc.date({
    min: new Date('2026-01-01T00:00:00Z'),
    max: new Date('2026-12-31T00:00:00Z'),
    noInvalidDate: true,
  }),
  { nil: null },
);
const fields = fc.record({
  status: fc.constantFrom('new', 'acknowledged', 'on_hold', 'resolved', 'closed', 'triage', 'investigating'),
  securityLink: fc.constantFrom(...SECURITY_LINK_STATES, null),
  acknowledgedAt: instant,
  resolvedAt: instant,
  closedAt: instant,
  severity: fc.constantFrom(...SEVERITIES, null),
  resolution: fc.constantFrom(...SECURITY_RESOLUTIONS, null),
  rootCause: fc.constantFrom('Exposed RDP', null),
  lessonsLearned: fc.constantFrom('Close RDP', null),
  resolutionSummary: fc.constantFrom('Replaced the line card', null),
  causeCategory: fc.constantFrom(...OUTAGE_CAUSES, null),
}) as fc.Arbitrary<LifecycleFields>;
/** (kind, event, resulting status) as the machines produce them. */
const STEPS = [
  ['outage', 'ACK', 'acknowledged'],
  ['outage', 'INVESTIGATE', 'investigating'],
  ['outage', 'IDENTIFY', 'identified'],
  ['outage', 'FIX', 'monitoring'],
  ['outage', 'RESOLVE', 'resolved'],
  ['outage', 'CLOSE', 'closed'],
  ['outage', 'REOPEN', 'investigating'],
  ['outage', 'HOLD', 'on_hold'],
  ['outage', 'RESUME', 'identified'],
  ['outage', 'REQUEST_HANDOFF', 'investigating'],
  ['security', 'CONFIRM', 'investigating'],
  ['security', 'DISMISS', 'closed'],
  ['security', 'CONTAIN', 'containment'],
  ['security', 'ERADICATE', 'eradication'],
  ['security', 'RECOVER', 'recovery'],
  ['security', 'REVIEW', 'post_incident'],
  ['security', 'CLOSE', 'closed'],
  ['security', 'REOPEN', 'investigating'],
] as const;
const outcome = fc
  .record({
    step: fc.constantFrom(...STEPS),
    securityLink: fc.option(fc.constantFrom(...SECURITY_LINK_STATES), { nil: undefined }),
    context: fc.record(
      {
        severity: fc.constantFrom(...SEVERITIES, null),
        rootCause: fc.constantFrom('Weak password', null),
        lessonsLearned: fc.constantFrom('Enforce MFA', null),
        resolution: fc.constantFrom(...SECURITY_RESOLUTIONS, null),
      },
      { requiredKeys: [] },
    ),
  })
  .map(
    ({ step, securityLink, context }): LifecycleOutcome => ({
      kind: step[0],
      event:
        step[0] === 'outage' && step[1] === 'RESOLVE' ? { type: step[1], ...RESOLUTION } : { type: step[1] },
      status: step[2],
      securityLink: step[0] === 'outage' ? securityLink : undefined,
      context,
    }),
  );
const now = fc.date({
  min: new Date('2027-01-01T00:00:00Z'),
  max: new Date('2027-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('deriveLifecycleFields — properties', () => {
  it('returns exactly the fields whose values differ, always including the new status when it differs', () => {
    fc.assert(
      fc.property(fields, outcome, now, (current, step, at) => {
        const changes = deriveLifecycleFields(current, step, at);
        for (const [key, value] of Object.entries(changes)) {
          const before = current[key as keyof LifecycleFields];
          const same =
            before instanceof Date && value instanceof Date
              ? before.getTime() === value.getTime()
              : before === value;
          expect(same, key).toBe(false);
        }
        if (step.status !== current.status) expect(changes.status).toBe(step.status);
        else expect(changes).not.toHaveProperty('status');
      }),
    );
  });

  it('stamps timestamps only with now, and only clears them on REOPEN', () => {
    fc.assert(
      fc.property(fields, outcome, now, (current, step, at) => {
        const changes = deriveLifecycleFields(current, step, at);
        for (const key of ['acknowledgedAt', 'resolvedAt', 'closedAt'] as const) {
          if (!(key in changes)) continue;
          const value = changes[key];
          if (value === null) expect(step.event.type).toBe('REOPEN');
          else expect(value?.getTime()).toBe(at.getTime());
          // A milestone already reached is never moved, only cleared by a reopen.
          if (current[key] !== null) expect(value).toBeNull();
        }
        if (step.status === 'closed') expect({ ...current, ...changes }.closedAt).not.toBeNull();
      }),
    );
  });

  it("only RESOLVE sets, and only REOPEN clears, an outage's resolution summary and cause", () => {
    fc.assert(
      fc.property(fields, outcome, now, (current, step, at) => {
        const changes = deriveLifecycleFields(current, step, at);
        for (const key of ['resolutionSummary', 'causeCategory'] as const) {
          if (!(key in changes)) continue;
          expect(step.kind).toBe('outage');
          expect(step.event.type).toBe(changes[key] === null ? 'REOPEN' : 'RESOLVE');
        }
      }),
    );
  });

  it('outages never get security-only fields', () => {
    fc.assert(
      fc.property(fields, outcome, now, (current, step, at) => {
        fc.pre(step.kind === 'outage');
        const changes = deriveLifecycleFields(current, step, at);
        for (const key of ['severity', 'resolution', 'rootCause', 'lessonsLearned'])
          expect(changes).not.toHaveProperty(key);
      }),
    );
  });

  it('is idempotent: applying the changes and deriving again changes nothing', () => {
    fc.assert(
      fc.property(fields, outcome, now, now, (current, step, at, later) => {
        const applied = { ...current, ...deriveLifecycleFields(current, step, at) };
        const again = deriveLifecycleFields(applied, step, later);
        expect(again).toEqual({});
      }),
    );
  });
});
