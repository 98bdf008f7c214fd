import { eq } from 'drizzle-orm';
import { type Ticket, tickets } from '../../../../db/schema';
import { assertCanSee } from '../../kernel/access';
import type { ServiceContext } from '../../kernel/context';
import { notFound } from '../../kernel/errors';

/**
 * A ticket the actor may see, or NOT_FOUND whether it is missing or hidden from them. Within one page view
 * (ctx.view) the ticket is read and checked once, however many of the page's reads ask.
 */
export function readVisibleTicket(ctx: ServiceContext, id: string): Promise<Ticket> {
  const read = async () => {
    const [ticket] = await ctx.db.select().from(tickets).where(eq(tickets.id, id));
    if (!ticket) throw notFound('Ticket');
    await assertCanSee(ctx.db, ctx.actor, ticket);
    return ticket;
  };
  return ctx.view ? ctx.view.visibleTicket(id, read) : read();
}
