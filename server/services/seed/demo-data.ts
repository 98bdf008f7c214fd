import type { EscalationLevel } from '../../../workflows/escalation/policy';
import type { MetricTargets, SlaTargets } from '../../../workflows/sla/targets';
import { PRIORITIES, type Role, SEVERITIES } from '../../../workflows/tickets/constants';
import type { RequestHandoffInput, RequestNocActionInput } from '../handoffs/schemas';
import type { CommentInput, CreateTicketInput, LifecycleEventInput } from '../tickets/schemas';

// The demo world: who works here, who the customers are, what they buy. Edited as data, read by seed.ts.
export const DEMO_PASSWORD = 'watchfloor-demo';

export const OPERATOR = { slug: 'watchfloor', name: 'Watchfloor Operations', timeZone: 'Europe/Berlin' };

export const CUSTOMERS = [
  {
    slug: 'acme',
    name: 'Acme',
    timeZone: 'America/New_York',
    availabilityCommitment: 99.9,
    statusPagePublic: true,
    services: [
      { slug: 'website', name: 'Website', group: 'Customer-facing', description: 'www.acme.test storefront' },
      { slug: 'api', name: 'Public API', group: 'Customer-facing', description: 'REST API used by partners' },
      {
        slug: 'payments',
        name: 'Payments',
        group: 'Customer-facing',
        description: 'Card and invoice payments',
      },
      { slug: 'email', name: 'Email', group: 'Internal', description: 'Staff mail and calendars' },
      { slug: 'vpn', name: 'Remote access VPN', group: 'Internal', description: 'Staff VPN concentrators' },
    ],
  },
  {
    slug: 'globex',
    name: 'Globex',
    timeZone: 'Europe/Berlin',
    availabilityCommitment: 99.95,
    statusPagePublic: true,
    services: [
      { slug: 'sd-wan', name: 'SD-WAN', group: 'Network', description: '42 branch sites' },
      {
        slug: 'dc-fra',
        name: 'Data centre Frankfurt',
        group: 'Network',
        description: 'Colocation and transit',
      },
      { slug: 'erp', name: 'ERP', group: 'Applications', description: 'Hosted ERP' },
    ],
  },
] as const;

/** Every demo contract's service-credit table (percent of the monthly fee below each uptime). */
export const DEMO_CREDIT_TIERS = [
  { belowPercent: 99.9, creditPercent: 10 },
  { belowPercent: 99, creditPercent: 25 },
  { belowPercent: 95, creditPercent: 100 },
] as const;

export const OPERATOR_SERVICES = [
  {
    slug: 'core-network',
    name: 'Core network',
    group: 'Shared infrastructure',
    description: 'Backbone and peering',
  },
  {
    slug: 'dns',
    name: 'DNS',
    group: 'Shared infrastructure',
    description: 'Authoritative and recursive DNS',
  },
] as const;

export const DEMO_USERS: { email: string; name: string; role: Role; organisation: string }[] = [
  { email: 'admin@watchfloor.test', name: 'Ada Admin', role: 'admin', organisation: 'watchfloor' },
  { email: 'manager@watchfloor.test', name: 'Morgan Manager', role: 'manager', organisation: 'watchfloor' },
  { email: 'noc@watchfloor.test', name: 'Nico NOC', role: 'noc_engineer', organisation: 'watchfloor' },
  { email: 'soc@watchfloor.test', name: 'Sasha SOC', role: 'soc_analyst', organisation: 'watchfloor' },
  { email: 'customer@acme.test', name: 'Casey (Acme)', role: 'customer', organisation: 'acme' },
  { email: 'customer@globex.test', name: 'Gabi (Globex)', role: 'customer', organisation: 'globex' },
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const weekdays = (start: string, end: string) =>
  ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start, end }));

/** Business calendars: P1/P2 count round the clock, P3/P4 only in the customer's office hours. */
export const DEMO_CALENDARS = {
  always: {
    name: '24×7',
    timeZone: 'UTC',
    weekly: ([0, 1, 2, 3, 4, 5, 6] as const).map((day) => ({ day, start: '00:00', end: '24:00' })),
  },
  newYork: {
    name: 'Business hours, New York',
    timeZone: 'America/New_York',
    weekly: weekdays('09:00', '17:00'),
    holidayPreset: { country: 'US' },
  },
  berlin: {
    name: 'Business hours, Berlin',
    timeZone: 'Europe/Berlin',
    weekly: weekdays('08:00', '18:00'),
    holidayPreset: { country: 'DE', state: 'BE' },
  },
} as const;

/**
 * Target per rung, [P1, P2, P3, P4] and for security incidents [critical, high, medium, low]: the top two
 * count round the clock, the lower two in the customer's business hours.
 */
