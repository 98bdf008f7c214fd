// Helpers for the handoff tests (not a test file itself).
import type { RequestHandoffInput } from '../server/services/handoffs/schemas';

export const EVIDENCE_SHA = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';

/** A realistic handoff packet for an outage, as a NOC engineer would fill it in. */
export function handoffRequest(
  outageId: string,
  now: Date,
  overrides: Partial<RequestHandoffInput> = {},
): RequestHandoffInput {
  const earlier = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  return {
    outageId,
    hypothesis: 'BGP flaps line up with a burst of SSH logins on the edge routers from one address',
    confidence: 'medium',
    symptomStartAt: earlier(90),
    recommendedSeverity: 'high',
    recommendedTlp: 'AMBER',
    observables: [
      { type: 'ipv4', value: '203.0.113.7', ioc: true },
      { type: 'domain', value: 'Update-Check.Example.NET.' },
    ],
    nocActions: [{ what: 'Rebooted edge-rtr-2 (clears its logs)', who: 'Nora NOC', at: earlier(40) }],
    evidence: [
      {
        name: 'edge-rtr-1 syslog export',
        sha256: EVIDENCE_SHA.toUpperCase(),
        sizeBytes: 48_213,
        collectedBy: 'Nora NOC',
        collectedAt: earlier(30),
        location: 's3://noc-evidence/out/edge-rtr-1.log.gz',
      },
    ],
    people: [{ name: 'Pat Peering', role: 'on-call network architect' }],
    ...overrides,
  };
}
