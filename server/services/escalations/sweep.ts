import { asc, eq, lte } from 'drizzle-orm';
import type { Database, Transaction } from '../../../db/client';
import { firedEffects, type Ticket, ticketEscalations } from '../../../db/schema';
import {
  dueEscalations,
  escalationLevelNumber,
  fireEscalation,
  nextEscalationCheckAt,
  readEscalation,
} from '../../../workflows/escalation';
import { formatTicketNumber, PRIORITIES, type Priority } from '../../../workflows/tickets/constants';
import type { NewTicketEvent } from '../kernel/chain';
import type { ServiceContext } from '../kernel/context';
import { changeTicket, type TicketDecision, type TicketUpdate } from '../kernel/engine';
import { notifyAboutTicket, type SkippedRecipient, skippedPayload } from '../notifications/internal/notify';
import { SCHEDULER_ACTOR } from '../sla/sweep-clocks';
import { assigneeProblem } from '../tickets/internal/permissions';
import { assigneeCandidates, escalationFactsOf, targetRecipients } from './internal/facts';

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
      apply: (tx, ticket) => escalate(ticket, tx, now),
    });
    fired += result.fired;
  }
  return { tickets: due.length, fired };
}

const sameRecipient = (a: SkippedRecipient, b: SkippedRecipient) =>
  ('user' in a ? `user:${a.user}` : `role:${a.role}`) === ('user' in b ? `user:${b.user}` : `role:${b.role}`);

/**
 * The first target who may hold the ticket (tickets/permissions.ts assigneeProblem, the rule of a manual
 * assign), and the targets passed over before it, recorded as skipped: a named user one by one, a team or
 * role as a whole.
 */
async function reassignTarget(
  tx: Transaction,
  ticket: Ticket,
  recipients: ReturnType<typeof targetRecipients>,
): Promise<{ userId: string | null; skipped: SkippedRecipient[] }> {
  const { candidates, unknown } = await assigneeCandidates(tx, recipients);
  const skipped: SkippedRecipient[] = unknown.map((user) => ({ user, reason: 'unknown_user' }));
  for (const candidate of candidates) {
    const problem = assigneeProblem(candidate, ticket);
    if (!problem) return { userId: candidate.id, skipped };
    const entry: SkippedRecipient = candidate.named
      ? { user: candidate.id, reason: problem }
      : { role: candidate.role, reason: problem };
    if (!skipped.some((s) => sameRecipient(s, entry))) skipped.push(entry);
  }
  return { userId: null, skipped };
}

/**
 * Fires the ticket's due levels: notify the targets, reassign to the first who may hold it, raise the
 * priority one step. Targets who may not read the ticket in full get nothing and hold nothing; the level's
 * `escalation.fired` event records them as skipped.
 */
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
    const recipients = targetRecipients(level.targets);
    const skipped: SkippedRecipient[] = [];
    let notified = 0;
    if (level.actions.includes('notify')) {
      const number = formatTicketNumber(ticket.kind, ticket.number);
      const outcome = await notifyAboutTicket(
        tx,
        {
          ticket,
          to: recipients,
          dedupKey: `${ticket.id}:${key}`,
          kind: 'escalation',
          title: `${number} escalated (level ${escalationLevelNumber(level.level)}): ${ticket.title}`,
        },
        now,
      );
      notified = outcome.notified.length;
      skipped.push(...outcome.skipped);
    }
    const assignee = set.assigneeId ?? ticket.assigneeId;
    let reassignTo: string | null = null;
    if (level.actions.includes('reassign')) {
      const pick = await reassignTarget(tx, ticket, recipients);
      reassignTo = pick.userId;
      for (const s of pick.skipped) if (!skipped.some((t) => sameRecipient(s, t))) skipped.push(s);
    }
    events.push({
      type: 'escalation.fired',
      payload: {
        level: level.level,
        cycle: level.cycle,
        dueAt: new Date(level.dueAt).toISOString(),
        actions: level.actions,
        notified,
        ...skippedPayload(skipped),
      },
    });
    if (reassignTo && reassignTo !== assignee) {
      events.push({
        type: 'ticket.assigned',
        payload: { from: assignee, to: reassignTo, reason: 'escalation' },
      });
      set.assigneeId = reassignTo;
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
