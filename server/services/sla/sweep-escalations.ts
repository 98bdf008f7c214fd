import { asc, eq, lte } from 'drizzle-orm';
import type { Database, Transaction } from '../../../db/client';
import { firedEffects, notifications, type Ticket, ticketEscalations } from '../../../db/schema';
import {
  dueEscalations,
  fireEscalation,
  nextEscalationCheckAt,
  readEscalation,
} from '../../../workflows/escalation';
import { formatTicketNumber, PRIORITIES, type Priority } from '../../../workflows/tickets/constants';
import type { NewTicketEvent } from '../audit/append';
import type { ServiceContext } from '../context';
import { changeTicket, type TicketDecision, type TicketUpdate } from '../tickets/engine';
import { escalationFactsOf, resolveTargets } from './escalation-facts';
import { SCHEDULER_ACTOR } from './sweep-clocks';

/** One step more urgent: P4 → P3 … P1 stays P1. */
function raised(priority: Priority): Priority {
  return PRIORITIES[Math.max(0, PRIORITIES.indexOf(priority) - 1)]!;
}

/**
 * Escalation levels that have come due (DESIGN §2.5). Escalations are few, so each ticket goes through
 * the one command path (`changeTicket`: row lock, version, audit chain, NOTIFY) in its own transaction;
 * exactly-once comes from each level's `escalation:<level>:<cycle>` key in fired_effects, inserted in that
 * transaction, so workers that look at the same ticket concurrently never fire a level twice.
 */
export async function sweepDueEscalations(
  db: Database,
  now: Date,
  batchSize = 100,
): Promise<{ tickets: number; fired: number }> {
  const due = await db
    .select({ ticketId: ticketEscalations.ticketId })
    .from(ticketEscalations)
    .where(lte(ticketEscalations.nextCheckAt, now))
    .orderBy(asc(ticketEscalations.nextCheckAt))
    .limit(batchSize);
  const ctx: ServiceContext = { db, actor: SCHEDULER_ACTOR, now: () => now };
  let fired = 0;
  for (const { ticketId } of due) {
    const result = await changeTicket(ctx, {
      ticketId,
      authorize: () => {},
      decide: (ticket, tx) => escalate(ticket, tx, now),
    });
    fired += result.fired;
  }
  return { tickets: due.length, fired };
}

/** Fires the ticket's due levels: notify the targets, reassign to the first, raise the priority one step. */
async function escalate(
  ticket: Ticket,
  tx: Transaction,
  now: Date,
): Promise<TicketDecision<{ fired: number }>> {
  const [row] = await tx
    .select()
    .from(ticketEscalations)
    .where(eq(ticketEscalations.ticketId, ticket.id))
    .for('update');
  if (!row) return { events: [], result: { fired: 0 } };
  const facts = await escalationFactsOf(tx, ticket);
  let machine = row.machine;
  const events: NewTicketEvent[] = [];
  const set: TicketUpdate = {};
  let fired = 0;
  for (const level of dueEscalations(machine, facts, now)) {
    const step = fireEscalation(machine, level);
    if (!step.ok) break;
    machine = step.persisted;
    const key = `escalation:${level.key}`;
    const inserted = await tx
      .insert(firedEffects)
      .values({ ticketId: ticket.id, key, dueAt: new Date(level.dueAt), firedAt: now })
      .onConflictDoNothing()
      .returning({ key: firedEffects.key });
    if (inserted.length === 0) continue; // Fired already (a concurrent or retried sweep).
    fired += 1;
    const targets = await resolveTargets(tx, level.targets);
    events.push({
      type: 'escalation.fired',
      payload: {
        level: level.level,
        cycle: level.cycle,
        dueAt: new Date(level.dueAt).toISOString(),
        actions: level.actions,
        notified: targets.length,
      },
    });
    if (level.actions.includes('notify') && targets.length) {
      const number = formatTicketNumber(ticket.kind, ticket.number);
      await tx
        .insert(notifications)
        .values(
          targets.map((userId) => ({
            userId,
            ticketId: ticket.id,
            dedupKey: `${ticket.id}:${key}`,
            kind: 'escalation',
            title: `${number} escalated (level ${level.level + 1}): ${ticket.title}`,
            createdAt: now,
          })),
        )
        .onConflictDoNothing();
    }
    const assignee = set.assigneeId ?? ticket.assigneeId;
    if (level.actions.includes('reassign') && targets[0] && targets[0] !== assignee) {
      events.push({
        type: 'ticket.assigned',
        payload: { from: assignee, to: targets[0], reason: 'escalation' },
      });
      set.assigneeId = targets[0];
    }
    const priority = set.priority ?? ticket.priority;
    if (level.actions.includes('raise_priority') && raised(priority) !== priority) {
      events.push({
        type: 'ticket.priority_changed',
        payload: { changes: { priority: { from: priority, to: raised(priority) } }, reason: 'escalation' },
      });
      set.priority = raised(priority);
      set.priorityOverrideReason = 'Raised by escalation';
    }
  }
  const next = nextEscalationCheckAt(machine, facts);
  await tx
    .update(ticketEscalations)
    .set({
      machine,
      state: readEscalation(machine).state,
      nextCheckAt: next === null ? null : new Date(next),
      updatedAt: now,
    })
    .where(eq(ticketEscalations.ticketId, ticket.id));
  return { set, events, result: { fired } };
}
