// Helpers for the SLA clock and scheduler tests (not a test file itself).
import { and, asc, eq, inArray, like, or, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../db/client';
import {
  firedEffects,
  notifications,
  type SlaClockRow,
  slaClocks,
  type TicketEvent,
  ticketEvents,
  tickets,
} from '../db/schema';
import { queryRows } from '../db/sql';
import { verifyAuditChains } from '../server/services/audit/verify';
import { chainEvents, EMPTY_CHAIN } from '../server/services/kernel/chain';
import { clockColumns } from '../server/services/sla/internal/clock-rows';
import { startLifecycle } from '../workflows/machines';
import { CALENDAR_24X7 } from '../workflows/sla/calendar';
import { clockRow, startClock } from '../workflows/sla/clock';
import { formatTicketNumber } from '../workflows/tickets/constants';
import type { testClock } from './world';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Moves a test clock to an absolute instant (tests set the scene at wall-clock times they can read). */
export function setNow(clock: ReturnType<typeof testClock>, at: string | Date | number): Date {
  const target = new Date(at).getTime();
  clock.advance(target - clock.now().getTime());
  return clock.now();
}

export const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);

/** A ticket's own clocks (response, resolution), by metric. */
export async function clocksOf(db: Database, ticketId: string): Promise<Record<string, SlaClockRow>> {
  const rows = await db.select().from(slaClocks).where(eq(slaClocks.ticketId, ticketId));
  return Object.fromEntries(rows.map((r) => [r.metric, r]));
}

/** The ticket's SLA audit events (sla.*), in chain order. */
export async function slaEventsOf(db: Database, ticketId: string): Promise<TicketEvent[]> {
  return db
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), like(ticketEvents.type, 'sla.%')))
    .orderBy(asc(ticketEvents.seq));
}

/** The fired SLA clock checks of some tickets (not escalation levels), in due order. */
export async function firedOf(db: Database, ticketIds: string[]) {
  const rows = await db
    .select()
    .from(firedEffects)
    .where(and(inArray(firedEffects.ticketId, ticketIds), like(firedEffects.key, 'clock:%')))
    .orderBy(asc(firedEffects.dueAt), asc(firedEffects.key));
  return rows;
}

/** Warnings and breaches recorded in the audit log (by anyone), per ticket. */
export async function checkEventsOf(db: Database, ticketIds: string[]): Promise<TicketEvent[]> {
  return db
    .select()
    .from(ticketEvents)
    .where(
      and(
        inArray(ticketEvents.ticketId, ticketIds),
        or(eq(ticketEvents.type, 'sla.warning'), eq(ticketEvents.type, 'sla.breached')),
      ),
    )
    .orderBy(asc(ticketEvents.ticketId), asc(ticketEvents.seq));
}

/** The SLA warning and breach notifications about some tickets (not escalations'). */
export async function notificationsOf(db: Database, ticketIds: string[]) {
  return db
    .select()
    .from(notifications)
    .where(and(inArray(notifications.ticketId, ticketIds), like(notifications.kind, 'sla.%')))
    .orderBy(asc(notifications.dedupKey));
}

/** What an audit event says it checked: `<metric>:<warn:N | breach>@<dueAt>`. */
export function checkLabel(event: TicketEvent): string {
  const p = event.payload as { metric: string; threshold?: number; dueAt: string };
  const what = event.type === 'sla.warning' ? `warn:${p.threshold}` : 'breach';
  return `${p.metric}:${what}@${p.dueAt}`;
}

/** Every ticket's audit chain verifies. */
export async function expectChainsIntact(db: Database) {
  const result = await verifyAuditChains(db);
  expect(result.firstBreak).toBeNull();
  return result;
}

/**
 * Everything a sweep writes, to compare before and after a failed one: every clock row, and the counts
 * of fired effects, audit events and notifications, with every ticket's chain head.
 */
export async function sweepFootprint(db: Database) {
  const clocks = await db.select().from(slaClocks).orderBy(asc(slaClocks.id));
  const [counts] = await queryRows<{ fired: string; events: string; notes: string }>(
    db,
    sql`select (select count(*) from fired_effects) as fired, (select count(*) from ticket_events) as events,
               (select count(*) from notifications) as notes`,
  );
  const heads = await db
    .select({ id: tickets.id, seq: tickets.eventSeq, hash: tickets.eventHash })
    .from(tickets)
    .orderBy(asc(tickets.id));
  return {
    clocks,
    fired: Number(counts!.fired),
    events: Number(counts!.events),
    notes: Number(counts!.notes),
    heads,
  };
}

/**
 * Makes the next INSERT into `table` by the scheduler fail inside its transaction, once (a sequence is not
 * rolled back with the transaction, so the second attempt gets through). Returns an undo.
 */
