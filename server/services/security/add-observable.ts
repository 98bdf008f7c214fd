import { and, eq } from 'drizzle-orm';
import { observables } from '../../../db/schema';
import { normaliseObservable } from '../../../workflows/security/observables';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { iocChange, writeObservable } from './internal/observables';
import { actorUserId, onWorkableIncident } from './internal/workable';
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
    ...onWorkableIncident(ctx, input.id, 'Adding observables'),
    // Already recorded? (The ticket row is locked, so the answer holds until the command commits.)
    load: async (tx, ticket) => {
      const [existing] = await tx
        .select()
        .from(observables)
        .where(
          and(
            eq(observables.ticketId, ticket.id),
            eq(observables.type, input.type),
            eq(observables.value, value),
          ),
        );
      return existing;
    },
    decide: (ticket, now, { loaded: existing }) => {
      if (existing) {
        const result = { observableId: existing.id, created: false };
        const change = input.ioc === undefined ? null : iocChange(existing, input.ioc);
        return change ? { ...change, result } : { events: [], result };
      }
      const row = {
        ticketId: ticket.id,
        type: input.type,
        value,
        ioc: input.ioc ?? false,
        note: input.note,
        addedById: actorUserId(ctx.actor),
        addedAt: now,
      };
      return { events: [], side: { insert: row }, result: { created: true } };
    },
    // A new observable's event carries its id, which exists once the row does.
    apply: async (tx, { side }) => {
      const observableId = await writeObservable(tx, side);
      if (!('insert' in side)) return {};
      const { type, ioc, note } = side.insert;
      return {
        events: [{ type: 'observable.added', payload: { observableId, type, value, ioc, note } }],
        result: { observableId },
      };
    },
  });
}
