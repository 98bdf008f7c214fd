import { seesInternalFields } from '../../kernel/access';
import type { ServiceContext } from '../../kernel/context';
import { clocksOfTickets } from '../../sla/internal/clock-views';
import { affectedServicesOf, type TicketRow, type TicketView, toTicketView } from './view';

/** The views of a page of ticket rows, in their order: two more queries (services, clocks) for the page. */
export async function ticketViewsOf(ctx: ServiceContext, rows: readonly TicketRow[]): Promise<TicketView[]> {
  const ids = rows.map((r) => r.ticket.id);
  const [affected, clocks] = await Promise.all([
    affectedServicesOf(ctx.db, ids),
    clocksOfTickets(ctx.db, ids, ctx.now(), { includeOlas: seesInternalFields(ctx.actor) }),
  ]);
  return rows.map((row) =>
    toTicketView(row, affected.get(row.ticket.id) ?? [], ctx.actor, clocks.get(row.ticket.id)),
  );
}
