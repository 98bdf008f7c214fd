import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { roleHas } from '../../auth/permissions';
import type { ServiceContext } from '../context';
import { badRequest } from '../errors';
import { parseInput } from '../parse';
import { changeTicket } from './engine';
import { assertMayWork } from './permissions';
import { type AssignInput, assignInput } from './schemas';

/** tickets.assign: to an active staff member who may work this kind of ticket, or unassigned (null). */
export async function assignTicket(ctx: ServiceContext, rawInput: AssignInput) {
  const input = parseInput(assignInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    expectedVersion: input.version,
    authorize: (ticket) => assertMayWork(ctx.actor, ticket),
    decide: async (ticket, tx) => {
      let assignee: { id: string; email: string } | null = null;
      if (input.assigneeId) {
        const [user] = await tx.select().from(users).where(eq(users.id, input.assigneeId));
        const permission = ticket.kind === 'outage' ? 'outage.work' : 'security.work';
        if (!user?.active || !roleHas(user.role, permission)) {
          throw badRequest('Invalid input', {
            assigneeId: ['Choose an active colleague who works these tickets'],
          });
        }
        assignee = { id: user.id, email: user.email };
      }
      if ((assignee?.id ?? null) === ticket.assigneeId) return { events: [], result: { changed: false } };
      return {
        set: { assigneeId: assignee?.id ?? null },
        events: [
          {
            type: 'ticket.assigned',
            payload: { from: ticket.assigneeId, to: assignee?.id ?? null, toEmail: assignee?.email ?? null },
          },
        ],
        result: { changed: true },
      };
    },
  });
}
