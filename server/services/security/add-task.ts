import { tasks } from '../../../db/schema';
import { roleHas } from '../../auth/permissions';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { namedUser } from '../tickets/internal/permissions';
import { actorUserId, onWorkableIncident } from './internal/workable';
import { type AddTaskInput, addTaskInput } from './schemas';

/** security.addTask: a piece of SOC work on the incident, optionally for a colleague and by a time. */
export async function addTask(ctx: ServiceContext, rawInput: AddTaskInput) {
  const input = parseInput(addTaskInput, rawInput);
  return changeTicket(ctx, {
    ...onWorkableIncident(ctx, input.id, 'Tasks'),
    load: (tx) => namedUser(tx, input.assigneeId),
    decide: (ticket, now, { loaded: user }) => {
      let assignee: { id: string; email: string } | null = null;
      if (input.assigneeId) {
        if (!user?.active || !roleHas(user.role, 'security.work')) {
          throw badRequest('Invalid input', {
            assigneeId: ['Choose an active colleague who works security incidents'],
          });
        }
        assignee = { id: user.id, email: user.email };
      }
      const task = {
        ticketId: ticket.id,
        kind: 'task' as const,
        title: input.title,
        details: input.details,
        assigneeId: assignee?.id ?? null,
        dueAt: input.dueAt ?? null,
        createdById: actorUserId(ctx.actor),
        createdAt: now,
      };
      return { events: [], side: { task, assigneeEmail: assignee?.email ?? null }, result: {} };
    },
    // The event carries the task's id, which exists once the row does.
    apply: async (tx, { side: { task, assigneeEmail } }) => {
      const [row] = await tx.insert(tasks).values(task).returning({ id: tasks.id });
      const taskId = row!.id;
      return {
        events: [
          {
            type: 'task.added',
            payload: {
              taskId,
              title: task.title,
              details: task.details,
              assigneeId: task.assigneeId,
              assigneeEmail,
              dueAt: task.dueAt?.toISOString() ?? null,
            },
          },
        ],
        result: { taskId },
      };
    },
  });
}
