import { asc } from 'drizzle-orm';
import { escalationPolicies } from '../../../db/schema';
import type { ServiceContext } from '../context';
import { assertAdminRead } from './authorize';

/** Every escalation policy by name: admins and managers read them (DESIGN §2.9), like SLA policies. */
export async function listEscalationPolicies(ctx: ServiceContext) {
  assertAdminRead(ctx.actor);
  return ctx.db.select().from(escalationPolicies).orderBy(asc(escalationPolicies.name));
}
