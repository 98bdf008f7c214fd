import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { iocChange, onObservable, writeObservable } from './internal/observables';
import { type SetObservableIocInput, setObservableIocInput } from './schemas';

/** security.setObservableIoc: marks an observable as an indicator of compromise, or no longer one. */
export async function setObservableIoc(ctx: ServiceContext, rawInput: SetObservableIocInput) {
  const input = parseInput(setObservableIocInput, rawInput);
  return changeTicket(ctx, {
    ...onObservable(ctx, input, 'Flagging observables'),
    decide: (_ticket, _now, { loaded: observable }) => {
      if (!observable) throw notFound('Observable');
      const change = iocChange(observable, input.ioc);
      const result = { observableId: observable.id, changed: change !== null };
      return change ? { ...change, result } : { events: [], result };
    },
    apply: async (tx, { side }) => {
      await writeObservable(tx, side);
      return {};
    },
  });
}
