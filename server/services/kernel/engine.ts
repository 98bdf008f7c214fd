import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Transaction } from '../../../db/client';
import { type Ticket, ticketEvents, tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { type TicketSla, ticketSlaColumn } from '../sla/internal/ticket-sla';
import { assertCanSee } from './access';
import { chainEvents, type NewTicketEvent } from './chain';
import type { ServiceContext } from './context';
import { conflictOnRace } from './db-errors';
import { notFound, ServiceError } from './errors';

export type TicketUpdate = Partial<
  Omit<typeof tickets.$inferInsert, 'id' | 'version' | 'updatedAt' | 'createdAt'>
>;

export interface TicketDecision<R> {
  /** Fields to write; version and updatedAt are the engine's. Omit (or leave empty) for event-only changes. */
  set?: TicketUpdate;
  events: NewTicketEvent[];
  /**
   * Writes to other tables that go with the change (SLA clocks, the escalation): run in the same
   * statement as the ticket's UPDATE and audit events, so they cost no round trip of their own. Each
   * must stand alone (it cannot read the others' effects) and touch a table none of the others does.
   */
  writes?: SQL[];
  result: R;
}

/** Read with the ticket's row lock, in the same statement, for a decide that needs it. */
export interface Prefetched {
  /** The ticket's own SLA clocks and escalation (`prefetch: { sla: true }`). */
  sla?: TicketSla;
}

export interface ChangeOptions<R> {
  ticketId: string;
  /** The version the caller loaded; a different current version answers CONFLICT. */
  expectedVersion?: number;
  /** Throws FORBIDDEN when the actor may see the ticket but not make this change. */
  authorize: (ticket: Ticket) => void;
  /** What to read along with the locked row (one statement instead of one per reader). */
  prefetch?: { sla?: boolean };
  /**
   * Pure or read-only: works out the change from the locked row. Throws to refuse. `now` is the command's
   * one instant (the clock is read once), so stamped fields, updatedAt and the audit events agree.
   */
  decide: (
    ticket: Ticket,
    tx: Transaction,
    now: Date,
    prefetched: Prefetched,
  ) => TicketDecision<R> | Promise<TicketDecision<R>>;
}

/** Live views listen on `ticket_changed`; NOTIFY is delivered only if the transaction commits. */
export async function notifyTicketChanged(tx: Transaction, id: string, version: number): Promise<void> {
  await tx.execute(sql`select pg_notify('ticket_changed', ${JSON.stringify({ id, version })})`);
}

export const staleVersion = () =>
  new ServiceError('CONFLICT', 'The ticket changed since you loaded it; reload and try again');

/**
 * The one way a ticket changes (DESIGN §1.2): lock the row → need-to-know (NOT_FOUND) → authorise
 * (FORBIDDEN) → version check (CONFLICT) → decide → conditional UPDATE → hash-chained events → NOTIFY,
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

      const decision = await options.decide(ticket, tx, now, prefetched);
      const set = decision.set ?? {};
      const writes = decision.writes ?? [];
      const bumps = Object.keys(set).length > 0;
      const version = bumps ? ticket.version + 1 : ticket.version;
      if (!bumps && decision.events.length === 0 && writes.length === 0)
        return { ...decision.result, version };
      const head = { seq: ticket.eventSeq, hash: ticket.eventHash };
      const chained = chainEvents(ticket.id, head, ctx.actor, now, decision.events);
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
      const appended = chained.rows.length
        ? sql`, appended as (${tx.insert(ticketEvents).values(chained.rows).getSQL()} returning 1)`
        : sql``;
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
