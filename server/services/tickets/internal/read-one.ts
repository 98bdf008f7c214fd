import { eq } from 'drizzle-orm';
import type { Executor } from '../../../../db/client';
import { type Ticket, tickets } from '../../../../db/schema';
import { assertCanSee } from '../../kernel/access';
import type { Actor } from '../../kernel/context';
import { notFound } from '../../kernel/errors';

/** A ticket the actor may see, or NOT_FOUND whether it is missing or hidden from them. */
export async function readVisibleTicket(db: Executor, actor: Actor, id: string): Promise<Ticket> {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, id));
  if (!ticket) throw notFound('Ticket');
  await assertCanSee(db, actor, ticket);
  return ticket;
}
