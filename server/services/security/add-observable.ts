import { and, eq } from 'drizzle-orm';
import { observables } from '../../../db/schema';
import { normaliseObservable } from '../../../workflows/security/observables';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { actorUserId, assertWorkableIncident } from './internal/workable';
import { type AddObservableInput, addObservableInput } from './schemas';

/**
 * security.addObservable: records an indicator in canonical form, so the same address written two ways is
 * one row. Adding one that is already recorded changes only its IOC flag, when `ioc` is given and differs.
 */
export async function addObservable(ctx: ServiceContext, rawInput: AddObservableInput) {
  const input = parseInput(addObservableInput, rawInput);
  const canonical = normaliseObservable(input.type, input.value);
  // The schema has checked it; kept so the stored value can never be a raw one.
  if (!canonical.ok) throw badRequest('Invalid input', { value: [canonical.message] });
  const value = canonical.value;
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertWorkableIncident(ctx.actor, ticket, 'Adding observables'),
    apply: async (tx, ticket, now) => {
      const [inserted] = await tx
        .insert(observables)
        .values({
          ticketId: ticket.id,
          type: input.type,
          value,
          ioc: input.ioc ?? false,
          note: input.note,
          addedById: actorUserId(ctx.actor),
          addedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: observables.id, ioc: observables.ioc });
      if (inserted) {
        return {
          events: [
            {
              type: 'observable.added',
              payload: {
                observableId: inserted.id,
                type: input.type,
                value,
                ioc: inserted.ioc,
                note: input.note,
              },
            },
          ],
          result: { observableId: inserted.id, created: true },
        };
      }
      // Already recorded (the ticket row is locked, so it cannot vanish meanwhile).
      const [existing] = await tx
        .select({ id: observables.id, ioc: observables.ioc })
        .from(observables)
        .where(
          and(
            eq(observables.ticketId, ticket.id),
            eq(observables.type, input.type),
            eq(observables.value, value),
          ),
        );
      const result = { observableId: existing!.id, created: false };
      if (input.ioc === undefined || input.ioc === existing!.ioc) return { events: [], result };
      await tx.update(observables).set({ ioc: input.ioc }).where(eq(observables.id, existing!.id));
      return {
        events: [
          {
            type: 'observable.updated',
            payload: {
              observableId: existing!.id,
              type: input.type,
              value,
              ioc: { from: existing!.ioc, to: input.ioc },
            },
          },
        ],
        result,
      };
    },
  });
}
