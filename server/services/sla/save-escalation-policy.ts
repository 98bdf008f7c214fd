import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Transaction } from '../../../db/client';
import { escalationPolicies, users } from '../../../db/schema';
import type { ServiceContext } from '../context';
import { conflictOnRace, sqlState } from '../db-errors';
import { badRequest, notFound, ServiceError } from '../errors';
import { parseInput } from '../parse';
import { assertAdminWrite } from './authorize';
import { type EscalationPolicyInput, escalationPolicyInput } from './escalation-policy-schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STAFF_ROLES = ['admin', 'manager', 'noc_engineer', 'soc_analyst'] as const;

const nameTaken = () =>
  new ServiceError('CONFLICT', 'An escalation policy with this name already exists', {
    name: ['An escalation policy with this name already exists'],
  });

/** Field errors for user targets that are not active staff (they would silently reach nobody). */
async function unknownUserTargets(
  tx: Transaction,
  levels: { targets: { kind: string; id: string }[] }[],
): Promise<Record<string, string[]>> {
  const named = levels.flatMap((level) => level.targets.filter((t) => t.kind === 'user').map((t) => t.id));
  const candidates = [...new Set(named.filter((id) => UUID.test(id)))];
  const staff = new Set(
    candidates.length
      ? (
          await tx
            .select({ id: users.id })
            .from(users)
            .where(
              and(inArray(users.id, candidates), eq(users.active, true), inArray(users.role, STAFF_ROLES)),
            )
        ).map((u) => u.id)
      : [],
  );
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
 * Creates or updates an escalation policy (admins only). Tickets already escalating are not touched: each
 * ticket_escalations machine carries its own copy of the policy, taken when the ticket's escalation
 * started (workflows/escalation startEscalation), so an edit applies to tickets created afterwards only.
 */
export async function saveEscalationPolicy(
  ctx: ServiceContext,
  rawInput: EscalationPolicyInput,
): Promise<{ id: string }> {
  assertAdminWrite(ctx.actor);
  const input = parseInput(escalationPolicyInput, rawInput);
  const now = ctx.now();
  return ctx.db
    .transaction(async (tx) => {
      const userErrors = await unknownUserTargets(tx, input.levels);
      if (Object.keys(userErrors).length) throw badRequest('Invalid input', userErrors);
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
        return row;
      }
      const [row] = await tx
        .insert(escalationPolicies)
        .values({ ...values, createdAt: now })
        .returning({ id: escalationPolicies.id });
      return row!;
    })
    .catch((error: unknown) => {
      // The only unique key besides the random primary key is the name: someone saved the same name first.
      if (!(error instanceof ServiceError) && sqlState(error) === '23505') throw nameTaken();
      return conflictOnRace(error);
    });
}
