import { and, eq } from 'drizzle-orm';
import { handoffs, tasks, tickets } from '../../../db/schema';
import { NOC_ACTION_LABELS } from '../../../workflows/security/constants';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { roleHas } from '../../auth/permissions';
import { correlatedWith } from '../correlation/internal/correlated-with';
import { type RequestNocActionInput, requestNocActionInput } from '../handoffs/schemas';
import { appendEvents } from '../kernel/chain';
import type { ServiceContext } from '../kernel/context';
import { changeTicket, notifyTicketChanged } from '../kernel/engine';
import { badRequest, forbidden, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { notifyForEvent } from '../notifications/internal/notify';
import { insertSubjectClock, loadSubjectClockTerms, planSubjectClock } from '../sla/internal/subject-clocks';

/**
 * nocActions.request: the SOC asks the NOC for help (block an address, isolate a segment, collect logs).
 * It is a task on the outage — the NOC's queue and lock — with a noc_action OLA clock keyed by the task,
 * recorded on both tickets' timelines. Only an outage handed off to this incident, or one whose alerts named its observables, can be asked.
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
    load: async (tx, outage) => {
      const [link] = await tx
        .select({ id: handoffs.id })
        .from(handoffs)
        .where(and(eq(handoffs.outageId, outage.id), eq(handoffs.incidentId, input.incidentId)))
        .limit(1);
      // Or an alert on the outage named one of the incident's observables (correlation, issue #14).
      if (!link && !(await correlatedWith(tx, outage.id, input.incidentId)))
        return { linked: false as const };
      // The outage first, then the incident: the lock order of every command that touches both.
      const [incident] = await tx
        .select()
        .from(tickets)
        .where(eq(tickets.id, input.incidentId))
        .for('update');
      return {
        linked: true as const,
        incident: incident!,
        terms: await loadSubjectClockTerms(tx, outage, 'noc_action'),
      };
    },
    decide: (outage, now, { loaded }) => {
      const outageNumber = formatTicketNumber(outage.kind, outage.number);
      if (!loaded.linked)
        throw new ServiceError(
          'PRECONDITION_FAILED',
          `${outageNumber} was not handed off to this incident, nor do its alerts name it`,
        );
      if (outage.status === 'closed')
        throw new ServiceError('PRECONDITION_FAILED', `${outageNumber} is closed`);
      const { incident } = loaded;
      const incidentNumber = formatTicketNumber('security', incident.number);
      if (incident.status === 'closed')
        throw new ServiceError('PRECONDITION_FAILED', `${incidentNumber} is closed`);
      const clock = planSubjectClock(loaded.terms, now);
      const dueAt = clock?.columns.dueAt ?? null;
      return {
        events: [],
        side: {
          task: {
            ticketId: outage.id,
            kind: 'noc_action' as const,
            action: input.action,
            requestedByTicketId: incident.id,
            title: `${NOC_ACTION_LABELS[input.action]} (for ${incidentNumber})`,
            details: input.details,
            assigneeId: outage.assigneeId,
            dueAt,
            createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
            createdAt: now,
          },
          clock,
          incident: { ticketId: incident.id, head: { seq: incident.eventSeq, hash: incident.eventHash } },
          incidentVersion: incident.version,
          outageNumber,
          incidentNumber,
          // About the outage, the NOC's ticket: the note names nothing of the incident.
          note: {
            ticket: outage,
            to: { users: [outage.assigneeId] },
            kind: 'noc_action.requested',
            title: `${outageNumber}: the SOC asks you to ${NOC_ACTION_LABELS[input.action].toLowerCase()}`,
            body: input.details,
          },
        },
        result: { dueAt },
      };
    },
    // The task's id (its clock's subject, both timelines' reference) exists once the row does.
    apply: async (tx, { side }, outage, now) => {
      const [task] = await tx.insert(tasks).values(side.task).returning({ id: tasks.id });
      const taskId = task!.id;
      const clockEvents = await insertSubjectClock(tx, outage.id, side.clock, taskId, now);
      const request = {
        taskId,
        action: input.action,
        details: input.details,
        dueAt: side.task.dueAt?.toISOString() ?? null,
      };
      await appendEvents(tx, ctx.actor, now, side.incident, [
        { type: 'noc_action.requested', payload: { ...request, outage: side.outageNumber } },
      ]);
      await notifyTicketChanged(tx, side.incident.ticketId, side.incidentVersion);
      const dedupKey = `noc_action:${taskId}:requested`;
      const skipped = await notifyForEvent(tx, { ...side.note, dedupKey }, now);
      return {
        events: [
          {
            type: 'noc_action.requested',
            payload: { ...request, incident: side.incidentNumber, ...skipped },
          },
          ...clockEvents,
        ],
        result: { taskId },
      };
    },
  });
}
