import { eq } from 'drizzle-orm';
import { tasks, users } from '../../../db/schema';
import { roleHas } from '../../auth/permissions';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { actorUserId, assertWorkableIncident } from './internal/workable';
import { type AddTaskInput, addTaskInput } from './schemas';

/** security.addTask: a piece of SOC work on the incident, optionally for a colleague and by a time. */
export async function addTask(ctx: ServiceContext, rawInput: AddTaskInput) {
  const input = parseInput(addTaskInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertWorkableIncident(ctx.actor, ticket, 'Tasks'),
    apply: async (tx, ticket, now) => {
      let assignee: { id: string; email: string } | null = null;
      if (input.assigneeId) {
        const [user] = await tx.select().from(users).where(eq(users.id, input.assigneeId));
        if (!user?.active || !roleHas(user.role, 'security.work')) {
          throw badRequest('Invalid input', {
            assigneeId: ['Choose an active colleague who works security incidents'],
          });
        }
        assignee = { id: user.id, email: user.email };
      }
      const dueAt = input.dueAt ?? null;
      const [task] = await tx
        .insert(tasks)
        .values({
          ticketId: ticket.id,
          kind: 'task',
          title: input.title,
          details: input.details,
          assigneeId: assignee?.id ?? null,
          dueAt,
          createdById: actorUserId(ctx.actor),
          createdAt: now,
        })
        .returning({ id: tasks.id });
      return {
        events: [
          {
            type: 'task.added',
            payload: {
              taskId: task!.id,
              title: input.title,
              details: input.details,
              assigneeId: assignee?.id ?? null,
              assigneeEmail: assignee?.email ?? null,
              dueAt: dueAt?.toISOString() ?? null,
            },
          },
        ],
        result: { taskId: task!.id },
      };
    },
  });
}
