import { eq } from 'drizzle-orm';
import { tasks, tickets } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { type CompleteNocActionInput, completeNocActionInput } from '../handoffs/schemas';
import { appendEvents } from '../kernel/chain';
import type { ServiceContext } from '../kernel/context';
import { changeTicket, notifyTicketChanged } from '../kernel/engine';
import { notFound, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { stopSubjectClock } from '../sla/internal/subject-clocks';
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
    apply: async (tx, outage, now) => {
      const [task] = await tx.select().from(tasks).where(eq(tasks.id, input.taskId)).for('update');
      if (task!.status !== 'open')
        throw new ServiceError('PRECONDITION_FAILED', `This NOC action is already ${task!.status}`);
      const actorId = ctx.actor.type === 'user' ? ctx.actor.id : null;
      await tx
        .update(tasks)
        .set({ status: 'done', result: input.result, completedById: actorId, completedAt: now })
        .where(eq(tasks.id, task!.id));
      const clockEvents = await stopSubjectClock(tx, outage.id, 'noc_action', task!.id, now);
      const outageNumber = formatTicketNumber(outage.kind, outage.number);
      const [incident] = await tx
        .select({ id: tickets.id, number: tickets.number, version: tickets.version })
        .from(tickets)
        .where(eq(tickets.id, task!.requestedByTicketId!));
      const completion = { taskId: task!.id, action: task!.action, result: input.result };
      await appendEvents(tx, ctx.actor, now, incident!.id, [
        { type: 'noc_action.completed', payload: { ...completion, outage: outageNumber } },
      ]);
      await notifyTicketChanged(tx, incident!.id, incident!.version);
      return {
        events: [
          {
            type: 'noc_action.completed',
            payload: { ...completion, incident: formatTicketNumber('security', incident!.number) },
          },
          ...clockEvents,
        ],
        result: { taskId: task!.id },
      };
    },
  });
}