const DEMO_TARGET_MS: Record<'response' | 'resolution', Record<'byPriority' | 'bySeverity', number[]>> = {
  response: {
    byPriority: [15 * MINUTE, 30 * MINUTE, 4 * HOUR, 8 * HOUR],
    bySeverity: [15 * MINUTE, 30 * MINUTE, 4 * HOUR, 8 * HOUR],
  },
  resolution: {
    byPriority: [4 * HOUR, 8 * HOUR, 24 * HOUR, 40 * HOUR],
    bySeverity: [8 * HOUR, 24 * HOUR, 24 * HOUR, 40 * HOUR],
  },
};
const RUNGS = { byPriority: PRIORITIES, bySeverity: [...SEVERITIES].reverse() } as const;

/** Targets for a contract whose lower priorities count in `businessCalendarId`'s hours. */
export function demoTargets(businessCalendarId: string): SlaTargets {
  const ladder = (table: keyof typeof RUNGS, ms: number[]) =>
    Object.fromEntries(
      RUNGS[table].map((rung, i) => [
        rung,
        i < 2 ? { ms: ms[i]! } : { ms: ms[i]!, calendarId: businessCalendarId },
      ]),
    );
  const metric = (m: keyof typeof DEMO_TARGET_MS): MetricTargets => ({
    byPriority: ladder('byPriority', DEMO_TARGET_MS[m].byPriority),
    bySeverity: ladder('bySeverity', DEMO_TARGET_MS[m].bySeverity),
  });
  return {
    response: metric('response'),
    resolution: metric('resolution'),
    handoff_acceptance: { default: { ms: 15 * MINUTE } },
    noc_action: { default: { ms: HOUR } },
  };
}

/** Each customer's SLA policy: which calendar its lower priorities count in, and whether it escalates. */
export const DEMO_POLICIES: Record<
  (typeof CUSTOMERS)[number]['slug'],
  { name: string; businessCalendar: keyof typeof DEMO_CALENDARS; escalates: boolean }
> = {
  acme: { name: 'Acme standard', businessCalendar: 'newYork', escalates: true },
  globex: { name: 'Globex premium', businessCalendar: 'berlin', escalates: false },
};

/** Acme's escalation: the NOC is chased after 10 unacknowledged minutes; a response breach pulls in managers. */
export const DEMO_ESCALATION: { name: string; repeat: number; levels: EscalationLevel[] } = {
  name: 'Acme: chase, then managers',
  repeat: 0,
  levels: [
    {
      trigger: { kind: 'unacknowledged', minutes: 10 },
      targets: [{ kind: 'team', id: 'noc' }],
      actions: ['notify'],
    },
    {
      trigger: { kind: 'clock_breached', metric: 'response' },
      targets: [{ kind: 'role', id: 'manager' }],
      actions: ['notify', 'raise_priority'],
    },
  ],
};

/** Who acts in the demo story: the NOC or the SOC demo user. */
export type DemoActor = 'noc' | 'soc';

type DemoTicket = Omit<CreateTicketInput, 'organisationId' | 'serviceIds'> & {
  by: DemoActor;
  /** Organisation slug, and services as `org/service` slugs. */
  organisation: string;
  services: string[];
};

/** The demo tickets, created in this order (so their numbers are stable) through the ticket services. */
export const DEMO_TICKETS = {
  payments: {
    by: 'noc',
    title: 'Payments API returning 502 for EU customers',
    description: 'Error rate on payments-gw above 20 % since 09:40 UTC; upstream TLS handshakes failing.',
    organisation: 'acme',
    services: ['acme/payments', 'acme/api'],
    impact: 'high',
    urgency: 'high',
  },
  transit: {
    by: 'noc',
    title: 'Packet loss on Frankfurt transit link',
    description: '3–5 % loss on xe-0/0/1 towards AS3356; traffic partially rerouted.',
    organisation: 'globex',
    services: ['globex/dc-fra', 'watchfloor/core-network'],
    impact: 'medium',
    urgency: 'medium',
  },
  vpn: {
    by: 'noc',
    title: 'VPN logins slow for remote staff',
    organisation: 'acme',
    services: ['acme/vpn'],
    impact: 'low',
    urgency: 'medium',
  },
  dnsChange: {
    by: 'noc',
    title: 'Recursive DNS latency after resolver upgrade',
    description: 'p99 lookup latency 900 ms after the 02:00 change window; rolled back at 03:10.',
    organisation: 'watchfloor',
    services: ['watchfloor/dns'],
    impact: 'medium',
    urgency: 'low',
  },
  spraying: {
    by: 'soc',
    kind: 'security',
    title: 'Password spraying against Acme VPN portal',
    description: '1,900 failed logins from 38 addresses in 20 minutes, 3 successful.',
    organisation: 'acme',
    services: ['acme/vpn'],
    impact: 'medium',
    urgency: 'high',
    severity: 'high',
    tlp: 'AMBER',
  },
  relay: {
    by: 'noc',
    title: 'Outbound mail queue spike on Acme relay',
    description: 'relay-2 queue at 48,000 messages; upstream providers deferring us as a spam source.',
    organisation: 'acme',
    services: ['acme/email'],
    impact: 'medium',
    urgency: 'high',
  },
} satisfies Record<string, DemoTicket>;
export type DemoTicketKey = keyof typeof DEMO_TICKETS;

