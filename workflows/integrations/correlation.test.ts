import { describe, expect, it } from 'vitest';
import {
  type AlertFields,
  alertCandidates,
  type Candidate,
  matchObservables,
  matchScope,
  type StoredObservable,
} from './correlation';

const alert = (partial: Partial<AlertFields>): AlertFields => ({
  labels: {},
  annotations: {},
  details: {},
  ...partial,
});
const pairs = (candidates: Candidate[]) => candidates.map((c) => `${c.type}:${c.value}`).sort();

describe('alertCandidates', () => {
  it('takes hosts, addresses and domains from labels, annotations and nested details, canonically', () => {
    const found = alertCandidates(
      alert({
        labels: { instance: 'DB01.Example.COM.:9100', alertname: 'HighCPU' },
        annotations: { peer: '2001:0DB8:0:0:0:0:0:1' },
        details: { network: { addresses: ['198.51.100.7', '[2001:db8::2]:443'] } },
      }),
    );
    expect(pairs(found)).toEqual([
      'domain:db01.example.com',
      'hostname:db01.example.com',
      'ipv4:198.51.100.7',
      'ipv6:2001:db8::1',
      'ipv6:2001:db8::2',
    ]);
  });

  it('matches exactly: no word out of free text, no parent domain of a subdomain', () => {
    const found = alertCandidates(
      alert({
        annotations: { summary: 'CPU high on db01.example.com since 10:00' },
        labels: { url: 'https://api.shop.example.org/health' },
      }),
    );
    expect(pairs(found)).toEqual(['domain:api.shop.example.org', 'hostname:api.shop.example.org']);
  });

  it('takes single-label host names and user names only from keys that say so', () => {
    const found = alertCandidates(
      alert({
        labels: { host: 'DB01', job: 'node', severity: 'critical', user: 'Alice.Smith' },
        details: { login: 'svc-backup', team: 'payments' },
      }),
    );
    expect(pairs(found)).toEqual(['hostname:db01', 'username:Alice.Smith', 'username:svc-backup']);
  });

  it('never offers loopback, unspecified, link-local, multicast or localhost values', () => {
    const found = alertCandidates(
      alert({
        labels: {
          instance: '127.0.0.1:9100',
          a: '0.0.0.0',
          b: '::1',
          c: 'fe80::1',
          d: '169.254.10.1',
          host: 'localhost',
          e: 'app.localhost',
          f: '224.0.0.1',
          user: 'root',
          g: '::ffff:127.0.0.1',
        },
      }),
    );
    expect(found).toEqual([]);
  });

  it('scopes private-use values to the organisation', () => {
    const found = alertCandidates(alert({ labels: { a: '10.1.2.3', b: '8.8.4.4', c: 'fd00::5' } }));
    expect(Object.fromEntries(found.map((c) => [c.value, c.scope]))).toEqual({
      '10.1.2.3': 'organisation',
      '8.8.4.4': 'global',
      'fd00::5': 'organisation',
    });
  });

  it('keeps user names as the username type stores them (case kept) and e-mail with a lowercased domain', () => {
    const found = alertCandidates(alert({ labels: { account: 'JDoe', mail: 'J.Doe@Example.COM' } }));
    expect(pairs(found)).toEqual(['email:J.Doe@example.com', 'username:JDoe']);
  });
});

describe('matchScope', () => {
  it.each([
    ['ipv4', '127.0.0.1', null],
    ['ipv4', '255.255.255.255', null],
    ['ipv4', '192.168.1.1', 'organisation'],
    ['ipv4', '172.16.0.1', 'organisation'],
    ['ipv4', '172.32.0.1', 'global'],
    ['ipv6', '::', null],
    ['ipv6', 'ff02::1', null],
    ['hostname', 'localhost.localdomain', null],
    ['hostname', 'db01', 'organisation'],
    ['domain', 'evil.example', 'global'],
    ['username', 'Administrator', null],
  ] as const)('%s %s → %s', (type, value, scope) => {
    expect(matchScope(type, value)).toBe(scope);
  });
});

describe('matchObservables', () => {
  const ORG = 'org-a';
  const obs = (id: string, ticketId: string, type: string, value: string, organisationId = ORG) =>
    ({ id, ticketId, type, value, organisationId }) satisfies StoredObservable;

  it('compares type and canonical value exactly, once per incident', () => {
    const candidates = alertCandidates(
      alert({ labels: { instance: 'db01.example.com:9100', ip: '203.0.113.9' } }),
    );
    const matches = matchObservables(
      candidates,
      [
        obs('o1', 'sec-1', 'hostname', 'db01.example.com'),
        obs('o2', 'sec-1', 'ipv4', '203.0.113.9'),
        obs('o3', 'sec-2', 'domain', 'example.com'), // parent domain: not named
        obs('o4', 'sec-3', 'ipv4', '203.0.113.9'),
        obs('o5', 'sec-4', 'username', 'db01.example.com'), // wrong type
      ],
      ORG,
    );
    expect(matches.map((m) => [m.incidentId, m.observableId])).toEqual([
      ['sec-1', 'o1'],
      ['sec-3', 'o4'],
    ]);
  });

  it('matches private-use values only in the alert organisation, public ones anywhere', () => {
    const candidates = alertCandidates(alert({ labels: { a: '10.0.0.5', b: '198.51.100.1' } }));
    const matches = matchObservables(
      candidates,
      [obs('o1', 'sec-1', 'ipv4', '10.0.0.5', 'org-b'), obs('o2', 'sec-2', 'ipv4', '198.51.100.1', 'org-b')],
      ORG,
    );
    expect(matches.map((m) => m.incidentId)).toEqual(['sec-2']);
  });

  it('never matches a generic observable, even one an analyst recorded', () => {
    const candidates: Candidate[] = [{ type: 'ipv4', value: '127.0.0.1', scope: 'global' }];
    expect(matchObservables(candidates, [obs('o1', 'sec-1', 'ipv4', '127.0.0.1')], ORG)).toEqual([]);
  });
});
