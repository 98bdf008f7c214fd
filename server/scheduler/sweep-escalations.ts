import { eq, lte, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { firedEffects, notifications, ticketEscalations, tickets } from '../../db/schema';
import {
  dueEscalations,
  fireEscalation,
  nextEscalationCheckAt,
  type PersistedEscalation,
  readEscalation,
} from '../../workflows/escalation';
import { formatTicketNumber, PRIORITIES, type Priority } from '../../workflows/tickets/constants';
import { appendToChains, type NewTicketEvent } from '../services/audit/append';
import { escalationFactsOf, resolveTargets } from '../services/sla/escalation-facts';
import { notifyTicketChanged } from '../services/tickets/engine';
import { SCHEDULER_ACTOR } from './sweep-clocks';

/** One step more urgent: P4 → P3 … P1 stays P1. */
function raised(priority: Priority): Priority {
  return PRIORITIES[Math.max(0, PRIORITIES.indexOf(priority) - 1)]!;
}

/**
 * One batch of escalation levels that have come due (DESIGN §2.5), in one transaction, with the same
 * locking order and exactly-once keys as the clock sweep: tickets first (SKIP LOCKED), then their
 * escalation rows; each level's `escalation:<level>:<cycle>` key in fired_effects. Actions: notify the
 * targets, reassign to the first target, raise the priority one step — each audited on the ticket.
 */
export async function sweepDueEscalations(
  db: Database,
  now: Date,
  batchSize = 100,
): Promise<{ tickets: number; fired: number }> {
  return db.transaction(async (tx) => {
    // As in the clock sweep: the LIMIT applies after SKIP LOCKED, so concurrent workers take disjoint batches.
    const due = tx
      .select({ ticketId: ticketEscalations.ticketId })
      .from(ticketEscalations)
      .where(lte(ticketEscalations.nextCheckAt, now));
    const claimed = await tx
      .select()
      .from(tickets)
      .where(sql`${tickets.id} = any(array(${due}))`)
      .limit(batchSize)
      .for('update', { skipLocked: true });
    let fired = 0;
    for (const ticket of claimed) {
      const [row] = await tx
        .select()
        .from(ticketEscalations)
        .where(eq(ticketEscalations.ticketId, ticket.id))
        .for('update');
      if (!row) continue;
      const facts = await escalationFactsOf(tx, ticket);
      let machine = row.machine as PersistedEscalation;
      const events: NewTicketEvent[] = [];
      let assigneeId = ticket.assigneeId;
      let priority = ticket.priority;
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
        if (inserted.length === 0) continue; // Fired by an earlier (retried or raced) batch.
        fired += 1;
        const targets = await resolveTargets(tx, level.targets);
        const number = formatTicketNumber(ticket.kind, ticket.number);
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
        if (level.actions.includes('reassign') && targets[0] && targets[0] !== assigneeId) {
          events.push({
            type: 'ticket.assigned',
            payload: { from: assigneeId, to: targets[0], reason: 'escalation' },
          });
          assigneeId = targets[0];
        }
        if (level.actions.includes('raise_priority') && raised(priority) !== priority) {
          events.push({
            type: 'ticket.priority_changed',
            payload: {
              changes: { priority: { from: priority, to: raised(priority) } },
              reason: 'escalation',
            },
          });
          priority = raised(priority);
        }
      }
      if (assigneeId !== ticket.assigneeId || priority !== ticket.priority) {
        await tx
          .update(tickets)
          .set({
            assigneeId,
            priority,
            priorityOverrideReason:
              priority !== ticket.priority ? 'Raised by escalation' : ticket.priorityOverrideReason,
            version: ticket.version + 1,
            updatedAt: now,
          })
          .where(eq(tickets.id, ticket.id));
      }
      await appendToChains(
        tx,
        [{ ticketId: ticket.id, head: { seq: ticket.eventSeq, hash: ticket.eventHash }, events }],
        SCHEDULER_ACTOR,
        now,
      );
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
      if (events.length) await notifyTicketChanged(tx, ticket.id, ticket.version + 1);
    }
    return { tickets: claimed.length, fired };
  });
}
