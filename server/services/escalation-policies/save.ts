import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Transaction } from '../../../db/client';
import { escalationPolicies, users } from '../../../db/schema';
import type { Role } from '../../../workflows/tickets/constants';
import { assertAdminWrite } from '../kernel/authorize-admin';
import type { ServiceContext } from '../kernel/context';
import { conflictOnRace, sqlState } from '../kernel/db-errors';
import { badRequest, notFound, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { type EscalationPolicyInput, escalationPolicyInput } from './schemas';
import { type EscalationPolicyWarning, escalationPolicyWarnings } from './warnings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STAFF_ROLES = ['admin', 'manager', 'noc_engineer', 'soc_analyst'] as const;

const nameTaken = () =>
  new ServiceError('CONFLICT', 'An escalation policy with this name already exists', {
    name: ['An escalation policy with this name already exists'],
  });

/** The roles of the active staff that user targets name (a missing id is an error below). */
async function staffRoles(
  tx: Transaction,
  levels: { targets: { kind: string; id: string }[] }[],
): Promise<Map<string, Role>> {
  const named = levels.flatMap((level) => level.targets.filter((t) => t.kind === 'user').map((t) => t.id));
  const candidates = [...new Set(named.filter((id) => UUID.test(id)))];
  if (candidates.length === 0) return new Map();
  const rows = await tx
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(inArray(users.id, candidates), eq(users.active, true), inArray(users.role, STAFF_ROLES)));
  return new Map(rows.map((u) => [u.id, u.role]));
}

/** Field errors for user targets that are not active staff (they would silently reach nobody). */
function unknownUserTargets(
  levels: { targets: { kind: string; id: string }[] }[],
  staff: Map<string, Role>,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  levels.forEach((level, l) => {
    level.targets.forEach((target, t) => {
      if (target.kind === 'user' && !staff.has(target.id))
        errors[`levels.${l}.targets.${t}.id`] = ['No active staff member with this id'];
    });
  });
  return errors;
}

/**
 * Creates or updates an escalation policy (admins only), answering with its warnings: targets who will
 * be skipped on security incidents (escalation-policy-warnings.ts), saved anyway since the policy is
 * right for outages. Tickets already escalating are not touched: each
 * ticket_escalations machine carries its own copy of the policy, taken when the ticket's escalation
 * started (workflows/escalation startEscalation), so an edit applies to tickets created afterwards only.
 */
export async function saveEscalationPolicy(
  ctx: ServiceContext,
  rawInput: EscalationPolicyInput,
): Promise<{ id: string; warnings: EscalationPolicyWarning[] }> {
  assertAdminWrite(ctx.actor);
  const input = parseInput(escalationPolicyInput, rawInput);
  const now = ctx.now();
  return ctx.db
    .transaction(async (tx) => {
      const staff = await staffRoles(tx, input.levels);
      const userErrors = unknownUserTargets(input.levels, staff);
      if (Object.keys(userErrors).length) throw badRequest('Invalid input', userErrors);
      const warnings = escalationPolicyWarnings(input.levels, (id) => staff.get(id));
      // A readable answer for the common case; the UNIQUE constraint still decides a race (below).
      const [clash] = await tx
        .select({ id: escalationPolicies.id })
        .from(escalationPolicies)
        .where(
          input.id
            ? and(eq(escalationPolicies.name, input.name), ne(escalationPolicies.id, input.id))
            : eq(escalationPolicies.name, input.name),
        );
      if (clash) throw nameTaken();
      const values = { name: input.name, levels: input.levels, repeat: input.repeat, updatedAt: now };
      if (input.id) {
        const [row] = await tx
          .update(escalationPolicies)
          .set(values)
          .where(eq(escalationPolicies.id, input.id))
          .returning({ id: escalationPolicies.id });
        if (!row) throw notFound('Escalation policy');
        return { ...row, warnings };
      }
      const [row] = await tx
        .insert(escalationPolicies)
        .values({ ...values, createdAt: now })
        .returning({ id: escalationPolicies.id });
      return { ...row!, warnings };
    })
    .catch((error: unknown) => {
      // The only unique key besides the random primary key is the name: someone saved the same name first.
      if (!(error instanceof ServiceError) && sqlState(error) === '23505') throw nameTaken();
      return conflictOnRace(error);
    });
}
