import { and, eq } from 'drizzle-orm';
import type { Reader, Transaction } from '../../../../db/client';
import { observables } from '../../../../db/schema';
import type { NewTicketEvent } from '../../kernel/chain';
import type { ServiceContext } from '../../kernel/context';
import { onWorkableIncident } from './workable';

// The observable verbs' shared pieces: which observable a command is about (read in its load), the IOC
// change both add and set-ioc record, and the one writer of the decided change (its apply).

type ObservableRow = typeof observables.$inferSelect;

/** The command's ticket, gate and load for a verb on one recorded observable (undefined: not this incident's). */
export function onObservable(ctx: ServiceContext, input: { id: string; observableId: string }, what: string) {
  return {
    ...onWorkableIncident(ctx, input.id, what),
    load: async (db: Reader, ticket: { id: string }): Promise<ObservableRow | undefined> => {
      const [observable] = await db
        .select()
        .from(observables)
        .where(and(eq(observables.id, input.observableId), eq(observables.ticketId, ticket.id)));
      return observable;
    },
  };
}

/** A decided change to an incident's observables. */
export type ObservableWrite =
  | { insert: typeof observables.$inferInsert }
  | { setIoc: { id: string; ioc: boolean } }
  | { remove: string };

/** Flagging (or unflagging) a recorded observable as an IOC: the write and its event; null when it already is. */
export function iocChange(
  observable: Pick<ObservableRow, 'id' | 'type' | 'value' | 'ioc'>,
  ioc: boolean,
): { side: ObservableWrite; events: NewTicketEvent[] } | null {
  if (observable.ioc === ioc) return null;
  return {
    side: { setIoc: { id: observable.id, ioc } },
    events: [
      {
        type: 'observable.updated',
        payload: {
          observableId: observable.id,
          type: observable.type,
          value: observable.value,
          ioc: { from: observable.ioc, to: ioc },
        },
      },
    ],
  };
}

/** apply: performs the decided change; answers the observable's id (a new one's exists only now). */
export async function writeObservable(tx: Transaction, write: ObservableWrite): Promise<string> {
  if ('insert' in write) {
    const [inserted] = await tx.insert(observables).values(write.insert).returning({ id: observables.id });
    return inserted!.id;
  }
  if ('setIoc' in write) {
    await tx.update(observables).set({ ioc: write.setIoc.ioc }).where(eq(observables.id, write.setIoc.id));
    return write.setIoc.id;
  }
  await tx.delete(observables).where(eq(observables.id, write.remove));
  return write.remove;
}
