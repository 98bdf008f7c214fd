import type { Role } from '../../workflows/tickets/constants';

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
