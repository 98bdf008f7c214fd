import { asc, eq, lte, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { businessCalendars, firedEffects, slaClocks, tickets } from '../../../db/schema';
import { columnsOf, queryRows } from '../../../db/sql';
import { type ClockCheck, sweepClock } from '../../../workflows/sla/clock';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { appendEventsBatch, type NewTicketEvent } from '../kernel/chain';
import type { Actor } from '../kernel/context';
import {
  notifyAboutTickets,
  skippedPayload,
  type TicketNotification,
} from '../notifications/internal/notify';
import { calendarOf, checkEvent, checkKey, clockColumns } from './internal/clock-rows';

export const SCHEDULER_ACTOR: Actor = { type: 'system', label: 'scheduler' };

export interface SweepResult {
  /** Tickets whose due clocks this batch processed. */
  tickets: number;
  /** Warnings and breaches fired (each exactly once, keyed in fired_effects). */
  fired: number;
}

// Only what the sweep reads: every column parsed is Node time on the hot path.
const CLAIMED_COLUMNS = {
  ticket: columnsOf(
    tickets,
    'id',
    'kind',
    'number',
    'organisationId',
    'assigneeId',
    'version',
    'eventSeq',
    'eventHash',
  ),
  clock: columnsOf(slaClocks, 'id', 'metric', 'machine'),
  calendar: columnsOf(businessCalendars, 'timeZone', 'weekly', 'holidays', 'holidayPreset'),
};

/**
 * One batch of the SLA sweep, in one transaction:
 * 1. claim up to `batchSize` due clocks (`next_check_at <= now`, an index range scan) with their tickets,
 *    locking both rows with SKIP LOCKED so concurrent workers take disjoint batches and never wait on
 *    each other or on a command (which holds the ticket while it works): a locked ticket is skipped,
 *    never waited for, so the sweep cannot deadlock with a transition;
 * 2. fire every due check of their clocks at the instant it became due (catch-up after downtime records
 *    when it was due, not when it was noticed);
 * 3. record each under its unique key (exactly once however many workers run or a batch is retried),
 *    notify the assignee if they may read the ticket in full (one statement for the batch), append the
 *    audit events (recording a withheld note), and store the clocks' next check.
 */
export async function sweepDueClocks(db: Database, now: Date, batchSize = 500): Promise<SweepResult> {
  return db.transaction(async (tx) => {
    // Walk the next_check_at index in due order (oldest first) and lock each due clock's ticket as it
    // comes, skipping tickets another worker holds, until `batchSize` rows: LIMIT applies after SKIP
    // LOCKED, so concurrent workers take disjoint batches, and a backlog costs O(batch) per claim.
    const rows = await tx
      .select(CLAIMED_COLUMNS)
      .from(slaClocks)
      .innerJoin(tickets, eq(tickets.id, slaClocks.ticketId))
      .leftJoin(businessCalendars, eq(businessCalendars.id, slaClocks.calendarId))
      .where(lte(slaClocks.nextCheckAt, now))
      .orderBy(asc(slaClocks.nextCheckAt))
      .limit(batchSize)
      .for('update', { of: [tickets, slaClocks], skipLocked: true });
    // A ticket with two due clocks comes back twice (or once, if the limit cut between them: its other
    // clock is the next batch's).
    const claimed = [...new Map(rows.map((r) => [r.ticket.id, r.ticket])).values()];
    if (claimed.length === 0) return { tickets: 0, fired: 0 };

    const fired: { ticketId: string; metric: string; key: string; check: ClockCheck }[] = [];
    const updates: Record<string, unknown>[] = [];
    for (const { ticket, clock, calendar } of rows) {
      // One restore and one persist per clock, however many of its checks fire (the hot path).
      const swept = sweepClock(clock.machine, calendarOf(calendar), now);
      for (const check of swept.fired)
        fired.push({ ticketId: ticket.id, metric: clock.metric, key: checkKey(clock.id, check), check });
      const columns = clockColumns(swept.row);
      updates.push({
        id: clock.id,
        machine: swept.persisted,
        state: columns.state,
        elapsed_ms: columns.elapsedMs,
        due_at: columns.dueAt,
        next_check_at: columns.nextCheckAt,
        breached_at: columns.breachedAt,
        warned: `{${columns.warned.join(',')}}`,
      });
    }
    await updateClocks(tx, updates, now);
    // Every claimed ticket's clocks changed (a due time moved, a clock breached): live views hear of each,
    // in one statement, on commit, like every ticket change.
    const changed = claimed.map((t) => JSON.stringify({ id: t.id, version: t.version }));
    await tx.execute(
      sql`select pg_notify('ticket_changed', p) from jsonb_array_elements_text(${JSON.stringify(changed)}::jsonb) as p`,
    );
    if (fired.length === 0) return { tickets: claimed.length, fired: 0 };

    // Only keys inserted now fire: a key that already exists fired before (a retried or raced batch).
    // Rows go as one JSON parameter (no per-row statement building: batches are hundreds of rows).
    fired.sort((x, y) => x.check.dueAt - y.check.dueAt);
    const inserted = await queryRows<{ key: string }>(
      tx,
      sql`insert into ${firedEffects} (ticket_id, key, due_at, fired_at)
          select ticket_id, key, due_at, ${now} from jsonb_to_recordset(${JSON.stringify(
            fired.map((f) => ({
              ticket_id: f.ticketId,
              key: f.key,
              due_at: new Date(f.check.dueAt).toISOString(),
            })),
          )}::jsonb) as v(ticket_id uuid, key text, due_at timestamptz)
          on conflict do nothing returning key`,
    );
    const fresh = new Set(inserted.map((r) => r.key));
    const firing = fired.filter((f) => fresh.has(f.key));

    const ticketOf = new Map(claimed.map((t) => [t.id, t]));
    // The assignee hears of it through the one notification writer, which withholds the note from an
    // assignee who may not read the ticket (deactivated, or a role that lost the right since).
    const notes = firing.flatMap((f): TicketNotification[] => {
      const ticket = ticketOf.get(f.ticketId)!;
      if (!ticket.assigneeId) return [];
      const number = formatTicketNumber(ticket.kind, ticket.number);
      const what = f.check.kind === 'breach' ? 'breached' : `at ${f.check.threshold} %`;
      return [
        {
          ticket,
          to: { users: [ticket.assigneeId] },
          dedupKey: f.key,
          kind: f.check.kind === 'breach' ? 'sla.breached' : 'sla.warning',
          title: `${number}: ${f.metric} SLA ${what}`,
        },
      ];
    });
    const outcomes = await notifyAboutTickets(tx, notes, now);
    const skippedByKey = new Map(notes.map((note, i) => [note.dedupKey, outcomes[i]!.skipped]));

    const byTicket = new Map<string, NewTicketEvent[]>();
    for (const f of firing) {
      const event = checkEvent(f.metric, f.check);
      const skipped = skippedByKey.get(f.key) ?? [];
      const recorded = skipped.length
        ? { ...event, payload: { ...event.payload, ...skippedPayload(skipped) } }
        : event;
      byTicket.set(f.ticketId, [...(byTicket.get(f.ticketId) ?? []), recorded]);
    }
    await appendEventsBatch(
      tx,
      SCHEDULER_ACTOR,
      now,
      [...byTicket].map(([ticketId, events]) => {
        const ticket = ticketOf.get(ticketId)!;
        return { ticketId, head: { seq: ticket.eventSeq, hash: ticket.eventHash }, events };
      }),
    );
    return { tickets: claimed.length, fired: firing.length };
  });
}

/** Writes many clock rows in one statement (one JSON parameter, so it is the same SQL on both engines). */
async function updateClocks(
  tx: Parameters<Parameters<Database['transaction']>[0]>[0],
  rows: Record<string, unknown>[],
  now: Date,
) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    update ${slaClocks} as c set
      machine = v.machine, state = v.state, elapsed_ms = v.elapsed_ms, due_at = v.due_at,
      next_check_at = v.next_check_at, breached_at = v.breached_at, warned = v.warned::integer[],
      updated_at = ${now}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
      id uuid, machine jsonb, state text, elapsed_ms bigint, due_at timestamptz, next_check_at timestamptz,
      breached_at timestamptz, warned text)
    where c.id = v.id`);
}
