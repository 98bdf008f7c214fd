import { and, eq, sql } from 'drizzle-orm';
import type { Reader, Transaction } from '../../../db/client';
import { type Ticket, tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { withLogContext } from '../../observability/log';
import { loadTicketSla, type TicketSla } from '../sla/internal/ticket-sla';
import { assertCanSee } from './access';
import { appendStatement, type NewTicketEvent } from './chain';
import type { ServiceContext } from './context';
import { conflictOnRace } from './db-errors';
import { effectStatements, hasEffects, type TicketEffects } from './effects';
import { notFound, ServiceError } from './errors';

export type TicketUpdate = Partial<
  Omit<typeof tickets.$inferInsert, 'id' | 'version' | 'updatedAt' | 'createdAt'>
>;

/**
 * What a command changes: the ticket's fields, its audit events, the typed effects on its SLA rows, and
 * (`side`) the writes to other tables that the command's `apply` performs.
 */
export interface TicketDecision<R, S = never> {
  /** Fields to write; version and updatedAt are the engine's. Omit (or leave empty) for event-only changes. */
  set?: TicketUpdate;
  events: NewTicketEvent[];
  /** Clock and escalation changes: the engine writes them in the ticket's own UPDATE statement. */
  effects?: TicketEffects;
  /**
   * The side-table writes decided (handoff rows, observables, tasks, links, evidence, another ticket's
   * chain …), typed by the command. Present: the command's `apply` performs exactly these. Absent: none.
   */
  side?: S;
  result: R;
}

/**
 * Read right after the ticket's row lock is granted, for a decide that needs it. A statement of its own, on
 * purpose: under READ COMMITTED a `SELECT … FOR UPDATE` that waited for the lock re-reads the locked row but
 * evaluates its subqueries in the snapshot taken before the wait, so SLA rows read in the locking statement
 * could predate the commit that released the lock (kernel/prefetch-race.test.ts).
 */
export interface Prefetched {
  /** The ticket's own SLA clocks and escalation (`prefetch: { sla: true }`). */
  sla?: TicketSla;
}

/** What decide is given besides the ticket and the instant: the prefetched state and what `load` read. */
export type DecideContext<L> = Prefetched & { loaded: L };

/** What only exists once apply has written: events that carry new ids or outcomes, and result fields. */
export interface Applied<A> {
  /** Chained after the decision's events, in the same append. */
  events?: NewTicketEvent[];
  /**
   * Merged into the command's answer. Apply runs only when the decision names a side, so a field answered
   * here is answered by decide too in the decisions that name none.
   */
  result?: A;
}

/**
 * A command, in up to three phases, each with only what it may use:
 * - `load(tx, ticket, now, prefetched)`: reads, under the ticket's lock, what the decision needs (the
 *   handoff row, the observable to remove, the other ticket's head). `tx` is a `Reader`: SELECTs (and
 *   their row locks) only; no writes, no refusals (a row it does not find is data for decide).
 * - `decide(ticket, now, { ...prefetched, loaded })`: pure, without a database handle. Works out
 *   everything that changes, throws ServiceError to refuse. Writes nothing itself.
 * - `apply(tx, decision, ticket, now)`: runs only when the decision names side writes (`side`), after
 *   decide and only if it did not throw; performs exactly those writes. It may answer events and result
 *   fields that exist only after a write (a new row's id, a notification's recipients, a new incident's
 *   number). It decides nothing: a refusal belongs in decide.
 * The engine then writes the ticket's fields, chain and effects in one statement. `now` is the command's
 * one instant (the clock is read once), so stamped fields, updatedAt and the audit events agree.
 */
export interface ChangeOptions<R, L = undefined, S = never, A = unknown> {
  ticketId: string;
  /**
   * For sweeps that any number of workers run over the same due list: when another transaction holds
   * the ticket, throw TicketBusy at once instead of waiting for its lock (the holder is sweeping it, or a
   * command is changing it and the next sweep sees the outcome). Waiting would queue every worker behind
   * the first on each ticket in turn, each redoing the work the first just did.
   */
  ifFree?: boolean;
  /** The version the caller loaded; a different current version answers CONFLICT. */
  expectedVersion?: number;
  /** Throws FORBIDDEN when the actor may see the ticket but not make this change. */
  authorize: (ticket: Ticket) => void;
  /** What to read once the row is locked (one prepared statement instead of one per reader). */
  prefetch?: { sla?: boolean };
  load?: (tx: Reader, ticket: Ticket, now: Date, prefetched: Prefetched) => Promise<L>;
  decide: (ticket: Ticket, now: Date, context: DecideContext<L>) => TicketDecision<R, S>;
  apply?: (
    tx: Transaction,
    decision: TicketDecision<R, S> & { side: S },
    ticket: Ticket,
    now: Date,
  ) => Promise<Applied<A>>;
}

/** Live views listen on `ticket_changed`; NOTIFY is delivered only if the transaction commits. */
export async function notifyTicketChanged(tx: Transaction, id: string, version: number): Promise<void> {
  await tx.execute(sql`select pg_notify('ticket_changed', ${JSON.stringify({ id, version })})`);
}

/** `ifFree`: another transaction holds the ticket (or it no longer exists); nothing was done. */
export class TicketBusy extends Error {
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} is held by another transaction`);
    this.name = 'TicketBusy';
  }
}

export const staleVersion = () =>
  new ServiceError('CONFLICT', 'The ticket changed since you loaded it; reload and try again');

/**
 * The one way a ticket changes (DESIGN §1.2): lock the row → need-to-know (NOT_FOUND) → authorise
 * (FORBIDDEN) → version check (CONFLICT) → load → decide → apply (side writes) → conditional UPDATE with
 * the effects → hash-chained events → NOTIFY, all in one transaction: a throw anywhere rolls back all of
 * it, side writes included. NOTIFY is transactional, so listeners hear of the change only once committed.
 */
export async function changeTicket<R, L = undefined, S = never, A = unknown>(
  ctx: ServiceContext,
  options: ChangeOptions<R, L, S, A>,
): Promise<R & A & { version: number }> {
  const now = ctx.now();
  // Whatever is logged while the command runs names its ticket (observability/log.ts).
  return withLogContext({ ticketId: options.ticketId }, () => runChange(ctx, options, now));
}

async function runChange<R, L, S, A>(
  ctx: ServiceContext,
  options: ChangeOptions<R, L, S, A>,
  now: Date,
): Promise<R & A & { version: number }> {
  return ctx.db.transaction((tx) => changeWithin(tx, ctx, options, now)).catch(conflictOnRace);
}

/**
 * changeTicket as one step of the caller's own transaction `tx`, without a savepoint of its own (two round
 * trips fewer: ingestion's deliveries, issue #14). A refusal (a ServiceError from the checks or decide)
 * leaves `tx` as it was, nothing of the command written, so the caller may catch it and carry on; any
 * database error aborts `tx`, and the caller must give up the whole transaction (ingestion retries it).
 */
export async function changeTicketIn<R, L = undefined, S = never, A = unknown>(
  tx: Transaction,
  ctx: ServiceContext,
  options: ChangeOptions<R, L, S, A>,
): Promise<R & A & { version: number }> {
  const now = ctx.now();
  return withLogContext({ ticketId: options.ticketId }, () =>
    changeWithin(tx, ctx, options, now).catch(conflictOnRace),
  );
}

async function changeWithin<R, L, S, A>(
  tx: Transaction,
  ctx: ServiceContext,
  options: ChangeOptions<R, L, S, A>,
  now: Date,
): Promise<R & A & { version: number }> {
  // A named statement: every command sends it, so the server parses and plans it once per connection.
  const locking = tx
    .select()
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('id')));
  const [ticket] = await (options.ifFree
    ? locking.for('update', { skipLocked: true }).prepare('lock_ticket_if_free')
    : locking.for('update').prepare('lock_ticket')
  ).execute({ id: options.ticketId });
  if (!ticket) throw options.ifFree ? new TicketBusy(options.ticketId) : notFound('Ticket');
  await assertCanSee(tx, ctx.actor, ticket);
  options.authorize(ticket);
  if (options.expectedVersion !== undefined && options.expectedVersion !== ticket.version)
    throw staleVersion();
  // After the checks, so a refused command never pays for it.
  const prefetched: Prefetched = options.prefetch?.sla ? { sla: await loadTicketSla(tx, ticket.id) } : {};

  const loaded = (options.load ? await options.load(tx, ticket, now, prefetched) : undefined) as L;
  const decision = options.decide(ticket, now, { ...prefetched, loaded });
  let applied: Applied<A> = {};
  if (decision.side !== undefined) {
    if (!options.apply) throw new Error('changeTicket: the decision names side writes but there is no apply');
    applied = await options.apply(tx, decision as typeof decision & { side: S }, ticket, now);
  }
  const events = applied.events?.length ? [...decision.events, ...applied.events] : decision.events;
  const result = { ...decision.result, ...applied.result } as R & A;
  const set = decision.set ?? {};
  const bumps = Object.keys(set).length > 0;
  const version = bumps ? ticket.version + 1 : ticket.version;
  if (!bumps && events.length === 0 && !hasEffects(decision.effects)) return { ...result, version };
  const head = { seq: ticket.eventSeq, hash: ticket.eventHash };
  const chained = appendStatement({ ticketId: ticket.id, head, events }, ctx.actor, now);
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
  // Effects alone (a sweep's bookkeeping, e.g. an escalation's next check) change nothing a reader of
  // the ticket sees: no announcement.
  const announce =
    bumps || events.length > 0
      ? sql`, pg_notify('ticket_changed', ${JSON.stringify({ id: ticket.id, version })})`
      : sql``;
  const [outcome] = await queryRows<{ changed: number | string }>(
    tx,
    sql`with changed as (${update.getSQL()})${appended}${sql.join(others)}
          select (select count(*) from changed) as changed${announce}`,
  );
  // Unreachable while the row is locked, kept so correctness never rests on the lock alone.
  if (Number(outcome?.changed) !== 1) throw staleVersion();
  return { ...result, version };
}
