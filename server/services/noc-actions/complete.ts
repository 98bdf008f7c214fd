import { eq } from 'drizzle-orm';
import { tasks, tickets } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { type CompleteNocActionInput, completeNocActionInput } from '../handoffs/schemas';
import { appendEvents } from '../kernel/chain';
import type { ServiceContext } from '../kernel/context';
import { changeTicket, notifyTicketChanged } from '../kernel/engine';
import { notFound, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { loadSubjectClock, planSubjectClockStop } from '../sla/internal/subject-clocks';
import { assertMayWork } from '../tickets/internal/permissions';

/**
 * nocActions.complete: the NOC reports what it did. The result goes on the outage and flows back to the
 * security incident's timeline; the noc_action OLA clock stops (met, or met late).
 */
export async function completeNocAction(ctx: ServiceContext, rawInput: CompleteNocActionInput) {
  const input = parseInput(completeNocActionInput, rawInput);
  if (ctx.actor.type === 'user' && ctx.actor.role === 'customer') throw notFound('NOC action');
  const [found] = await ctx.db
    .select({ ticketId: tasks.ticketId, kind: tasks.kind })
    .from(tasks)
    .where(eq(tasks.id, input.taskId));
  if (found?.kind !== 'noc_action') throw notFound('NOC action');
  return changeTicket(ctx, {
    ticketId: found.ticketId,
    authorize: (outage) => assertMayWork(ctx.actor, outage),
    load: async (tx, outage) => {
      const [task] = await tx.select().from(tasks).where(eq(tasks.id, input.taskId)).for('update');
      const clock = await loadSubjectClock(tx, outage.id, 'noc_action', input.taskId);
      // The incident's chain gets the result too: its head is read under its lock (outage first, then it).
      const [incident] = await tx
        .select({
          id: tickets.id,
          number: tickets.number,
          version: tickets.version,
          seq: tickets.eventSeq,
          hash: tickets.eventHash,
        })
        .from(tickets)
        .where(eq(tickets.id, task!.requestedByTicketId!))
        .for('update');
      return { task: task!, clock, incident: incident! };
    },
    decide: (outage, now, { loaded: { task, clock, incident } }) => {
      if (task.status !== 'open')
        throw new ServiceError('PRECONDITION_FAILED', `This NOC action is already ${task.status}`);
      const stop = planSubjectClockStop(clock, now);
      const completion = { taskId: task.id, action: task.action, result: input.result };
      const outageNumber = formatTicketNumber(outage.kind, outage.number);
      return {
        events: [
          {
            type: 'noc_action.completed',
            payload: { ...completion, incident: formatTicketNumber('security', incident.number) },
          },
          ...stop.events,
        ],
        effects: { clocks: stop.effects },
        side: {
          task: {
            status: 'done' as const,
            result: input.result,
            completedById: ctx.actor.type === 'user' ? ctx.actor.id : null,
            completedAt: now,
          },
          incident: {
            ticketId: incident.id,
            head: { seq: incident.seq, hash: incident.hash },
            version: incident.version,
            events: [{ type: 'noc_action.completed', payload: { ...completion, outage: outageNumber } }],
          },
        },
        result: { taskId: task.id },
      };
    },
    apply: async (tx, { side }, _outage, now) => {
      await tx.update(tasks).set(side.task).where(eq(tasks.id, input.taskId));
      const { ticketId, head, version, events } = side.incident;
      await appendEvents(tx, ctx.actor, now, { ticketId, head }, events);
      await notifyTicketChanged(tx, ticketId, version);
      return {};
    },
  });
}
