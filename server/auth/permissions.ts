import type { Role } from '../../workflows/tickets/constants';

// DESIGN §2.9 as data. Ticket-level rules (own organisation, need-to-know on security incidents) live in
// server/services/tickets/access.ts; this table answers "may this role do this kind of thing at all".
export const PERMISSIONS = [
  'outage.read',
  'outage.create',
  'outage.work',
  'outage.comment',
  'handoff.request',
  'handoff.decide',
  'security.read',
  'security.work',
  'admin.read',
  'admin.write',
  'portal.report',
  'console.use',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS.filter((p) => p !== 'portal.report'),
  manager: [
    'console.use',
    'outage.read',
    'outage.create',
    'outage.work',
    'outage.comment',
    'handoff.request',
    'handoff.decide',
    'security.read',
    'admin.read',
  ],
  noc_engineer: [
    'console.use',
    'outage.read',
    'outage.create',
    'outage.work',
    'outage.comment',
    'handoff.request',
  ],
  soc_analyst: [
    'console.use',
    'outage.read',
    'outage.comment',
    'handoff.decide',
    'security.read',
    'security.work',
  ],
  customer: ['outage.read', 'portal.report'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Staff work for the operator; customers see only their own organisation. */
export function isStaff(role: Role): boolean {
  return role !== 'customer';
}
