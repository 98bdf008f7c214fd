import { and, eq } from 'drizzle-orm';
import type { Transaction } from '../../../../db/client';
import { businessCalendars, organisations, slaClocks, slaPolicies } from '../../../../db/schema';
import { applyClockCommand, clockRow, startClock } from '../../../../workflows/sla/clock';
import type { SlaMetric } from '../../../../workflows/sla/constants';
import { resolveTarget } from '../../../../workflows/sla/targets';
import type { NewTicketEvent } from '../../kernel/chain';
import { isUuidText } from '../../kernel/schema-parts';
import { calendarOf, checkEvent, clockColumns } from './clock-rows';
import { type ClockedTicket, recordFiredChecks } from './ticket-clocks';

// OLA clocks that belong to one thing on a ticket rather than to the ticket itself: a handoff's
// acceptance, a NOC action request. They live on the ticket (its lock, its timeline) under a
// `subject_key` (the handoff's or task's id), so the scheduler sweeps them like any other clock.

/**
 * Starts the ticket's `metric` clock for `subjectKey` from its organisation's policy. Returns the due time
 * (null when the policy sets no target: no clock) and the audit event.
 */
export async function startSubjectClock(
  tx: Transaction,
  ticket: ClockedTicket,
  metric: SlaMetric,
  subjectKey: string,
  now: Date,
): Promise<{ dueAt: Date | null; events: NewTicketEvent[] }> {
  const [contract] = await tx
    .select({ policy: slaPolicies })
    .from(organisations)
    .innerJoin(slaPolicies, eq(slaPolicies.id, organisations.slaPolicyId))
    .where(eq(organisations.id, ticket.organisationId));
  const target = contract && resolveTarget(contract.policy.targets, metric, ticket);
  if (!contract || !target) return { dueAt: null, events: [] };
  // A target's calendar that is malformed or gone (stored before saves checked it) falls back to the
  // policy's own, as for a ticket's clocks (ticket-clocks.ts).
  const calendarIds = [target.calendarId, contract.policy.calendarId].filter(isUuidText);
  let calendar: typeof businessCalendars.$inferSelect | undefined;
  for (const id of calendarIds) {
    [calendar] = await tx.select().from(businessCalendars).where(eq(businessCalendars.id, id));
    if (calendar) break;
  }
  const persisted = startClock({
    metric,
    at: now,
    targetMs: target.ms,
    thresholds: contract.policy.warnThresholds,
  });
  const columns = clockColumns(clockRow(persisted, calendarOf(calendar)));
  await tx.insert(slaClocks).values({
    ticketId: ticket.id,
    metric,
    subjectKey,
    machine: persisted,
    calendarId: calendar?.id ?? null,
    updatedAt: now,
    ...columns,
  });
  return {
    dueAt: columns.dueAt,
    events: [
      {
        type: 'sla.clock_started',
        payload: { metric, subject: subjectKey, targetMs: columns.targetMs, dueAt: columns.dueAt },
      },
    ],
  };
}

/**
 * Stops a subject clock (met, or met late once breached). A check that fell due unnoticed fires on the
 * way, at its due instant, and is recorded so the scheduler never fires it again. No clock: nothing.
 */
export async function stopSubjectClock(
  tx: Transaction,
  ticketId: string,
  metric: SlaMetric,
  subjectKey: string,
  now: Date,
): Promise<NewTicketEvent[]> {
  const [found] = await tx
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
  if (!found) return [];
  const calendar = calendarOf(found.calendar);
  const result = applyClockCommand(found.clock.machine, { type: 'STOP', at: now }, calendar);
  if (!result.ok || !result.changed) return [];
  await recordFiredChecks(tx, ticketId, found.clock.id, result.fired, now);
  await tx
    .update(slaClocks)
    .set({ machine: result.persisted, updatedAt: now, ...clockColumns(clockRow(result.persisted, calendar)) })
    .where(eq(slaClocks.id, found.clock.id));
  return [
    ...result.fired.map((check) => checkEvent(metric, check)),
    { type: 'sla.clock_stop', payload: { metric, subject: subjectKey, state: result.view.state } },
  ];
}
