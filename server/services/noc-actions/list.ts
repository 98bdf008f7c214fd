import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { tasks, tickets, users } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { isStaff } from '../../auth/permissions';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { clocksOfTickets, subjectClock } from '../sla/internal/clock-views';
import { readVisibleTicket } from '../tickets/internal/read-one';
import { type TicketIdInput, ticketIdInput } from '../tickets/schemas';

const incidents = alias(tickets, 'incident');
const completers = alias(users, 'completer');

/** nocActions.list: the SOC's requests on an outage (its page), with each one's noc_action OLA clock. */
export async function listNocActions(ctx: ServiceContext, rawInput: TicketIdInput) {
  const input = parseInput(ticketIdInput, rawInput);
  if (ctx.actor.type === 'user' && !isStaff(ctx.actor.role)) throw notFound('Ticket');
  const outage = await readVisibleTicket(ctx, input.id);
  const rows = await ctx.db
    .select({ task: tasks, incident: { number: incidents.number }, completedBy: completers.name })
    .from(tasks)
    .innerJoin(incidents, eq(incidents.id, tasks.requestedByTicketId))
    .leftJoin(completers, eq(completers.id, tasks.completedById))
    .where(and(eq(tasks.ticketId, outage.id), eq(tasks.kind, 'noc_action')))
    .orderBy(asc(tasks.createdAt));
  const clocks = (await clocksOfTickets(ctx.db, [outage.id], ctx.now(), { includeOlas: true })).get(
    outage.id,
  );
  return rows.map(({ task, incident, completedBy }) => ({
    id: task.id,
    action: task.action!,
    title: task.title,
    details: task.details,
    status: task.status,
    result: task.result,
    dueAt: task.dueAt,
    createdAt: task.createdAt,
    completedAt: task.completedAt,
    completedBy,
    incident: formatTicketNumber('security', incident.number),
    clock: subjectClock(clocks, 'noc_action', task.id),
  }));
}
