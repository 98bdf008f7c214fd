import { sql } from 'drizzle-orm';
import type { Executor } from '../../../../db/client';
import { statusDeliveries, tickets, users } from '../../../../db/schema';
import { queryRows } from '../../../../db/sql';
import type { TicketKind } from '../../../../workflows/tickets/constants';
import { mayReceiveSql } from '../../kernel/access';
import { mailConfig } from '../../subscriptions/internal/config';
import type { PersonMailPayload } from './person-mail';

export interface TicketMail {
  userId: string;
  ticket: { id: string; kind: TicketKind; organisationId: string };
  /** Once per user and key (a retried command never mails twice): the notification's dedup key. */
  eventKey: string;
  payload: PersonMailPayload;
}

/**
 * Queues e-mails to people about tickets in the caller's transaction, in the outbox the status-page
 * subscribers' mail goes through (status_deliveries, sent by the scheduler's subscriber lane with its
 * retries). Need-to-know is judged here in SQL with the rule every note obeys (kernel/access.ts
 * mayReceiveSql, for internal notes), against the users row: an inactive user, or one who may not read the
 * ticket in full, gets nothing; the sender judges again before each attempt. Without SMTP
 * (WATCHFLOOR_SMTP_URL unset) nothing is queued: no sender would ever take it, and an escalation is stale
 * news by the time one is configured. Returns how many were queued now.
 */
export async function enqueueTicketMail(
  tx: Executor,
  mails: readonly TicketMail[],
  at: Date,
): Promise<number> {
  if (mails.length === 0 || !mailConfig()) return 0;
  const rows = mails.map((m) => ({
    user_id: m.userId,
    ticket_id: m.ticket.id,
    event_key: m.eventKey,
    payload: m.payload,
  }));
  const rule = mayReceiveSql({
    role: sql`u.role`,
    organisationId: sql`u.organisation_id`,
    ticketKind: sql`t.kind`,
    ticketOrganisationId: sql`t.organisation_id`,
    audience: sql`'internal'`,
  });
  const inserted = await queryRows<{ one: number }>(
    tx,
    sql`insert into ${statusDeliveries} (user_id, ticket_id, event_key, payload, next_attempt_at, created_at)
        select v.user_id, v.ticket_id, v.event_key, v.payload, ${at}, ${at}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as v(user_id uuid, ticket_id uuid, event_key text, payload jsonb)
        join ${users} u on u.id = v.user_id
        join ${tickets} t on t.id = v.ticket_id
        where u.active and ${rule}
        on conflict do nothing
        returning 1 as one`,
  );
  return inserted.length;
}
