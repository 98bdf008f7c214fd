import { and, eq } from 'drizzle-orm';
import { observables } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertWorkableIncident } from './internal/workable';
import { type RemoveObservableInput, removeObservableInput } from './schemas';

/** security.removeObservable: a mistaken or irrelevant indicator; the audit log keeps what it was. */
export async function removeObservable(ctx: ServiceContext, rawInput: RemoveObservableInput) {
  const input = parseInput(removeObservableInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertWorkableIncident(ctx.actor, ticket, 'Removing observables'),
    apply: async (tx, ticket) => {
      const [removed] = await tx
        .delete(observables)
        .where(and(eq(observables.id, input.observableId), eq(observables.ticketId, ticket.id)))
        .returning();
      if (!removed) throw notFound('Observable');
      return {
        events: [
          {
            type: 'observable.removed',
            payload: { observableId: removed.id, type: removed.type, value: removed.value, ioc: removed.ioc },
          },
        ],
        result: { observableId: removed.id },
      };
    },
  });
}
