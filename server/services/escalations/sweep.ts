import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Database, Reader, Transaction } from '../../../db/client';
import { firedEffects, type Ticket, ticketEscalations } from '../../../db/schema';
import {
  dueEscalations,
  type EscalationDue,
  type EscalationFacts,
  escalationLevelNumber,
  fireEscalation,
  nextEscalationCheckAt,
  type PersistedEscalation,
  readEscalation,
} from '../../../workflows/escalation';
import { formatTicketNumber, PRIORITIES, type Priority } from '../../../workflows/tickets/constants';
import type { NewTicketEvent } from '../kernel/chain';
import type { ServiceContext } from '../kernel/context';
import {
  changeTicket,
  type DecideContext,
  TicketBusy,
  type TicketDecision,
  type TicketUpdate,
} from '../kernel/engine';
import { enqueueTicketMail } from '../notifications/internal/enqueue-mail';
import {
  notifyAboutTickets,
  type SkippedRecipient,
  skippedPayload,
  type TicketNotification,
} from '../notifications/internal/notify';
import { SCHEDULER_ACTOR } from '../sla/sweep-clocks';
import { assigneeProblem } from '../tickets/internal/permissions';
import { escalationMails } from './internal/escalation-mail';
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
    // Every worker reads the same due list: a ticket another worker holds is skipped (it is being swept,
    // or changed and found again by the next sweep), so the workers spread over the list instead of
    // queueing on each ticket in turn.
    const result = await changeTicket(ctx, {
      ticketId,
      ifFree: true,
      authorize: () => {},
      load: loadEscalation,
      decide: decideEscalation,
      apply: (tx, { side }, ticket, at) => fireLevels(tx, ticket, side, at),
    }).catch((error: unknown) => {
      if (error instanceof TicketBusy) return null;
      throw error;
    });
    fired += result?.fired ?? 0;
  }
  return { tickets: due.length, fired };
}

const sameRecipient = (a: SkippedRecipient, b: SkippedRecipient) =>
  ('user' in a ? `user:${a.user}` : `role:${a.role}`) === ('user' in b ? `user:${b.user}` : `role:${b.role}`);

/** What the sweep reads of a ticket with an escalation: the levels due, which fired already, who may hold it. */
interface LoadedEscalation {
  machine: PersistedEscalation;
  facts: EscalationFacts;
  due: EscalationDue[];
  /** fired_effects keys of the due levels already recorded (a retried or concurrent sweep). */
  recorded: Set<string>;
  /** Per due level with `reassign`: the candidates its targets name, in the policy's order. */
  candidates: Map<string, Awaited<ReturnType<typeof assigneeCandidates>>>;
}

const levelKey = (level: EscalationDue) => `escalation:${level.key}`;

async function loadEscalation(db: Reader, ticket: Ticket, now: Date): Promise<LoadedEscalation | null> {
  // Read after the ticket's lock, in statements of their own: a concurrent sweep that held the lock has
  // committed by now, and these see what it wrote.
  const [row] = await db
    .select()
    .from(ticketEscalations)
    .where(eq(ticketEscalations.ticketId, ticket.id))
    .for('update');
  // Swept by another worker since the due list was read (its next check moved on): nothing to do, and
  // nothing to write.
  if (!row || row.nextCheckAt === null || row.nextCheckAt > now) return null;
  const facts = await escalationFactsOf(db, ticket);
  // Which levels are due decides what there is to read: their records and their reassign candidates.
  const due = dueEscalations(row.machine, facts, now);
  const keys = due.map(levelKey);
  const recorded = keys.length
    ? await db
        .select({ key: firedEffects.key })
        .from(firedEffects)
        .where(and(eq(firedEffects.ticketId, ticket.id), inArray(firedEffects.key, keys)))
    : [];
  const candidates = new Map<string, Awaited<ReturnType<typeof assigneeCandidates>>>();
  for (const level of due) {
    if (level.actions.includes('reassign'))
      candidates.set(level.key, await assigneeCandidates(db, targetRecipients(level.targets)));
  }
  return {
    machine: row.machine,
    facts,
    due,
    recorded: new Set(recorded.map((r) => r.key)),
    candidates,
  };
}

/**
 * The first candidate who may hold the ticket (tickets/permissions.ts assigneeProblem, the rule of a
 * manual assign), and the targets passed over before it, recorded as skipped: a named user one by one, a
 * team or role as a whole.
 */
