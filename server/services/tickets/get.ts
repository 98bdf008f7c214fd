import { and, eq } from 'drizzle-orm';
import { tickets } from '../../../db/schema';
import { parseTicketNumber } from '../../../workflows/tickets/constants';
import { assertCanSee, seesInternalFields } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { clocksOfTickets } from '../sla/internal/clock-views';
import { recordRestrictedRead } from './internal/record-read';
import { affectedServicesOf, selectTicketRows, type TicketView, toTicketView } from './internal/view';
import { type TicketRef, ticketRef } from './schemas';

export async function getTicket(ctx: ServiceContext, rawRef: TicketRef): Promise<TicketView> {
  const ref = parseInput(ticketRef, rawRef);
  let where = 'id' in ref ? eq(tickets.id, ref.id) : undefined;
  if ('number' in ref) {
    const parsed = parseTicketNumber(ref.number)!;
    where = and(eq(tickets.kind, parsed.kind), eq(tickets.number, parsed.number));
  }
  const [row] = await selectTicketRows(ctx.db).where(where).limit(1);
  if (!row) throw notFound('Ticket');
  await assertCanSee(ctx.db, ctx.actor, row.ticket);
  // The page's other reads (timeline, actions, workspace) take the ticket from here.
  ctx.view?.sawVisible(row.ticket);
  const [affected, clocks] = await Promise.all([
    affectedServicesOf(ctx.db, [row.ticket.id]),
    clocksOfTickets(ctx.db, [row.ticket.id], ctx.now(), { includeOlas: seesInternalFields(ctx.actor) }),
  ]);
  const view = toTicketView(row, affected.get(row.ticket.id) ?? [], ctx.actor, clocks.get(row.ticket.id));
  await recordRestrictedRead(ctx, row.ticket, 'ticket', view.projection);
  return view;
}
