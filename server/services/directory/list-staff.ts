import { and, asc, eq, inArray } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { roleHas } from '../../auth/permissions';
import type { ServiceContext } from '../kernel/context';
import { forbidden } from '../kernel/errors';

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'manager' | 'noc_engineer' | 'soc_analyst';
}

/** Active staff, for assignee pickers. Customers never see the operator's staff list. */
export async function listStaff(ctx: ServiceContext): Promise<StaffMember[]> {
  if (ctx.actor.type === 'user' && !roleHas(ctx.actor.role, 'console.use')) throw forbidden();
  const rows = await ctx.db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(
      and(eq(users.active, true), inArray(users.role, ['admin', 'manager', 'noc_engineer', 'soc_analyst'])),
    )
    .orderBy(asc(users.name));
  return rows as StaffMember[];
}
