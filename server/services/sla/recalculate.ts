import { and, eq } from 'drizzle-orm';
import { businessCalendars, organisations, slaClocks, slaPolicies } from '../../../db/schema';
import { applyClockCommand, clockRow } from '../../../workflows/sla/clock';
import { resolveTarget } from '../../../workflows/sla/targets';
import { assertAdminWrite } from '../kernel/authorize-admin';
import type { NewTicketEvent } from '../kernel/chain';
import type { ServiceContext } from '../kernel/context';
import type { ClockEffect } from '../kernel/effects';
import { changeTicket } from '../kernel/engine';
import { parseInput } from '../kernel/parse';
import { calendarOf, clockColumns } from './internal/clock-rows';
import { type RecalculateInput, recalculateInput } from './schemas';

/**
 * sla.recalculate: an admin re-targets a ticket's running and paused clocks from the current policy and
 * priority (running clocks otherwise keep the targets copied when they started). Audited on the ticket.
 */
export async function recalculateTicketClocks(ctx: ServiceContext, rawInput: RecalculateInput) {
  assertAdminWrite(ctx.actor);
  const input = parseInput(recalculateInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.ticketId,
    authorize: () => {},
    load: async (tx, ticket) => {
      const [contract] = await tx
        .select({ policy: slaPolicies })
        .from(organisations)
        .innerJoin(slaPolicies, eq(slaPolicies.id, organisations.slaPolicyId))
        .where(eq(organisations.id, ticket.organisationId));
      const clocks = await tx
        .select({ clock: slaClocks, calendar: businessCalendars })
        .from(slaClocks)
        .leftJoin(businessCalendars, eq(businessCalendars.id, slaClocks.calendarId))
        .where(and(eq(slaClocks.ticketId, ticket.id), eq(slaClocks.subjectKey, '')))
        .for('update', { of: slaClocks });
      return { policy: contract?.policy ?? null, clocks };
    },
    decide: (ticket, now, { loaded: { policy, clocks } }) => {
      const events: NewTicketEvent[] = [];
      const effects: ClockEffect[] = [];
      for (const { clock, calendar } of clocks) {
        const target = policy ? resolveTarget(policy.targets, clock.metric, ticket) : null;
        if (!target || target.ms === clock.targetMs) continue;
        const cal = calendarOf(calendar);
        const result = applyClockCommand(
          clock.machine,
          { type: 'RETARGET', at: now, targetMs: target.ms },
          cal,
        );
        // Stopped or breached clocks keep their history: only running and paused ones are re-targeted.
        if (!result.ok || !result.changed) continue;
        effects.push({
          clockId: clock.id,
          set: { machine: result.persisted, ...clockColumns(clockRow(result.persisted, cal)) },
          // Unlike a transition's clock effects, a retarget has never recorded (nor put on the timeline) the
          // checks its catch-up fires: kept as it was.
          fired: [],
        });
        events.push({
          type: 'sla.clock_retargeted',
          payload: { metric: clock.metric, fromMs: clock.targetMs, toMs: target.ms, reason: input.reason },
        });
      }
      return { events, effects: { clocks: effects }, result: { retargeted: events.length } };
    },
  });
}
