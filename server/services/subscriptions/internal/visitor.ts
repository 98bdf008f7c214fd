import { eq } from 'drizzle-orm';
import type { Database, Executor } from '../../../../db/client';
import { organisations } from '../../../../db/schema';
import type { Actor } from '../../kernel/context';

/** Subscribing, confirming and unsubscribing need no account: only the database and the clock. */
export interface VisitorContext {
  db: Database;
  now: () => Date;
}

/** Who the audit log names for a visitor's own subscription changes (no account, no address). */
export const VISITOR_ACTOR: Actor = { type: 'system', label: 'status page visitor' };

export const subscriberSubject = (id: string) => `status_subscriber:${id}`;

/** The page a confirm or unsubscribe link belongs to, for the page that answers it. */
export async function subscriberPage(
  tx: Executor,
  organisationId: string,
): Promise<{ slug: string; name: string }> {
  const [page] = await tx
    .select({ slug: organisations.slug, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return page!;
}
