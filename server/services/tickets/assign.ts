import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { type AssigneeProblem, assertMayWork, assigneeProblem, namedUser } from './internal/permissions';
import { type AssignInput, assignInput } from './schemas';

const ASSIGNEE_MESSAGES: Record<AssigneeProblem, string> = {
  inactive: 'Choose an active colleague who works these tickets',
  // Said without naming the ticket's content: the form already shows the ticket to this user.
  need_to_know: 'This person may not see all of this ticket; choose a colleague who can',
  cannot_work: 'Choose an active colleague who works these tickets',
};

/**
 * tickets.assign: to an active staff member who reads this ticket in full and may work its kind (the
 * rule escalation `reassign` follows too), or unassigned (null).
 */
export async function assignTicket(ctx: ServiceContext, rawInput: AssignInput) {
  const input = parseInput(assignInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    expectedVersion: input.version,
    authorize: (ticket) => assertMayWork(ctx.actor, ticket),
    load: (tx) => namedUser(tx, input.assigneeId),
    decide: (ticket, _now, { loaded: user }) => {
      let assignee: { id: string; email: string } | null = null;
      if (input.assigneeId) {
        const problem = user ? assigneeProblem(user, ticket) : 'inactive';
        if (problem) throw badRequest('Invalid input', { assigneeId: [ASSIGNEE_MESSAGES[problem]] });
        assignee = { id: user!.id, email: user!.email };
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
