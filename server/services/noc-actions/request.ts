import { and, eq } from 'drizzle-orm';
import { handoffs, tasks, tickets } from '../../../db/schema';
import { NOC_ACTION_LABELS } from '../../../workflows/security/constants';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { roleHas } from '../../auth/permissions';
import { type RequestNocActionInput, requestNocActionInput } from '../handoffs/schemas';
import { appendEvents } from '../kernel/chain';
import type { ServiceContext } from '../kernel/context';
import { changeTicket, notifyTicketChanged } from '../kernel/engine';
import { badRequest, forbidden, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { notifyAboutTicket, skippedPayload } from '../notifications/internal/notify';
import { startSubjectClock } from '../sla/internal/subject-clocks';

/**
 * nocActions.request: the SOC asks the NOC for help (block an address, isolate a segment, collect logs).
 * It is a task on the outage — the NOC's queue and lock — with a noc_action OLA clock keyed by the task,
 * recorded on both tickets' timelines. Only an outage handed off to this incident can be asked.
 */
export async function requestNocAction(ctx: ServiceContext, rawInput: RequestNocActionInput) {
  const input = parseInput(requestNocActionInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.outageId,
    authorize: (ticket) => {
      if (ctx.actor.type === 'user' && !roleHas(ctx.actor.role, 'security.work'))
        throw forbidden('Only the SOC can ask the NOC for an action');
      if (ticket.kind !== 'outage') throw badRequest('NOC actions are asked of outages');
    },
    apply: async (tx, outage, now) => {
      const outageNumber = formatTicketNumber(outage.kind, outage.number);
      const [link] = await tx
        .select({ id: handoffs.id })
        .from(handoffs)
        .where(and(eq(handoffs.outageId, outage.id), eq(handoffs.incidentId, input.incidentId)))
        .limit(1);
      if (!link)
        throw new ServiceError('PRECONDITION_FAILED', `${outageNumber} was not handed off to this incident`);
      if (outage.status === 'closed')
        throw new ServiceError('PRECONDITION_FAILED', `${outageNumber} is closed`);
      // The outage first, then the incident: the lock order of every command that touches both.
      const [incident] = await tx
        .select()
        .from(tickets)
        .where(eq(tickets.id, input.incidentId))
        .for('update');
      const incidentNumber = formatTicketNumber('security', incident!.number);
      if (incident!.status === 'closed')
        throw new ServiceError('PRECONDITION_FAILED', `${incidentNumber} is closed`);
      const actorId = ctx.actor.type === 'user' ? ctx.actor.id : null;
      const [task] = await tx
        .insert(tasks)
        .values({
          ticketId: outage.id,
          kind: 'noc_action',
          action: input.action,
          requestedByTicketId: incident!.id,
          title: `${NOC_ACTION_LABELS[input.action]} (for ${incidentNumber})`,
          details: input.details,
          assigneeId: outage.assigneeId,
          createdById: actorId,
          createdAt: now,
        })
        .returning({ id: tasks.id });
      const clock = await startSubjectClock(tx, outage, 'noc_action', task!.id, now);
      if (clock.dueAt) await tx.update(tasks).set({ dueAt: clock.dueAt }).where(eq(tasks.id, task!.id));
      const request = {
        taskId: task!.id,
        action: input.action,
        details: input.details,
        dueAt: clock.dueAt?.toISOString() ?? null,
      };
      await appendEvents(tx, ctx.actor, now, incident!.id, [
        { type: 'noc_action.requested', payload: { ...request, outage: outageNumber } },
      ]);
      await notifyTicketChanged(tx, incident!.id, incident!.version);
      // About the outage, the NOC's ticket: the note names nothing of the incident.
      const notified = await notifyAboutTicket(
        tx,
        {
          ticket: outage,
          to: { users: [outage.assigneeId] },
          dedupKey: `noc_action:${task!.id}:requested`,
          kind: 'noc_action.requested',
          title: `${outageNumber}: the SOC asks you to ${NOC_ACTION_LABELS[input.action].toLowerCase()}`,
          body: input.details,
        },
        now,
      );
      return {
        events: [
          {
            type: 'noc_action.requested',
            payload: { ...request, incident: incidentNumber, ...skippedPayload(notified.skipped) },
          },
          ...clock.events,
        ],
        result: { taskId: task!.id, dueAt: clock.dueAt },
      };
    },
  });
}
