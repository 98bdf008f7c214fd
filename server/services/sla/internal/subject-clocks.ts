import { and, eq } from 'drizzle-orm';
import type { Reader, Transaction } from '../../../../db/client';
import {
  type BusinessCalendarRow,
  businessCalendars,
  organisations,
  slaClocks,
  slaPolicies,
} from '../../../../db/schema';
import {
  applyClockCommand,
  clockRow,
  type PersistedClock,
  startClock,
} from '../../../../workflows/sla/clock';
import type { SlaMetric } from '../../../../workflows/sla/constants';
import { resolveTarget } from '../../../../workflows/sla/targets';
import type { NewTicketEvent } from '../../kernel/chain';
import type { ClockEffect } from '../../kernel/effects';
import { isUuidText } from '../../kernel/schema-parts';
import { calendarOf, checkEvent, checkKey, clockColumns } from './clock-rows';
import type { ClockedTicket } from './ticket-clocks';

// OLA clocks that belong to one thing on a ticket rather than to the ticket itself: a handoff's
// acceptance, a NOC action request. They live on the ticket (its lock, its timeline) under a
// `subject_key` (the handoff's or task's id), so the scheduler sweeps them like any other clock.
// Each is read in a command's load, planned in its decide and written in its apply (a start: the subject
// is a new row whose id exists only then) or by the engine (a stop: a ClockEffect).

/** What a new subject clock starts from: the policy's target for the metric and its calendar. */
export interface SubjectClockTerms {
  metric: SlaMetric;
  targetMs: number;
  thresholds: readonly number[];
  calendar: BusinessCalendarRow | undefined;
}

/** load: the terms of the ticket's `metric` clock under its organisation's policy (null: no target, no clock). */
export async function loadSubjectClockTerms(
  db: Reader,
  ticket: ClockedTicket,
  metric: SlaMetric,
): Promise<SubjectClockTerms | null> {
  const [contract] = await db
    .select({ policy: slaPolicies })
    .from(organisations)
    .innerJoin(slaPolicies, eq(slaPolicies.id, organisations.slaPolicyId))
    .where(eq(organisations.id, ticket.organisationId));
  const target = contract && resolveTarget(contract.policy.targets, metric, ticket);
  if (!contract || !target) return null;
  // A target's calendar that is malformed or gone (stored before saves checked it) falls back to the
  // policy's own, as for a ticket's clocks (ticket-clocks.ts).
  const calendarIds = [target.calendarId, contract.policy.calendarId].filter(isUuidText);
  let calendar: BusinessCalendarRow | undefined;
  for (const id of calendarIds) {
    [calendar] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, id));
    if (calendar) break;
  }
  return { metric, targetMs: target.ms, thresholds: contract.policy.warnThresholds, calendar };
}

/** A subject clock as decided: everything of its row but the subject, which apply creates. */
export interface PlannedSubjectClock {
  metric: SlaMetric;
  machine: PersistedClock;
  calendarId: string | null;
  columns: ReturnType<typeof clockColumns>;
}

/** decide: the clock to start now on the terms (null terms: none). */
export function planSubjectClock(terms: SubjectClockTerms | null, now: Date): PlannedSubjectClock | null {
  if (!terms) return null;
  const machine = startClock({
    metric: terms.metric,
    at: now,
    targetMs: terms.targetMs,
    thresholds: terms.thresholds,
  });
  return {
    metric: terms.metric,
    machine,
    calendarId: terms.calendar?.id ?? null,
    columns: clockColumns(clockRow(machine, calendarOf(terms.calendar))),
  };
}

/** apply: writes the planned clock for its subject and answers the audit event that starts it. */
export async function insertSubjectClock(
  tx: Transaction,
  ticketId: string,
  planned: PlannedSubjectClock | null,
  subjectKey: string,
  now: Date,
): Promise<NewTicketEvent[]> {
  if (!planned) return [];
  const { metric, columns } = planned;
  await tx.insert(slaClocks).values({
    ticketId,
    metric,
    subjectKey,
    machine: planned.machine,
    calendarId: planned.calendarId,
    updatedAt: now,
    ...columns,
  });
  return [
    {
      type: 'sla.clock_started',
      payload: { metric, subject: subjectKey, targetMs: columns.targetMs, dueAt: columns.dueAt },
    },
  ];
}

/** A running subject clock, read (and locked) in a command's load. */
export interface LoadedSubjectClock {
  id: string;
  metric: SlaMetric;
  subjectKey: string;
  machine: PersistedClock;
  calendar: BusinessCalendarRow | null;
}

/** load: the ticket's `metric` clock for `subjectKey`, if there is one. */
export async function loadSubjectClock(
  db: Reader,
  ticketId: string,
  metric: SlaMetric,
  subjectKey: string,
): Promise<LoadedSubjectClock | null> {
  const [found] = await db
    .select({ clock: slaClocks, calendar: businessCalendars })
    .from(slaClocks)
    .leftJoin(businessCalendars, eq(businessCalendars.id, slaClocks.calendarId))
    .where(
      and(
        eq(slaClocks.ticketId, ticketId),
        eq(slaClocks.metric, metric),
        eq(slaClocks.subjectKey, subjectKey),
      ),
    )
    .for('update', { of: slaClocks });
  if (!found) return null;
  const { id, machine } = found.clock;
  return { id, metric, subjectKey, machine, calendar: found.calendar };
}

/**
 * decide: stops a subject clock (met, or met late once breached), as the engine's clock effect and its
 * audit events. A check that fell due unnoticed fires on the way, at its due instant, and is recorded so
 * the scheduler never fires it again. No clock, or one already stopped: nothing.
 */
export function planSubjectClockStop(
  clock: LoadedSubjectClock | null,
  now: Date,
): { effects: ClockEffect[]; events: NewTicketEvent[] } {
  if (!clock) return { effects: [], events: [] };
  const calendar = calendarOf(clock.calendar);
  const result = applyClockCommand(clock.machine, { type: 'STOP', at: now }, calendar);
  if (!result.ok || !result.changed) return { effects: [], events: [] };
  return {
    effects: [
      {
        clockId: clock.id,
        set: { machine: result.persisted, ...clockColumns(clockRow(result.persisted, calendar)) },
        fired: result.fired.map((check) => ({
          key: checkKey(clock.id, check),
          dueAt: new Date(check.dueAt),
        })),
      },
    ],
    events: [
      ...result.fired.map((check) => checkEvent(clock.metric, check)),
      {
        type: 'sla.clock_stop',
        payload: { metric: clock.metric, subject: clock.subjectKey, state: result.view.state },
      },
    ],
  };
}
