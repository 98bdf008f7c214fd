import type { Database } from '../../../../db/client';
import type { Actor } from '../../kernel/context';

/** Subscribing, confirming and unsubscribing need no account: only the database and the clock. */
export interface VisitorContext {
  db: Database;
  now: () => Date;
}

/** Who the audit log names for a visitor's own subscription changes (no account, no address). */
export const VISITOR_ACTOR: Actor = { type: 'system', label: 'status page visitor' };

export const subscriberSubject = (id: string) => `status_subscriber:${id}`;
