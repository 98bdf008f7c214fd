import { and, eq } from 'drizzle-orm';
import { observables } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertWorkableIncident } from './internal/workable';
import { type SetObservableIocInput, setObservableIocInput } from './schemas';

/** security.setObservableIoc: marks an observable as an indicator of compromise, or no longer one. */
export async function setObservableIoc(ctx: ServiceContext, rawInput: SetObservableIocInput) {
  const input = parseInput(setObservableIocInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertWorkableIncident(ctx.actor, ticket, 'Flagging observables'),
    apply: async (tx, ticket) => {
      const [observable] = await tx
        .select()
        .from(observables)
        .where(and(eq(observables.id, input.observableId), eq(observables.ticketId, ticket.id)));
      if (!observable) throw notFound('Observable');
      const result = { observableId: observable.id, changed: observable.ioc !== input.ioc };
      if (!result.changed) return { events: [], result };
      await tx.update(observables).set({ ioc: input.ioc }).where(eq(observables.id, observable.id));
      return {
        events: [
          {
            type: 'observable.updated',
            payload: {
              observableId: observable.id,
              type: observable.type,
              value: observable.value,
              ioc: { from: observable.ioc, to: input.ioc },
            },
          },
        ],
        result,
      };
    },
  });
}
