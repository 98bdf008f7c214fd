import { and, eq, sql } from 'drizzle-orm';
import type { Transaction } from '../../../db/client';
import { type Ticket, tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { type TicketSla, ticketSlaColumn } from '../sla/internal/ticket-sla';
import { assertCanSee } from './access';
import { appendStatement, type NewTicketEvent } from './chain';
import type { ServiceContext } from './context';
import { conflictOnRace } from './db-errors';
import { effectStatements, hasEffects, type TicketEffects } from './effects';
import { notFound, ServiceError } from './errors';

export type TicketUpdate = Partial<
  Omit<typeof tickets.$inferInsert, 'id' | 'version' | 'updatedAt' | 'createdAt'>
>;

/** What a command changes: the ticket's fields, its audit events and the typed effects on its SLA rows. */
export interface TicketDecision<R> {
  /** Fields to write; version and updatedAt are the engine's. Omit (or leave empty) for event-only changes. */
  set?: TicketUpdate;
  events: NewTicketEvent[];
  /** Clock and escalation changes: the engine writes them in the ticket's own UPDATE statement. */
  effects?: TicketEffects;
  result: R;
}

/** Read with the ticket's row lock, in the same statement, for a decide that needs it. */
export interface Prefetched {
  /** The ticket's own SLA clocks and escalation (`prefetch: { sla: true }`). */
  sla?: TicketSla;
}

interface ChangeBase {
  ticketId: string;
  /** The version the caller loaded; a different current version answers CONFLICT. */
  expectedVersion?: number;
  /** Throws FORBIDDEN when the actor may see the ticket but not make this change. */
  authorize: (ticket: Ticket) => void;
  /** What to read along with the locked row (one statement instead of one per reader). */
  prefetch?: { sla?: boolean };
}

/**
 * A command is one of two kinds, and its type says which:
 * - `decide`: pure. Works out the change from the locked row (and what was prefetched with it), without
 *   a database handle; throws to refuse. Everything it changes is in the decision, written by the engine.
 * - `apply`: the command also writes rows of its own side tables (handoffs, observables, tasks, links,
 *   evidence, another ticket's chain). It gets the transaction, does those writes (and the reads they
 *   need, under the ticket's lock), throws to refuse, and returns the decision for the ticket, which the
 *   engine then writes like any other.
 * `now` is the command's one instant (the clock is read once), so stamped fields, updatedAt and the audit
 * events agree.
 */
export type ChangeOptions<R> = ChangeBase &
  (
    | { decide: (ticket: Ticket, now: Date, prefetched: Prefetched) => TicketDecision<R>; apply?: never }
    | {
        apply: (
          tx: Transaction,
          ticket: Ticket,
          now: Date,
          prefetched: Prefetched,
        ) => Promise<TicketDecision<R>>;
        decide?: never;
      }
  );

/** Live views listen on `ticket_changed`; NOTIFY is delivered only if the transaction commits. */
export async function notifyTicketChanged(tx: Transaction, id: string, version: number): Promise<void> {
  await tx.execute(sql`select pg_notify('ticket_changed', ${JSON.stringify({ id, version })})`);
}

export const staleVersion = () =>
  new ServiceError('CONFLICT', 'The ticket changed since you loaded it; reload and try again');

/**
 * The one way a ticket changes (DESIGN §1.2): lock the row → need-to-know (NOT_FOUND) → authorise
 * (FORBIDDEN) → version check (CONFLICT) → decide, or apply → conditional UPDATE → hash-chained events → NOTIFY,
 * all in one transaction. NOTIFY is transactional, so listeners hear of the change only once committed.
 */
export async function changeTicket<R>(
  ctx: ServiceContext,
  options: ChangeOptions<R>,
): Promise<R & { version: number }> {
  const now = ctx.now();
  return ctx.db
    .transaction(async (tx) => {
      // A named statement: every command sends it, so the server parses and plans it once per connection.
      const [row] = await tx
        .select({
          ticket: tickets,
          ...(options.prefetch?.sla ? { sla: ticketSlaColumn() } : {}),
        })
        .from(tickets)
        .where(eq(tickets.id, sql.placeholder('id')))
        .for('update')
        .prepare(options.prefetch?.sla ? 'lock_ticket_with_sla' : 'lock_ticket')
        .execute({ id: options.ticketId });
      if (!row) throw notFound('Ticket');
      const { ticket } = row;
      const prefetched: Prefetched = 'sla' in row ? { sla: row.sla as TicketSla } : {};
      await assertCanSee(tx, ctx.actor, ticket);
      options.authorize(ticket);
      if (options.expectedVersion !== undefined && options.expectedVersion !== ticket.version)
        throw staleVersion();

      const decision = options.apply
        ? await options.apply(tx, ticket, now, prefetched)
        : options.decide(ticket, now, prefetched);
      const set = decision.set ?? {};
      const bumps = Object.keys(set).length > 0;
      const version = bumps ? ticket.version + 1 : ticket.version;
      if (!bumps && decision.events.length === 0 && !hasEffects(decision.effects))
        return { ...decision.result, version };
      const head = { seq: ticket.eventSeq, hash: ticket.eventHash };
      const chained = appendStatement(
        tx,
        { ticketId: ticket.id, head, events: decision.events },
        ctx.actor,
        now,
      );
      const writes = decision.effects ? effectStatements(tx, ticket.id, decision.effects, now) : [];
      // One round trip: the conditional UPDATE (with the new chain head), the audit rows and the NOTIFY.
      const update = tx
        .update(tickets)
        .set({
          ...set,
          ...(bumps ? { version, updatedAt: now } : {}),
          eventSeq: chained.head.seq,
          eventHash: chained.head.hash,
        })
        .where(and(eq(tickets.id, ticket.id), eq(tickets.version, ticket.version)))
        .returning({ id: tickets.id });
      const appended = chained.insert ? sql`, appended as (${chained.insert} returning 1)` : sql``;
      // Data-modifying CTEs run once, to completion, whether or not the final SELECT reads them.
      const others = writes.map((write, i) => sql`, ${sql.raw(`w${i}`)} as (${write})`);
      const [outcome] = await queryRows<{ changed: number | string }>(
        tx,
        sql`with changed as (${update.getSQL()})${appended}${sql.join(others)}
            select (select count(*) from changed) as changed,
                   pg_notify('ticket_changed', ${JSON.stringify({ id: ticket.id, version })})`,
      );
      // Unreachable while the row is locked, kept so correctness never rests on the lock alone.
      if (Number(outcome?.changed) !== 1) throw staleVersion();
      return { ...decision.result, version };
    })
    .catch(conflictOnRace);
}
