import type { EscalationLevel } from '../../../workflows/escalation/policy';
import type { Role } from '../../../workflows/tickets/constants';

// The demo world: who works here, who the customers are, what they buy. Edited as data, read by seed.ts.
export const DEMO_PASSWORD = 'watchfloor-demo';

export const OPERATOR = { slug: 'watchfloor', name: 'Watchfloor Operations', timeZone: 'Europe/Berlin' };

export const CUSTOMERS = [
  {
    slug: 'acme',
    name: 'Acme',
    timeZone: 'America/New_York',
    availabilityCommitment: 99.9,
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

/** Targets for a contract whose lower priorities count in `businessCalendarId`'s hours. */
export function demoTargets(businessCalendarId: string) {
  const business = (ms: number) => ({ ms, calendarId: businessCalendarId });
  return {
    response: {
      byPriority: {
        P1: { ms: 15 * MINUTE },
        P2: { ms: 30 * MINUTE },
        P3: business(4 * HOUR),
        P4: business(8 * HOUR),
      },
      bySeverity: {
        critical: { ms: 15 * MINUTE },
        high: { ms: 30 * MINUTE },
        medium: business(4 * HOUR),
        low: business(8 * HOUR),
      },
    },
    resolution: {
      byPriority: {
        P1: { ms: 4 * HOUR },
        P2: { ms: 8 * HOUR },
        P3: business(24 * HOUR),
        P4: business(40 * HOUR),
      },
      bySeverity: {
        critical: { ms: 8 * HOUR },
        high: { ms: 24 * HOUR },
        medium: business(24 * HOUR),
        low: business(40 * HOUR),
      },
    },
    handoff_acceptance: { default: { ms: 15 * MINUTE } },
    noc_action: { default: { ms: HOUR } },
  };
}

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
