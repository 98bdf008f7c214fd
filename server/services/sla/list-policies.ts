import { asc } from 'drizzle-orm';
import { slaPolicies } from '../../../db/schema';
import type { ServiceContext } from '../context';
import { assertAdminRead } from './authorize';

export async function listPolicies(ctx: ServiceContext) {
  assertAdminRead(ctx.actor);
  return ctx.db.select().from(slaPolicies).orderBy(asc(slaPolicies.name));
}
