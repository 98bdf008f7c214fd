import { sql } from 'drizzle-orm';
import { tickets, users } from '../../../../db/schema';
import { mayReceiveSql } from '../../kernel/access';
import type { MailMessage } from '../../subscriptions/internal/messages';
import { type PersonMailPayload, personMailFor } from './person-mail';

// The outbox sender's side of a person's e-mail about a ticket (subscriptions/sweep-deliveries.ts): what
// it reads of the user and the ticket with each claimed row, and the message (or why none goes out).

/** Why a person's e-mail is given up unsent: they may no longer read the ticket (or left). */
export const NO_LONGER_ALLOWED = 'The recipient may no longer read the ticket';

/**
 * Columns of the sender's claim (left-joined `users` and `tickets`): the user's address now, and whether
 * they may still read the ticket in full (active, and the rule every note obeys). Retries may come hours
 * after the escalation: a user deactivated or moved out of the SOC since then gets nothing.
 */
export const personRecipientColumns = {
  userEmail: users.email,
  userMayRead: sql<boolean | null>`(${users.active} and ${mayReceiveSql({
    role: sql`${users.role}`,
    organisationId: sql`${users.organisationId}`,
    ticketKind: sql`${tickets.kind}`,
    ticketOrganisationId: sql`${tickets.organisationId}`,
    audience: sql`'internal'`,
  })})`,
};

/** The message for a claimed person row, or why it is given up. */
export function personMail(
  row: { payload: unknown; userEmail: string | null; userMayRead: boolean | null },
  base: string,
): { message: MailMessage } | { refused: string } {
  if (!row.userEmail || row.userMayRead !== true) return { refused: NO_LONGER_ALLOWED };
  return { message: personMailFor(row.payload as PersonMailPayload, { email: row.userEmail }, base) };
}
