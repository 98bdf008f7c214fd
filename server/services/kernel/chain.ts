import { eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { ticketEvents, tickets } from '../../../db/schema';
import { toPlainJson } from '../../../workflows/plain-json';
import { GENESIS_HASH, hashEvent } from './canonical';
import { type Actor, actorRecord } from './context';

export interface NewTicketEvent {
  type: string;
  payload: Record<string, unknown>;
}

/** The newest link of a ticket's chain, kept on the ticket row (tickets.event_seq / event_hash). */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_CHAIN: ChainHead = { seq: 0, hash: GENESIS_HASH };

export type ChainedRow = typeof ticketEvents.$inferInsert;

/** Hashes events onto a chain head, purely: the rows to insert and the new head. */
export function chainEvents(
  ticketId: string,
  head: ChainHead,
  actor: Actor,
  occurredAt: Date,
  events: readonly NewTicketEvent[],
): { rows: ChainedRow[]; head: ChainHead } {
  const who = actorRecord(actor);
  let { seq, hash: prevHash } = head;
  const rows = events.map((event) => {
    seq += 1;
    // What we hash is exactly what jsonb will hand back (no undefined, no Dates).
    const payload = toPlainJson(event.payload) as Record<string, unknown>;
    const content = { ticketId, seq, type: event.type, ...who, payload, occurredAt, prevHash };
    const hash = hashEvent(content);
    prevHash = hash;
    return { ...content, hash };
  });
  return { rows, head: { seq, hash: prevHash } };
}

/** Events for one ticket's chain, after the head the caller read from the ticket row it holds locked. */
export interface ChainAppend {
  ticketId: string;
  head: ChainHead;
  events: readonly NewTicketEvent[];
}

/**
 * An INSERT of chained rows (any tickets') as a statement to run or to put in a CTE. The rows travel as one
 * JSON parameter: the same SQL for any number of rows on both engines, and no per-row statement building
 * (a storm's hundred alert events were a thousand parameters, each built and sent on its own).
 */
export function insertChainedRows(rows: readonly ChainedRow[]): SQL {
  const json = JSON.stringify(
    rows.map((r) => ({
      ticket_id: r.ticketId,
      seq: r.seq,
      type: r.type,
      actor_type: r.actorType,
      actor_id: r.actorId ?? null,
      actor_label: r.actorLabel,
      payload: r.payload,
      occurred_at: r.occurredAt.toISOString(),
      prev_hash: r.prevHash,
      hash: r.hash,
    })),
  );
  return sql`insert into ${ticketEvents} (ticket_id, seq, type, actor_type, actor_id, actor_label, payload, occurred_at, prev_hash, hash)
    select ticket_id, seq, type, actor_type, actor_id, actor_label, payload, occurred_at, prev_hash, hash
    from jsonb_to_recordset(${json}::jsonb) as e(ticket_id uuid, seq integer, type text, actor_type text,
      actor_id uuid, actor_label text, payload jsonb, occurred_at timestamptz, prev_hash text, hash text)`;
}

/**
 * The audit chain's one way in (DESIGN §1.2), in three forms: `appendEvents` for one ticket,
 * `appendEventsBatch` for many in one statement (the sweeps), and `appendStatement` for a writer that
 * runs the insert inside a statement of its own and moves the head itself (the engine's one round trip).
 * All hash with `chainEvents`, so the rows and the tickets.event_seq / event_hash heads agree.
 */
export function appendStatement(
  entry: ChainAppend,
  actor: Actor,
  occurredAt: Date,
): { insert: SQL | null; head: ChainHead } {
  const chained = chainEvents(entry.ticketId, entry.head, actor, occurredAt, entry.events);
  const insert = chained.rows.length ? insertChainedRows(chained.rows) : null;
  return { insert, head: chained.head };
}

/**
 * Appends events to tickets whose rows the caller holds locked (with the heads it read from them), and
 * moves each ticket's head, in one statement per call. The UNIQUE (ticket_id, seq) constraint backs the
 * lock up.
 */
export async function appendEventsBatch(
  tx: Executor,
  actor: Actor,
  occurredAt: Date,
  entries: readonly ChainAppend[],
): Promise<void> {
  const chained = entries
    .filter((e) => e.events.length > 0)
    .map((e) => ({ ticketId: e.ticketId, ...chainEvents(e.ticketId, e.head, actor, occurredAt, e.events) }));
  if (chained.length === 0) return;
  const heads = JSON.stringify(chained.map((c) => ({ id: c.ticketId, seq: c.head.seq, hash: c.head.hash })));
  // The scheduler appends thousands at a time: rows and heads as JSON parameters (insertChainedRows).
  await tx.execute(sql`
    with appended as (${insertChainedRows(chained.flatMap((c) => c.rows))} returning 1)
    update ${tickets} as t set event_seq = h.seq, event_hash = h.hash
    from jsonb_to_recordset(${heads}::jsonb) as h(id uuid, seq integer, hash text)
    where t.id = h.id`);
}

/**
 * Appends to one ticket's chain. Given the head (the caller holds the row locked), in one statement;
 * given only the id, it locks the row to read the head first (occasional writers such as links).
 */
export async function appendEvents(
  tx: Executor,
  actor: Actor,
  occurredAt: Date,
  target: string | { ticketId: string; head: ChainHead },
  events: readonly NewTicketEvent[],
): Promise<void> {
  if (events.length === 0) return;
  let entry: ChainAppend;
  if (typeof target === 'string') {
    const [row] = await tx
      .select({ seq: tickets.eventSeq, hash: tickets.eventHash })
      .from(tickets)
      .where(eq(tickets.id, target))
      .for('update');
    if (!row) throw new Error(`appendEvents: no ticket ${target}`);
    entry = { ticketId: target, head: row, events };
  } else {
    entry = { ...target, events };
  }
  // The rows and the new head in one statement (a creation's first events, a link's other side).
  const { insert, head } = appendStatement(entry, actor, occurredAt);
  const move = tx
    .update(tickets)
    .set({ eventSeq: head.seq, eventHash: head.hash })
    .where(eq(tickets.id, entry.ticketId));
  await tx.execute(sql`with appended as (${insert} returning 1) ${move.getSQL()}`);
}
