import { and, count, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { notifications, tickets } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { mayReceiveSql } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { forbidden } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { type ListNotificationsInput, listNotificationsInput } from './schemas';

/** The signed-in user's own in-app notifications about what they may read, newest first, with the unread count. */
export async function listNotifications(ctx: ServiceContext, rawInput: ListNotificationsInput = {}) {
  if (ctx.actor.type !== 'user') throw forbidden();
  const input = parseInput(listNotificationsInput, rawInput);
  // Only notes about tickets the reader may still see beyond a stub: the writer never sends others, but a
  // role may have changed since, and rows written before that rule existed must not keep leaking.
  const readable = or(
    isNull(notifications.ticketId),
    mayReceiveSql({
      role: sql`${ctx.actor.role}`,
      organisationId: sql`${ctx.actor.organisationId}::uuid`,
      ticketKind: sql`${tickets.kind}`,
      ticketOrganisationId: sql`${tickets.organisationId}`,
      audience: sql`'public'`,
    }),
  );
  const mine = and(eq(notifications.userId, ctx.actor.id), readable);
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
    .leftJoin(tickets, eq(tickets.id, notifications.ticketId))
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
