import { asc, inArray } from 'drizzle-orm';
import { escalationPolicies, users } from '../../../db/schema';
import type { EscalationLevel } from '../../../workflows/escalation/policy';
import { assertAdminRead } from '../kernel/authorize-admin';
import type { ServiceContext } from '../kernel/context';
import { escalationPolicyWarnings } from './warnings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every escalation policy by name, with its warnings (targets skipped on security incidents): admins and
 * managers read them (DESIGN §2.9), like SLA policies.
 */
export async function listEscalationPolicies(ctx: ServiceContext) {
  assertAdminRead(ctx.actor);
  const policies = await ctx.db.select().from(escalationPolicies).orderBy(asc(escalationPolicies.name));
  const levelsOf = (p: (typeof policies)[number]) => p.levels as EscalationLevel[];
  const named = [
    ...new Set(
      policies.flatMap((p) =>
        levelsOf(p).flatMap((l) =>
          l.targets.filter((t) => t.kind === 'user' && UUID.test(t.id)).map((t) => t.id),
        ),
      ),
    ),
  ];
  // Inactive users too: their role says whether they could see an incident if reactivated.
  const roles = new Map(
    named.length
      ? (
          await ctx.db.select({ id: users.id, role: users.role }).from(users).where(inArray(users.id, named))
        ).map((u) => [u.id, u.role])
      : [],
  );
  return policies.map((p) => ({
    ...p,
    warnings: escalationPolicyWarnings(levelsOf(p), (id) => roles.get(id)),
  }));
}
