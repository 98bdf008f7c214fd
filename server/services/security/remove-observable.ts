import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { onObservable, writeObservable } from './internal/observables';
import { type RemoveObservableInput, removeObservableInput } from './schemas';

/** security.removeObservable: a mistaken or irrelevant indicator; the audit log keeps what it was. */
export async function removeObservable(ctx: ServiceContext, rawInput: RemoveObservableInput) {
  const input = parseInput(removeObservableInput, rawInput);
  return changeTicket(ctx, {
    ...onObservable(ctx, input, 'Removing observables'),
    decide: (_ticket, _now, { loaded: observable }) => {
      if (!observable) throw notFound('Observable');
      const { id, type, value, ioc } = observable;
      return {
        events: [{ type: 'observable.removed', payload: { observableId: id, type, value, ioc } }],
        side: { remove: id },
        result: { observableId: id },
      };
    },
    apply: async (tx, { side }) => {
      await writeObservable(tx, side);
      return {};
    },
  });
}