/** How far the NOC has moved each demo outage along its lifecycle (payments is also assigned to it). */
export const DEMO_PROGRESS: { ticket: DemoTicketKey; events: LifecycleEventInput[] }[] = [
  { ticket: 'payments', events: [{ type: 'ACK' }, { type: 'INVESTIGATE' }] },
  { ticket: 'transit', events: [{ type: 'ACK' }, { type: 'INVESTIGATE' }, { type: 'IDENTIFY' }] },
  {
    ticket: 'dnsChange',
    events: [
      { type: 'ACK' },
      { type: 'INVESTIGATE' },
      { type: 'FIX' },
      {
        type: 'RESOLVE',
        resolutionSummary:
          'Rolled the resolvers back to the previous release; lookup latency is back under 20 ms at p99.',
        causeCategory: 'configuration_change',
      },
    ],
  },
  { ticket: 'relay', events: [{ type: 'ACK' }, { type: 'INVESTIGATE' }] },
];

/** What the NOC has told Acme's status page about the live payments outage (components by slug). */
export const DEMO_PUBLIC_UPDATE = {
  ticket: 'payments' as DemoTicketKey,
  title: 'Card payments failing for EU customers',
  status: 'investigating' as const,
  body: 'We are investigating failed card payments for customers in Europe. Next update in 30 minutes.',
  components: [
    { service: 'acme/payments', status: 'partial_outage' as const },
    { service: 'acme/api', status: 'degraded_performance' as const },
  ],
};

/** An upcoming window on Acme's status page: in three days, 02:00–04:00 UTC. */
export const DEMO_UPCOMING_MAINTENANCE = {
  organisation: 'acme',
  services: ['acme/website'],
  title: 'Storefront database upgrade',
  body: 'The storefront may show a maintenance page for up to 10 minutes during the window.',
  inDays: 3,
  hours: 2,
};

export const DEMO_COMMENTS: ({ ticket: DemoTicketKey } & Omit<CommentInput, 'id'>)[] = [
  {
    ticket: 'payments',
    visibility: 'public',
    body: 'We are investigating failed card payments for customers in Europe. Next update in 30 minutes.',
  },
  {
    ticket: 'payments',
    body: 'TLS handshake failures started with the 09:35 certificate rotation on payments-gw-eu-2.',
  },
];

/**
 * NOC → SOC: a relay spewing mail, handed off and accepted, with a NOC action waiting; and the transit
 * loss, whose SYN-flood look is waiting for the SOC to accept or decline. `at(m)` is m minutes ago.
 */
export function demoHandoffs(at: (minutesAgo: number) => Date) {
  const relay: Omit<RequestHandoffInput, 'outageId'> = {
    hypothesis: 'A compromised mailbox is relaying spam: one sender, 40 k recipients, new geography',
    confidence: 'high',
    symptomStartAt: at(120),
    recommendedSeverity: 'high',
    recommendedTlp: 'AMBER',
    observables: [
      { type: 'email', value: 'j.doe@acme.test', ioc: true },
      { type: 'ipv4', value: '198.51.100.23', ioc: true },
    ],
    nocActions: [{ what: 'Rate-limited relay-2 to 50 msg/min', who: 'Nora NOC', at: at(30) }],
    evidence: [
      {
        name: 'relay-2 queue export',
        sha256: '9f2c6b1e4d8a7f3c0b5e2d9a6c1f8e4b7a3d0c9e6f2b5a8d1c4e7f0a3b6c9d2e',
        sizeBytes: 1_204_889,
        collectedBy: 'Nora NOC',
        collectedAt: at(25),
        location: 'evidence-vault://acme/relay-2/queue.tar.zst',
      },
    ],
    people: [{ name: 'Mia Mail', role: 'Acme mail admin' }],
  };
  const relayNocAction: Omit<RequestNocActionInput, 'incidentId' | 'outageId'> = {
    action: 'block_address',
    details: 'Block outbound SMTP from 198.51.100.23 at the relay ACL and keep the queue for evidence.',
  };
  const transit: Omit<RequestHandoffInput, 'outageId'> = {
    hypothesis: 'Loss coincides with a SYN flood pattern towards Globex ERP from a few /24s',
    confidence: 'low',
    symptomStartAt: at(45),
    recommendedSeverity: 'medium',
    recommendedTlp: 'GREEN',
    observables: [{ type: 'cidr', value: '203.0.113.0/24' }],
  };
  return { relay, relayNocAction, transit };
}
