import { asc } from 'drizzle-orm';
import { businessCalendars } from '../../../db/schema';
import type { ServiceContext } from '../context';
import { assertAdminRead } from './authorize';

export async function listCalendars(ctx: ServiceContext) {
  assertAdminRead(ctx.actor);
  return ctx.db.select().from(businessCalendars).orderBy(asc(businessCalendars.name));
}