export async function failNextInsertOnce(
  db: Database,
  table: 'fired_effects' | 'ticket_events' | 'notifications' | 'sla_clocks',
  options: { when?: string } = {},
): Promise<() => Promise<void>> {
  const name = `test_fail_once_${table}`;
  const when = options.when ?? 'true';
  await db.execute(sql.raw(`create sequence ${name}_seq`));
  await db.execute(
    sql.raw(`create function ${name}() returns trigger as $$
      begin
        if (${when}) and nextval('${name}_seq') = 1 then
          raise exception 'simulated crash inside the sweep (% into ${table})', TG_OP;
        end if;
        return new;
      end;
      $$ language plpgsql`),
  );
  const event = table === 'sla_clocks' ? 'update' : 'insert';
  await db.execute(
    sql.raw(`create trigger ${name} after ${event} on ${table} for each row execute function ${name}()`),
  );
  return async () => {
    await db.execute(sql.raw(`drop trigger ${name} on ${table}`));
    await db.execute(sql.raw(`drop function ${name}()`));
    await db.execute(sql.raw(`drop sequence ${name}_seq`));
  };
}

/** The promise fails with the error planted by failNextInsertOnce (drizzle wraps it as the cause). */
export async function expectSimulatedCrash(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the sweep should have failed').toBeInstanceOf(Error);
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
  expect(messages.join(' ← ')).toMatch(/simulated crash inside the sweep/);
}

export interface BulkTicketsOptions {
  count: number;
  organisationId: string;
  assigneeId?: string | null;
  at: Date;
  /** Targets of ticket i's response and resolution clocks (24×7, no calendar row). */
  targets: (i: number) => { response: number; resolution: number };
}

/**
 * Many outages with running 24×7 response and resolution clocks, inserted directly (one statement per
 * chunk) instead of through createTicket: valid lifecycle JSON, the `ticket.created` and
 * `sla.clock_started` events chained from genesis, and clock rows produced by the same pure functions
 * the services use.
 */
export async function insertClockedTickets(db: Database, options: BulkTicketsOptions) {
  const { count, at } = options;
  const numbers = await queryRows<{ n: string | number }>(
    db,
    sql`select nextval('outage_number_seq') as n from generate_series(1, ${count})`,
  );
  const lifecycle = startLifecycle('outage');
  const actor = { type: 'system', label: 'bulk-test' } as const;
  const ticketRows: (typeof tickets.$inferInsert)[] = [];
  const eventRows: (typeof ticketEvents.$inferInsert)[] = [];
  const clockRows: (typeof slaClocks.$inferInsert)[] = [];
  for (let i = 0; i < count; i++) {
    const id = crypto.randomUUID();
    const number = Number(numbers[i]!.n);
    const targets = options.targets(i);
    const clocks = (['response', 'resolution'] as const).map((metric) => {
      const persisted = startClock({ metric, at, targetMs: targets[metric] });
      return {
        ticketId: id,
        metric,
        machine: persisted,
        calendarId: null,
        updatedAt: at,
        ...clockColumns(clockRow(persisted, CALENDAR_24X7)),
      };
    });
    const chained = chainEvents(id, EMPTY_CHAIN, actor, at, [
      {
        type: 'ticket.created',
        payload: { kind: 'outage', number: formatTicketNumber('outage', number), title: `Bulk ${i}` },
      },
      ...clocks.map((c) => ({
        type: 'sla.clock_started',
        payload: { metric: c.metric, targetMs: c.targetMs, dueAt: c.dueAt?.toISOString() ?? null },
      })),
    ]);
    ticketRows.push({
      id,
      kind: 'outage',
      number,
      organisationId: options.organisationId,
      title: `Bulk outage ${i}`,
      impact: 'high',
      urgency: 'high',
      priority: 'P1',
      status: lifecycle.status as typeof tickets.$inferInsert.status,
      securityLink: lifecycle.securityLink ?? 'none',
      lifecycle: lifecycle.persisted,
      assigneeId: options.assigneeId ?? null,
      eventSeq: chained.head.seq,
      eventHash: chained.head.hash,
      createdAt: at,
      updatedAt: at,
    });
    eventRows.push(...chained.rows);
    clockRows.push(...clocks);
  }
  const chunk = 1_000;
  for (let i = 0; i < ticketRows.length; i += chunk)
    await db.insert(tickets).values(ticketRows.slice(i, i + chunk));
  for (let i = 0; i < eventRows.length; i += chunk)
    await db.insert(ticketEvents).values(eventRows.slice(i, i + chunk));
  for (let i = 0; i < clockRows.length; i += chunk)
    await db.insert(slaClocks).values(clockRows.slice(i, i + chunk));
  return ticketRows.map((t) => t.id!);
}
