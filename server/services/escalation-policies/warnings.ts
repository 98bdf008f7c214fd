// Warnings (not errors) for escalation policies: targets who will be skipped on security incidents
// because they may not see them (DESIGN §2.9). Drizzle-free: the admin editor shows the same warnings
// live as it is edited; the list and save services return them.
//
// Which policies can reach a security incident: an escalation policy is attached to SLA policies, an SLA
// policy to customers' contracts, and every ticket of such a customer, outage or security incident,
// escalates by it (sla/ticket-clocks.ts planTicketClocks does not look at the kind). So every policy can,
// and every level of it, except one triggered by an OLA clock: handoff acceptance and NOC action clocks
// belong to outages only.

import type { EscalationLevel, EscalationTarget } from '../../../workflows/escalation/policy';
import type { SlaMetric } from '../../../workflows/sla/constants';
import type { Role } from '../../../workflows/tickets/constants';
import { roleHas } from '../../auth/permissions';

/** What a `team` target stands for (escalation-facts.ts resolves it the same way). */
export const TEAM_ROLES: Record<string, Role> = { noc: 'noc_engineer', soc: 'soc_analyst' };

const OUTAGE_ONLY_METRICS: readonly SlaMetric[] = ['handoff_acceptance', 'noc_action'];

export interface EscalationPolicyWarning {
  /** The form field it is about, as in field errors: `levels.<l>.targets.<t>.id`. */
  field: string;
  message: string;
}

const ROLE_NAMES: Record<Role, { one: string; many: string }> = {
  admin: { one: 'admin', many: 'Admins' },
  manager: { one: 'manager', many: 'Managers' },
  noc_engineer: { one: 'NOC engineer', many: 'NOC engineers' },
  soc_analyst: { one: 'SOC analyst', many: 'SOC analysts' },
  customer: { one: 'customer', many: 'Customers' },
};

/** Whether a level can fire on a security incident (see the top of this file). */
export function levelReachesSecurityIncidents(level: Pick<LevelLike, 'trigger'>): boolean {
  const { kind, metric } = level.trigger;
  return kind === 'unacknowledged' || !OUTAGE_ONLY_METRICS.includes(metric as SlaMetric);
}

/** A stored level, or the editor's values for one (which keep every trigger parameter while editing). */
export interface LevelLike {
  trigger: { kind: EscalationLevel['trigger']['kind']; metric?: string };
  targets: readonly EscalationTarget[];
  actions: readonly string[];
}

function targetRole(
  target: EscalationTarget,
  roleOfUser: (id: string) => Role | undefined,
): Role | undefined {
  if (target.kind === 'user') return roleOfUser(target.id);
  if (target.kind === 'team') return TEAM_ROLES[target.id];
  return target.id as Role;
}

function described(target: EscalationTarget, role: Role): string {
  if (target.kind === 'team') return `The ${target.id.toUpperCase()} team`;
  if (target.kind === 'user') return `This ${ROLE_NAMES[role].one}`;
  return ROLE_NAMES[role].many;
}

/**
 * Targets of levels that can reach a security incident who will be skipped there: anyone whose role may
 * not read security incidents (the rule of a read: tickets/access.ts readsInFull), and, on a level that
 * reassigns, anyone who may read but not work them (tickets/permissions.ts assigneeProblem).
 * `roleOfUser` answers a user target's role (undefined: unknown, which the save refuses as an error).
 */
export function escalationPolicyWarnings(
  levels: readonly LevelLike[],
  roleOfUser: (id: string) => Role | undefined,
): EscalationPolicyWarning[] {
  const warnings: EscalationPolicyWarning[] = [];
  levels.forEach((level, l) => {
    if (!levelReachesSecurityIncidents(level)) return;
    level.targets.forEach((target, t) => {
      const role = targetRole(target, roleOfUser);
      if (!role || !(role in ROLE_NAMES)) return;
      const field = `levels.${l}.targets.${t}.id`;
      const who = described(target, role);
      if (role === 'customer' || !roleHas(role, 'security.read')) {
        warnings.push({
          field,
          message: `${who} cannot see security incidents: on those, this level skips them.`,
        });
      } else if (level.actions.includes('reassign') && !roleHas(role, 'security.work')) {
        warnings.push({
          field,
          message: `${who} cannot work security incidents: on those, reassign skips them.`,
        });
      }
    });
  });
  return warnings;
}