function reassignTarget(
  ticket: Ticket,
  { candidates, unknown }: Awaited<ReturnType<typeof assigneeCandidates>>,
): { userId: string | null; skipped: SkippedRecipient[] } {
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

/** A level that fires now, as decided: its record, its note, and the changes it makes to the ticket. */
export interface FiringLevel {
  key: string;
  dueAt: Date;
  /** The `escalation.fired` payload but for whom the note reached, which its write answers. */
  fired: Record<string, unknown>;
  note: TicketNotification | null;
  /** Reassign targets passed over (recorded with the note's skipped recipients). */
  passedOver: SkippedRecipient[];
  /** The level's reassignment and priority raise, recorded after its `escalation.fired`. */
  follows: NewTicketEvent[];
}

/**
 * Fires the ticket's due levels: notify the targets, reassign to the first who may hold it, raise the
 * priority one step. Targets who may not read the ticket in full get nothing and hold nothing; the level's
 * `escalation.fired` event records them as skipped. The escalation's new state is an effect the engine
 * writes with the ticket, whether or not a level fired (its next check moves on).
 */
function decideEscalation(
  ticket: Ticket,
  _now: Date,
  { loaded }: DecideContext<LoadedEscalation | null>,
): TicketDecision<{ fired: number }, FiringLevel[]> {
  if (!loaded) return { events: [], result: { fired: 0 } };
  let machine = loaded.machine;
  const set: TicketUpdate = {};
  const firing: FiringLevel[] = [];
  for (const level of loaded.due) {
    const step = fireEscalation(machine, level);
    if (!step.ok) break;
    machine = step.persisted;
    if (loaded.recorded.has(levelKey(level))) continue; // Fired already (a concurrent or retried sweep).
    const recipients = targetRecipients(level.targets);
    const number = formatTicketNumber(ticket.kind, ticket.number);
    const note = level.actions.includes('notify')
      ? {
          ticket,
          to: recipients,
          dedupKey: `${ticket.id}:${levelKey(level)}`,
          kind: 'escalation',
          title: `${number} escalated (level ${escalationLevelNumber(level.level)}): ${ticket.title}`,
        }
      : null;
    const assignee = set.assigneeId ?? ticket.assigneeId;
    const pick = level.actions.includes('reassign')
      ? reassignTarget(ticket, loaded.candidates.get(level.key)!)
      : { userId: null, skipped: [] };
    const follows: NewTicketEvent[] = [];
    if (pick.userId && pick.userId !== assignee) {
      follows.push({
        type: 'ticket.assigned',
        payload: { from: assignee, to: pick.userId, reason: 'escalation' },
      });
      set.assigneeId = pick.userId;
    }
    const priority = set.priority ?? ticket.priority;
    if (level.actions.includes('raise_priority') && raised(priority) !== priority) {
      follows.push({
        type: 'ticket.priority_changed',
        payload: { changes: { priority: { from: priority, to: raised(priority) } }, reason: 'escalation' },
      });
      set.priority = raised(priority);
      set.priorityOverrideReason = 'Raised by escalation';
    }
    firing.push({
      key: levelKey(level),
      dueAt: new Date(level.dueAt),
      fired: {
        level: level.level,
        cycle: level.cycle,
        dueAt: new Date(level.dueAt).toISOString(),
        actions: level.actions,
      },
      note,
      passedOver: pick.skipped,
      follows,
    });
  }
  const next = nextEscalationCheckAt(machine, loaded.facts);
  return {
    set,
    events: [],
    effects: {
      escalation: {
        set: {
          machine,
          state: readEscalation(machine).state,
          nextCheckAt: next === null ? null : new Date(next),
        },
      },
    },
    ...(firing.length ? { side: firing } : {}),
    result: { fired: firing.length },
  };
}

/**
 * Records the levels as fired (exactly once: the UNIQUE key backs the read under the lock) and sends their
 * notes in one statement. Each level's events follow, in order: `escalation.fired` with whom the note
 * reached and who was skipped, then the reassignment and priority raise it decided.
 */
async function fireLevels(
  tx: Transaction,
  ticket: Ticket,
  levels: FiringLevel[],
  now: Date,
): Promise<{ events: NewTicketEvent[] }> {
  await tx
    .insert(firedEffects)
    .values(levels.map((l) => ({ ticketId: ticket.id, key: l.key, dueAt: l.dueAt, firedAt: now })));
  const notes = levels.flatMap((l) => (l.note ? [l.note] : []));
  const outcomes = await notifyAboutTickets(tx, notes, now);
  // Whoever the note reached also gets it by e-mail, through the subscribers' outbox (escalationMails).
  await enqueueTicketMail(tx, escalationMails(ticket, levels, outcomes), now);
  let n = 0;
  const events = levels.flatMap((level) => {
    const outcome = level.note ? outcomes[n++]! : { notified: [], skipped: [] };
    const skipped = [...outcome.skipped];
    for (const s of level.passedOver) if (!skipped.some((t) => sameRecipient(s, t))) skipped.push(s);
    return [
      {
        type: 'escalation.fired',
        payload: { ...level.fired, notified: outcome.notified.length, ...skippedPayload(skipped) },
      },
      ...level.follows,
    ];
  });
  return { events };
}
