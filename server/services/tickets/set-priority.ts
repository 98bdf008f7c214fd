import { priorityFor } from '../../../workflows/tickets/priority';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { parseInput } from '../kernel/parse';
import { assertMayWork } from './internal/permissions';
import { type SetPriorityInput, setPriorityInput } from './schemas';
import { auditChanges } from './transition';

/** tickets.setPriority: impact × urgency through the ITIL matrix, or an override with its reason. */
export async function setTicketPriority(ctx: ServiceContext, rawInput: SetPriorityInput) {
  const input = parseInput(setPriorityInput, rawInput);
  const matrix = priorityFor(input.impact, input.urgency);
  const priority = input.priority ?? matrix;
  const overrideReason = priority === matrix ? null : input.reason!;
  return changeTicket(ctx, {
    ticketId: input.id,
    expectedVersion: input.version,
    authorize: (ticket) => assertMayWork(ctx.actor, ticket),
    decide: (ticket) => {
      const next = {
        impact: input.impact,
        urgency: input.urgency,
        priority,
        priorityOverrideReason: overrideReason,
      };
      const changed = Object.fromEntries(
        Object.entries(next).filter(([key, value]) => ticket[key as keyof typeof next] !== value),
      ) as Partial<typeof next>;
      if (Object.keys(changed).length === 0) return { events: [], result: { priority } };
      return {
        set: changed,
        events: [
          {
            type: 'ticket.priority_changed',
            payload: {
              changes: auditChanges(ticket, changed),
              matrix,
              // The whole priority before, changed or not, so the timeline reads "P2 (high × medium) → …".
              from: { priority: ticket.priority, impact: ticket.impact, urgency: ticket.urgency },
            },
          },
        ],
        result: { priority },
      };
    },
  });
}
