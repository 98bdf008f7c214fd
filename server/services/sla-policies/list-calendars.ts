import { asc } from 'drizzle-orm';
import { businessCalendars } from '../../../db/schema';
import { assertAdminRead } from '../kernel/authorize-admin';
import type { ServiceContext } from '../kernel/context';

export async function listCalendars(ctx: ServiceContext) {
  assertAdminRead(ctx.actor);
  return ctx.db.select().from(businessCalendars).orderBy(asc(businessCalendars.name));
}
