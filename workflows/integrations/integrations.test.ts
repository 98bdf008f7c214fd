import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertEndedAt, alertmanagerFacts, alertmanagerPayload, alertmanagerSummary } from './alertmanager';
import { alertEvent, changeEvent, eventErrors, eventFacts, type TriggerEvent } from './events-v2';
import { parseInstant } from './instant';
import { DEFAULT_ROUTING_RULES, routeAlert, routingRules } from './routing';
import { recoverySteps, ticketFields, titleOf } from './ticket-fields';
import { takeToken } from './token-bucket';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/integrations/${name}`, import.meta.url), 'utf8'));
const SERVICE = '00000000-0000-4000-8000-000000000001';
const SOC_SERVICE = '00000000-0000-4000-8000-000000000002';

describe('routing rules', () => {
  it('routes category=security or class=security to a security incident and severity=critical to P1', () => {
    expect(routeAlert(DEFAULT_ROUTING_RULES, { severity: 'critical' }, SERVICE)).toMatchObject({
      kind: 'outage',
      priority: 'P1',
      serviceIds: [SERVICE],
    });
    expect(
      routeAlert(DEFAULT_ROUTING_RULES, { class: 'Security', severity: 'warning' }, SERVICE),
    ).toMatchObject({
      kind: 'security',
      priority: 'P3',
    });
    expect(routeAlert(DEFAULT_ROUTING_RULES, { category: 'security' }, SERVICE).kind).toBe('security');
    expect(routeAlert(DEFAULT_ROUTING_RULES, {}, SERVICE)).toEqual({
      kind: 'outage',
      priority: 'P3',
      serviceIds: [SERVICE],
      matchedRules: [],
    });
  });

  it('lets the first matching rule that names a field win; every condition of a rule must hold', () => {
    const rules = routingRules.parse([
      {
        when: [
          { field: 'team', equals: 'soc' },
          { field: 'env', equals: 'prod' },
        ],
        serviceIds: [SOC_SERVICE],
      },
      { when: [{ field: 'team', equals: 'soc' }], priority: 'P2' },
      { when: [{ field: 'team', equals: 'soc' }], priority: 'P4', kind: 'security' },
    ]);
    expect(routeAlert(rules, { team: 'soc', env: 'prod' }, SERVICE)).toEqual({
      kind: 'security',
      priority: 'P2',
      serviceIds: [SOC_SERVICE],
      matchedRules: [0, 1, 2],
    });
    expect(routeAlert(rules, { team: 'soc' }, SERVICE).serviceIds).toEqual([SERVICE]);
    // A fact named like an Object.prototype member is not a match by accident.
    expect(
      routeAlert(
        routingRules.parse([{ when: [{ field: 'constructor', equals: 'x' }], priority: 'P1' }]),
        {},
        SERVICE,
      ).priority,
    ).toBe('P3');
  });

  it('refuses rules that set nothing, and malformed rules, with the field', () => {
    const result = routingRules.safeParse([{ when: [{ field: 'a', equals: 'b' }] }, { when: [] }]);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('0.kind');
    expect(paths).toContain('1.when');
  });
});

describe('Alertmanager payload', () => {
  it('parses the v4 fixtures', () => {
    const firing = alertmanagerPayload.parse(fixture('alertmanager-v4-firing.json'));
    expect(firing.alerts).toHaveLength(2);
    expect(firing.alerts[0]!.startsAt.toISOString()).toBe('2026-11-20T08:14:05.123Z');
    expect(alertEndedAt(firing.alerts[0]!)).toBeNull();
    expect(alertmanagerSummary(firing, firing.alerts[0]!)).toBe('Uplink xe-0/0/1 down on edge-rtr-01');
    expect(alertmanagerFacts(firing, firing.alerts[1]!)).toMatchObject({
      severity: 'critical',
      instance: 'edge-rtr-02:9100',
    });
    const resolved = alertmanagerPayload.parse(fixture('alertmanager-v4-resolved.json'));
    expect(alertEndedAt(resolved.alerts[1]!)?.toISOString()).toBe('2026-11-20T08:40:59.310Z');
  });

  it('ignores unknown fields and reports wrong types and versions at their path', () => {
    const payload = { ...fixture('alertmanager-v4-firing.json'), somethingNew: { a: 1 } };
    expect(alertmanagerPayload.safeParse(payload).success).toBe(true);
    const wrong = fixture('alertmanager-v4-firing.json');
    wrong.version = 4;
    wrong.alerts[1].labels = ['x'];
    wrong.alerts[0].startsAt = 'yesterday';
    wrong.truncatedAlerts = -1;
    const paths = alertmanagerPayload.safeParse(wrong).error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['version', 'alerts.1.labels', 'alerts.0.startsAt', 'truncatedAlerts']),
    );
  });

  it('accepts nanosecond instants and colon-less offsets, refuses nonsense', () => {
    expect(parseInstant('2026-11-20T08:14:05.123456789Z')?.toISOString()).toBe('2026-11-20T08:14:05.123Z');
    expect(parseInstant('2026-11-20T09:02:11.000+0000')?.toISOString()).toBe('2026-11-20T09:02:11.000Z');
    expect(parseInstant('2026-11-20T10:02:11+01:00')?.toISOString()).toBe('2026-11-20T09:02:11.000Z');
    expect(parseInstant('2026-13-45T00:00:00Z')).toBeNull();
    expect(parseInstant('now')).toBeNull();
  });
});

describe('Events v2', () => {
  it('parses the trigger fixture and routes it by class to the SOC', () => {
    const event = alertEvent.parse(fixture('events-v2-trigger.json')) as TriggerEvent;
    expect(event.payload.timestamp?.toISOString()).toBe('2026-11-20T09:02:11.000Z');
    const facts = eventFacts(event);
    expect(facts).toMatchObject({
      class: 'security',
      severity: 'critical',
      'custom_details.dst_domain': 'update-check.example.org',
      'custom_details.rule': '2019284',
    });
    const routing = routeAlert(DEFAULT_ROUTING_RULES, facts, SERVICE);
    expect(routing).toMatchObject({ kind: 'security', priority: 'P1' });
    expect(ticketFields(routing, event.payload.summary, [])).toMatchObject({
      kind: 'security',
      severity: 'critical',
      impact: 'high',
      urgency: 'high',
    });
  });

  it('needs summary, source and severity for a trigger, and a dedup key for acknowledge and resolve', () => {
    const bad = alertEvent.safeParse({
      routing_key: 'k',
      event_action: 'trigger',
      payload: { summary: 'x'.repeat(1025), severity: 'fatal' },
    });
    expect(eventErrors(bad.error!.issues)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^payload\.summary: /),
        expect.stringMatching(/^payload\.source: /),
        expect.stringMatching(/^payload\.severity: /),
      ]),
    );
    expect(
      alertEvent.safeParse({ routing_key: 'k', event_action: 'resolve' }).error!.issues[0]!.path,
    ).toEqual(['dedup_key']);
    expect(
      alertEvent.safeParse({ routing_key: 'k', event_action: 'resolve', dedup_key: 'x'.repeat(256) }).success,
    ).toBe(false);
    expect(
      alertEvent.safeParse({ routing_key: 'k', event_action: 'explode', dedup_key: 'a' }).error!.issues[0]!
        .path,
    ).toEqual(['event_action']);
    expect(
      alertEvent.safeParse({ routing_key: 'k', event_action: 'acknowledge', dedup_key: 'a', extra: 1 })
        .success,
    ).toBe(true);
    expect(changeEvent.safeParse({ routing_key: 'k', payload: { summary: 'Deployed v2' } }).success).toBe(
      true,
    );
  });
});

describe('ticket fields and recovery', () => {
  it('makes a storable title of any summary', () => {
    expect(titleOf('a\u0007b\nc')).toBe('a b c');
    expect(titleOf('x')).toBe('Alert: x');
    expect(titleOf('y'.repeat(500))).toHaveLength(200);
    expect(titleOf('\ud800 broken')).toBe('broken');
  });

  it('walks an outage to monitoring, or on to resolved, from where it stands', () => {
    expect(recoverySteps('new', 'monitoring').map((s) => s.type)).toEqual(['ACK', 'INVESTIGATE', 'FIX']);
    expect(recoverySteps('identified', 'resolve').map((s) => s.type)).toEqual(['FIX', 'RESOLVE']);
    expect(recoverySteps('monitoring', 'monitoring')).toEqual([]);
    expect(recoverySteps('on_hold', 'resolve')).toEqual([]);
    expect(recoverySteps('resolved', 'resolve')).toEqual([]);
  });
});

describe('token bucket', () => {
  it('passes a minute of burst, then answers with the wait until the next token', () => {
    let bucket: Parameters<typeof takeToken>[0];
    for (let i = 0; i < 3; i++) {
      const take = takeToken(bucket, 3, 0);
      expect(take.ok).toBe(true);
      bucket = take.bucket;
    }
    const refused = takeToken(bucket, 3, 0);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 20 });
    expect(takeToken(refused.bucket, 3, 19_000).ok).toBe(false);
    expect(takeToken(refused.bucket, 3, 20_000).ok).toBe(true);
  });
});
