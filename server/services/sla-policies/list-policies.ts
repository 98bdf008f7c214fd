import { asc } from 'drizzle-orm';
import { slaPolicies } from '../../../db/schema';
import { assertAdminRead } from '../kernel/authorize-admin';
import type { ServiceContext } from '../kernel/context';

export async function listPolicies(ctx: ServiceContext) {
  assertAdminRead(ctx.actor);
  return ctx.db.select().from(slaPolicies).orderBy(asc(slaPolicies.name));
}
