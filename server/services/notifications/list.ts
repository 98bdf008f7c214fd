import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { notifications, tickets } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../context';
import { forbidden } from '../errors';
import { parseInput } from '../parse';
import { type ListNotificationsInput, listNotificationsInput } from './schemas';

/** The signed-in user's own in-app notifications, newest first, with the unread count. */
export async function listNotifications(ctx: ServiceContext, rawInput: ListNotificationsInput = {}) {
  if (ctx.actor.type !== 'user') throw forbidden();
  const input = parseInput(listNotificationsInput, rawInput);
  const mine = eq(notifications.userId, ctx.actor.id);
  const rows = await ctx.db
    .select({ notification: notifications, ticket: { kind: tickets.kind, number: tickets.number } })
    .from(notifications)
    .leftJoin(tickets, eq(tickets.id, notifications.ticketId))
    .where(input.unreadOnly ? and(mine, isNull(notifications.readAt)) : mine)
    .orderBy(desc(notifications.createdAt))
    .limit(input.limit);
  const [unread] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine, isNull(notifications.readAt)));
  return {
    unread: unread?.n ?? 0,
    items: rows.map(({ notification: n, ticket }) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      createdAt: n.createdAt,
      readAt: n.readAt,
      ticket: ticket?.kind && ticket.number ? formatTicketNumber(ticket.kind, ticket.number) : null,
    })),
  };
}
