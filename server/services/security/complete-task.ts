import { and, eq } from 'drizzle-orm';
import { tasks } from '../../../db/schema';
import { seesInternalFields } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest, notFound, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { actorUserId, assertWorkableIncident } from './internal/workable';
import { type CompleteTaskInput, completeTaskInput } from './schemas';

/**
 * security.completeTask: marks a SOC task done, with an optional result. The task's ticket is the lock and
 * its audit chain records it. NOC action requests are the NOC's to complete, through their own verb.
 */
export async function completeTask(ctx: ServiceContext, rawInput: CompleteTaskInput) {
  const input = parseInput(completeTaskInput, rawInput);
  const [found] = await ctx.db
    .select({ ticketId: tasks.ticketId, kind: tasks.kind })
    .from(tasks)
    .where(eq(tasks.id, input.taskId));
  if (!found) throw notFound('Task');
  return changeTicket(ctx, {
    ticketId: found.ticketId,
    authorize: (ticket) => {
      if (found.kind === 'noc_action') {
        // NOC actions are internal to the outage: to whom the outage shows only its public fields (a
        // customer), the task does not exist; staff learn where it is completed instead.
        if (!seesInternalFields(ctx.actor)) throw notFound('Task');
        throw badRequest('A NOC action request is completed by the NOC, with its result, on the outage');
      }
      assertWorkableIncident(ctx.actor, ticket, 'Completing tasks');
    },
    load: async (tx, ticket) => {
      const [task] = await tx
        .select()
        .from(tasks)
        .where(and(eq(tasks.id, input.taskId), eq(tasks.ticketId, ticket.id)))
        .for('update');
      return task;
    },
    decide: (_ticket, now, { loaded: task }) => {
      if (!task) throw notFound('Task');
      if (task.status !== 'open') {
        throw new ServiceError('PRECONDITION_FAILED', `The task is already ${task.status}`);
      }
      const result = input.result ? input.result : null;
      return {
        events: [{ type: 'task.completed', payload: { taskId: task.id, title: task.title, result } }],
        side: {
          taskId: task.id,
          set: { status: 'done' as const, result, completedById: actorUserId(ctx.actor), completedAt: now },
        },
        result: { taskId: task.id },
      };
    },
    apply: async (tx, { side }) => {
      await tx.update(tasks).set(side.set).where(eq(tasks.id, side.taskId));
      return {};
    },
  });
}
