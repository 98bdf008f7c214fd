import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { notifications, users } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import type { Role, TicketKind } from '../../../workflows/tickets/constants';
import { mayReceiveSql } from '../tickets/access';

// The one writer of notifications about a ticket. Every producer (escalations, SLA warnings and
// breaches, handoffs, NOC action requests) names its candidates; only those who may read the ticket in
// full get the note (tickets/access.ts, the rule of a read), so a NOC engineer never learns a security
// incident's title from a notification it would answer NOT_FOUND or a stub to. The rest come back as
// `skipped`, which the producer records on the ticket's audit chain in the payload of the event that
// caused the note (`skipped: SkippedRecipient[]`, ids and reasons only, never the note's content).

/** `public` notes show only what the ticket's public projection shows (customers of its organisation). */
export type NotificationAudience = 'internal' | 'public';

export interface TicketNotification {
  ticket: { id: string; kind: TicketKind; organisationId: string };
  /** Candidates: named users (null entries are ignored), and every active user with one of the roles. */
  to: { users?: readonly (string | null | undefined)[]; roles?: readonly Role[] };
  /** One note per user and key: a retried command or batch never notifies twice. */
  dedupKey: string;
  kind: string;
  title: string;
  body?: string;
  audience?: NotificationAudience;
}

/** Why a candidate got nothing (or, for escalation `reassign`, was not made the assignee). */
export type SkipReason = 'unknown_user' | 'inactive' | 'need_to_know' | 'cannot_work';

/** A named user, or a role as a whole (every active member of it was skipped for the same reason). */
export type SkippedRecipient = ({ user: string } | { role: Role }) & { reason: SkipReason };

export interface NotifyOutcome {
  /** Everyone the note is for: inserted now, or already there under its dedup key. Named users first. */
  notified: string[];
  skipped: SkippedRecipient[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Judged {
  i: number;
  user_id: string;
  via_role: Role | null;
  skip: SkipReason | null;
}

/**
 * Writes a batch of notes in one statement (the SLA sweep sends hundreds at once): expands the
 * candidates, judges each with the recipient rule against its users row, inserts the eligible ones
 * idempotently, and answers per note who was notified and who was skipped, in the notes' order.
 */
export async function notifyAboutTickets(
  tx: Executor,
  notes: readonly TicketNotification[],
  at: Date,
): Promise<NotifyOutcome[]> {
  if (notes.length === 0) return [];
  const named = notes.map((note) => [
    ...new Set(note.to.users?.filter((id): id is string => typeof id === 'string')),
  ]);
  const rows = notes.map((note, i) => ({
    i,
    ticket_id: note.ticket.id,
    ticket_kind: note.ticket.kind,
    ticket_org: note.ticket.organisationId,
    // Not an id at all (a hand-edited policy): nobody to look up, recorded as unknown below.
    users: named[i]!.filter((id) => UUID.test(id)),
    roles: [...new Set(note.to.roles ?? [])],
    dedup_key: note.dedupKey,
    kind: note.kind,
    title: note.title,
    body: note.body ?? '',
    audience: note.audience ?? 'internal',
  }));
  const rule = mayReceiveSql({
    role: sql`u.role`,
    organisationId: sql`u.organisation_id`,
    ticketKind: sql`d.ticket_kind`,
    ticketOrganisationId: sql`d.ticket_org`,
    audience: sql`d.audience`,
  });
  // Named users are judged one by one (an inactive or unknown id is worth recording); a role stands for
  // its active members. A user both named and in a role counts as named.
  const judged = await queryRows<Judged>(
    tx,
    sql`with d as (
          select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as d(
            i integer, ticket_id uuid, ticket_kind text, ticket_org uuid, users jsonb, roles jsonb,
            dedup_key text, kind text, title text, body text, audience text)
        ),
        named as (
          select d.i, x.id::uuid as user_id, x.n
          from d cross join lateral jsonb_array_elements_text(d.users) with ordinality as x(id, n)
        ),
        candidates as (
          select i, user_id, null::text as via_role, n from named
          union all
          select d.i, m.id, m.role, null
          from d cross join lateral jsonb_array_elements_text(d.roles) as r(role)
          join ${users} m on m.role = r.role and m.active
          where not exists (select 1 from named where named.i = d.i and named.user_id = m.id)
        ),
        judged as (
          select c.i, c.user_id, c.via_role, c.n,
                 case when u.id is null then 'unknown_user'
                      when not u.active then 'inactive'
                      when not ${rule} then 'need_to_know' end as skip
          from candidates c join d on d.i = c.i left join ${users} u on u.id = c.user_id
        ),
        inserted as (
          insert into ${notifications} (user_id, ticket_id, dedup_key, kind, title, body, created_at)
          select j.user_id, d.ticket_id, d.dedup_key, d.kind, d.title, d.body, ${at}
          from judged j join d on d.i = j.i where j.skip is null
          on conflict do nothing
          returning 1
        )
        select i, user_id, via_role, skip from judged
        order by i, n nulls last, via_role, user_id`,
  );
  const outcomes: NotifyOutcome[] = named.map((ids) => ({
    notified: [],
    skipped: ids.filter((id) => !UUID.test(id)).map((id) => ({ user: id, reason: 'unknown_user' as const })),
  }));
  for (const row of judged) {
    const outcome = outcomes[row.i]!;
    if (row.skip === null) outcome.notified.push(row.user_id);
    else if (row.via_role === null) outcome.skipped.push({ user: row.user_id, reason: row.skip });
    else if (!outcome.skipped.some((s) => 'role' in s && s.role === row.via_role))
      outcome.skipped.push({ role: row.via_role, reason: row.skip });
  }
  return outcomes;
}

/** One note (see notifyAboutTickets). */
export async function notifyAboutTicket(
  tx: Executor,
  note: TicketNotification,
  at: Date,
): Promise<NotifyOutcome> {
  const [outcome] = await notifyAboutTickets(tx, [note], at);
  return outcome!;
}

/** `{ skipped }` for an audit event's payload when anyone was skipped, else nothing (payloads stay lean). */
export function skippedPayload(skipped: readonly SkippedRecipient[]): { skipped?: SkippedRecipient[] } {
  return skipped.length ? { skipped: [...skipped] } : {};
}
