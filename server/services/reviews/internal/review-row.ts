import { eq } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import { type PostIncidentReviewRow, postIncidentReviews } from '../../../../db/schema';

/**
 * load, for a review command: the outage's review (undefined: none yet). No lock of its own is needed:
 * every writer of a review holds its outage's row lock first (changeTicket), which covers it.
 */
export async function reviewOf(tx: Reader, ticketId: string): Promise<PostIncidentReviewRow | undefined> {
  const [row] = await tx.select().from(postIncidentReviews).where(eq(postIncidentReviews.ticketId, ticketId));
  return row;
}
