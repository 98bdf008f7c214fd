import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { businessCalendars, firedEffects, notifications, slaClocks, tickets } from '../../db/schema';
import {
  type ClockCheck,
  clockRow,
  dueChecks,
  fireCheck,
  type PersistedClock,
} from '../../workflows/sla/clock';
import { formatTicketNumber } from '../../workflows/tickets/constants';
import { appendToChains, type NewTicketEvent } from '../services/audit/append';
import type { Actor } from '../services/context';
import { calendarOf, checkEvent, checkKey, clockColumns } from '../services/sla/clock-rows';
import { notifyTicketChanged } from '../services/tickets/engine';

export const SCHEDULER_ACTOR: Actor = { type: 'system', label: 'scheduler' };

export interface SweepResult {
  /** Tickets whose due clocks this batch processed. */
  tickets: number;
  /** Warnings and breaches fired (each exactly once, keyed in fired_effects). */
  fired: number;
}

/**
 * One batch of the SLA sweep, in one transaction:
 * 1. claim up to `batchSize` tickets that have a clock due (`next_check_at <= now`, an index range scan),
 *    locking the ticket rows with SKIP LOCKED so concurrent workers take disjoint batches and never wait
 *    on each other; tickets are always locked before their clocks, like every ticket command, so the
 *    sweep cannot deadlock with a transition;
 * 2. fire every due check of their clocks at the instant it became due (catch-up after downtime records
 *    when it was due, not when it was noticed);
 * 3. record each under its unique key (exactly once however many workers run or a batch is retried),
 *    append the audit events, notify the assignee, and store the clocks' next check.
 */
export async function sweepDueClocks(db: Database, now: Date, batchSize = 500): Promise<SweepResult> {
  return db.transaction(async (tx) => {
    const dueTickets = tx
      .select({ ticketId: slaClocks.ticketId })
      .from(slaClocks)
      .where(lte(slaClocks.nextCheckAt, now));
    // The LIMIT belongs to the locking query, not the subquery: PostgreSQL applies it after SKIP LOCKED,
    // so a worker takes the next `batchSize` tickets nobody holds. Limiting the subquery instead made
    // every worker pick the same first due tickets and come back empty while another worker held them.
    // `= any(array(…))` keeps the plan on the two indexes (next_check_at, then the tickets' primary key).
    const claimed = await tx
      .select({
        id: tickets.id,
        kind: tickets.kind,
        number: tickets.number,
        assigneeId: tickets.assigneeId,
        version: tickets.version,
        eventSeq: tickets.eventSeq,
        eventHash: tickets.eventHash,
      })
      .from(tickets)
      .where(sql`${tickets.id} = any(array(${dueTickets}))`)
      .limit(batchSize)
      .for('update', { skipLocked: true });
    if (claimed.length === 0) return { tickets: 0, fired: 0 };

    const clocks = await tx
      .select({ clock: slaClocks, calendar: businessCalendars })
      .from(slaClocks)
      .leftJoin(businessCalendars, eq(businessCalendars.id, slaClocks.calendarId))
      .where(
        and(
          inArray(
            slaClocks.ticketId,
            claimed.map((t) => t.id),
          ),
          lte(slaClocks.nextCheckAt, now),
        ),
      )
      .orderBy(asc(slaClocks.nextCheckAt))
      .for('update', { of: slaClocks });

    const fired: { ticketId: string; metric: string; key: string; check: ClockCheck }[] = [];
    const updates: Record<string, unknown>[] = [];
    for (const { clock, calendar } of clocks) {
      const cal = calendarOf(calendar);
      let persisted = clock.machine as PersistedClock;
      for (const check of dueChecks(persisted, cal, now)) {
        const result = fireCheck(persisted, check);
        if (!result.ok) break; // The clock moved on (e.g. stopped): nothing further is due.
        persisted = result.persisted;
        fired.push({ ticketId: clock.ticketId, metric: clock.metric, key: checkKey(clock.id, check), check });
      }
      const columns = clockColumns(clockRow(persisted, cal));
      updates.push({
        id: clock.id,
        machine: persisted,
        state: columns.state,
        elapsed_ms: columns.elapsedMs,
        due_at: columns.dueAt,
        next_check_at: columns.nextCheckAt,
        breached_at: columns.breachedAt,
        warned: `{${columns.warned.join(',')}}`,
      });
    }
    await updateClocks(tx, updates, now);
    if (fired.length === 0) return { tickets: claimed.length, fired: 0 };

    // Only keys inserted now fire: a key that already exists fired before (a retried or raced batch).
    const inserted = await tx
      .insert(firedEffects)
      .values(
        fired.map((f) => ({
          ticketId: f.ticketId,
          key: f.key,
          dueAt: new Date(f.check.dueAt),
          firedAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning({ key: firedEffects.key });
    const fresh = new Set(inserted.map((r) => r.key));
    const firing = fired.filter((f) => fresh.has(f.key));

    const byTicket = new Map<string, NewTicketEvent[]>();
    for (const f of firing)
      byTicket.set(f.ticketId, [...(byTicket.get(f.ticketId) ?? []), checkEvent(f.metric, f.check)]);
    const ticketOf = new Map(claimed.map((t) => [t.id, t]));
    await appendToChains(
      tx,
      [...byTicket].map(([ticketId, events]) => {
        const ticket = ticketOf.get(ticketId)!;
        return { ticketId, head: { seq: ticket.eventSeq, hash: ticket.eventHash }, events };
      }),
      SCHEDULER_ACTOR,
      now,
    );
    const notes = firing.flatMap((f) => {
      const ticket = ticketOf.get(f.ticketId)!;
      if (!ticket.assigneeId) return [];
      const number = formatTicketNumber(ticket.kind, ticket.number);
      const what = f.check.kind === 'breach' ? 'breached' : `at ${f.check.threshold} %`;
      return [
        {
          userId: ticket.assigneeId,
          ticketId: ticket.id,
          dedupKey: f.key,
          kind: f.check.kind === 'breach' ? 'sla.breached' : 'sla.warning',
          title: `${number}: ${f.metric} SLA ${what}`,
          createdAt: now,
        },
      ];
    });
    if (notes.length) await tx.insert(notifications).values(notes).onConflictDoNothing();
    for (const ticketId of byTicket.keys())
      await notifyTicketChanged(tx, ticketId, ticketOf.get(ticketId)!.version);
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
