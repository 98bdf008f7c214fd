import type { Transaction } from '../../../../db/client';
import type { businessCalendars, slaClocks, slaPolicies } from '../../../../db/schema';
import type { EscalationFacts } from '../../../../workflows/escalation';
import { applyClockCommand, type ClockCheck, clockRow, startClock } from '../../../../workflows/sla/clock';
import {
  clockCommandsForTicketEvent,
  clocksToStartOnCreate,
  type TicketTransitionFacts,
} from '../../../../workflows/sla/effects';
import { resolveTarget } from '../../../../workflows/sla/targets';
import type { Priority, Severity, TicketKind } from '../../../../workflows/tickets/constants';
import { factsFrom } from '../../escalations/internal/facts';
import type { NewTicketEvent } from '../../kernel/chain';
import { applyEffects, type ClockEffect } from '../../kernel/effects';
import { isUuidText } from '../../kernel/schema-parts';
import { calendarOf, checkEvent, checkKey, clockColumns } from './clock-rows';
import { type LoadedClock, loadTicketSla, type TicketSla } from './ticket-sla';

export interface ClockedTicket {
  id: string;
  kind: TicketKind;
  organisationId: string;
  priority: Priority;
  severity: Severity | null;
}

export interface PlannedClocks {
  rows: (typeof slaClocks.$inferInsert)[];
  events: NewTicketEvent[];
  /** The policy's escalation policy, if any: the ticket's escalation starts with its clocks. */
  escalationPolicyId: string | null;
  /** What escalation triggers will see of these clocks. */
  facts: EscalationFacts;
}

const NO_CLOCKS: PlannedClocks = {
  rows: [],
  events: [],
  escalationPolicyId: null,
  facts: { createdAt: 0, acknowledgedAt: null, clocks: {} },
};

/** What a new ticket's clocks are planned from: its organisation's SLA policy and the calendars it names. */
export interface ClockContract {
  policy: Pick<
    typeof slaPolicies.$inferSelect,
    'calendarId' | 'targets' | 'warnThresholds' | 'escalationPolicyId'
  >;
  /** The policy's calendar and its targets' (a superset does no harm: they are picked by id). */
  calendars: Pick<
    typeof businessCalendars.$inferSelect,
    'id' | 'timeZone' | 'weekly' | 'holidays' | 'holidayPreset'
  >[];
}

/**
 * Plans a new ticket's response and resolution clocks from its organisation's SLA policy (`contract`, read
 * by the caller with the rest of a creation's context, tickets/internal/creation-context.ts), copying the
 * targets onto the clocks: the rows to insert (after the ticket) and the audit events that start them.
 * No policy, or no target for a metric: no clock.
 */
export function planTicketClocks(
  contract: ClockContract | null,
  ticket: ClockedTicket,
  now: Date,
): PlannedClocks {
  if (!contract) return NO_CLOCKS;
  const { policy } = contract;
  const wanted = clocksToStartOnCreate(ticket.kind).flatMap((metric) => {
    const target = resolveTarget(policy.targets, metric, ticket);
    return target ? [{ metric, target, calendarId: target.calendarId ?? policy.calendarId }] : [];
  });
  if (wanted.length === 0) return { ...NO_CLOCKS, escalationPolicyId: policy.escalationPolicyId };
  // Saves check a target's calendar, but a policy stored before they did may name one that is malformed
  // or gone: such a target counts in the policy's calendar, and the ticket is created all the same.
  const ids = [policy.calendarId, ...wanted.map((w) => w.calendarId)].filter(isUuidText);
  const named = new Set(ids.map((id) => id.toLowerCase()));
  const calendars = contract.calendars.filter((c) => named.has(c.id));
  const calendarNamed = (id: string) => calendars.find((c) => c.id === id.toLowerCase());
  const rows = wanted.map(({ metric, target, calendarId }) => {
    const calendarRow = calendarNamed(calendarId) ?? calendarNamed(policy.calendarId);
    const persisted = startClock({ metric, at: now, targetMs: target.ms, thresholds: policy.warnThresholds });
    const row = clockRow(persisted, calendarOf(calendarRow));
    return {
      ticketId: ticket.id,
      metric,
      machine: persisted,
      calendarId: calendarRow?.id ?? null,
      updatedAt: now,
      ...clockColumns(row),
    };
  });
  const events = rows.map((r) => ({
    type: 'sla.clock_started',
    payload: { metric: r.metric, targetMs: r.targetMs, dueAt: r.dueAt?.toISOString() ?? null },
  }));
  const facts = factsFrom(
    { createdAt: now, acknowledgedAt: null },
    rows.map((r) => ({
      metric: r.metric,
      machine: r.machine,
      calendar: calendars.find((c) => c.id === r.calendarId),
    })),
  );
  return { rows, events, escalationPolicyId: policy.escalationPolicyId, facts };
}

export interface PlannedClockEffects {
  events: NewTicketEvent[];
  /** The clock updates and fired-effect records, for the command's one write statement. */
  effects: ClockEffect[];
  /** The ticket's clocks as they will be (escalation triggers look at these). */
  clocks: LoadedClock[];
}

/**
 * The clock commands a ticket transition implies (workflows/sla/effects), worked out on the ticket's SLA
 * state read with its lock: the events now, the writes to run with the transition's own. Checks that
 * silently fell due before the command (scheduler down) fire on the way, at the instant they became due,
 * and are recorded as fired so the scheduler never fires them again.
 */
export function planClockEffects(
  sla: TicketSla,
  facts: TicketTransitionFacts,
  now: Date,
): PlannedClockEffects {
  const commands = clockCommandsForTicketEvent(facts);
  if (commands.length === 0) return { events: [], effects: [], clocks: sla.clocks };
  const events: NewTicketEvent[] = [];
  const effects: ClockEffect[] = [];
  const clocks = sla.clocks.map((clock) => {
    const mine = commands.filter((e) => e.metric === clock.metric);
    if (mine.length === 0) return clock;
    const calendar = calendarOf(clock.calendar);
    let persisted = clock.machine;
    const fired: ClockCheck[] = [];
    const clockEvents: NewTicketEvent[] = [];
    for (const effect of mine) {
      const result = applyClockCommand(persisted, { type: effect.command, at: now }, calendar);
      // A refused command (e.g. RESUME on a met clock) changes nothing: an SLA clock never blocks a ticket.
      if (!result.ok || !result.changed) continue;
      persisted = result.persisted;
      fired.push(...result.fired);
      clockEvents.push({
        type: `sla.clock_${effect.command.toLowerCase()}`,
        payload: { metric: clock.metric, state: result.view.state },
      });
    }
    if (persisted === clock.machine) return clock;
    effects.push({
      clockId: clock.id,
      set: { machine: persisted, ...clockColumns(clockRow(persisted, calendar)) },
      fired: fired.map((check) => ({ key: checkKey(clock.id, check), dueAt: new Date(check.dueAt) })),
    });
    events.unshift(...fired.map((check) => checkEvent(clock.metric, check)));
    events.push(...clockEvents);
    return { ...clock, machine: persisted };
  });
  return { events, effects, clocks };
}

/** planClockEffects for a caller outside the engine's command path: reads the clocks and writes now. */
export async function applyTicketClockEffects(
  tx: Transaction,
  ticketId: string,
  facts: TicketTransitionFacts,
  now: Date,
): Promise<NewTicketEvent[]> {
  if (clockCommandsForTicketEvent(facts).length === 0) return [];
  const planned = planClockEffects(await loadTicketSla(tx, ticketId), facts, now);
  await applyEffects(tx, ticketId, { clocks: planned.effects }, now);
  return planned.events;
}
