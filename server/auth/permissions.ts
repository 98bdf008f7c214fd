import type { Role } from '../../workflows/tickets/constants';

// DESIGN §2.9 as data, one row per permission listing the roles that hold it. Ticket-level rules (own
// organisation, need-to-know on security incidents) live in server/services/kernel/access.ts; this table
// answers "may this role do this kind of thing at all".
const STAFF = ['admin', 'manager', 'noc_engineer', 'soc_analyst'] as const satisfies readonly Role[];
/** Those who create and work outages and hand them to the SOC. */
const NOC_SIDE = ['admin', 'manager', 'noc_engineer'] as const satisfies readonly Role[];
/** Those who read security incidents and decide handoffs. */
const SOC_SIDE = ['admin', 'manager', 'soc_analyst'] as const satisfies readonly Role[];

const GRANTED_TO = {
  'console.use': STAFF,
  'outage.read': [...STAFF, 'customer'],
  'outage.create': NOC_SIDE,
  'outage.work': NOC_SIDE,
  'outage.comment': STAFF,
  'handoff.request': NOC_SIDE,
  'handoff.decide': SOC_SIDE,
  'security.read': SOC_SIDE,
  'security.work': ['admin', 'soc_analyst'],
  'admin.read': ['admin', 'manager'],
  'admin.write': ['admin'],
  'portal.report': ['customer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTED_TO;

export function roleHas(role: Role, permission: Permission): boolean {
  return (GRANTED_TO[permission] as readonly Role[]).includes(role);
}

/** Staff work for the operator; customers see only their own organisation. */
export function isStaff(role: Role): boolean {
  return role !== 'customer';
}
