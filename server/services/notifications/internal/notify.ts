import { sql } from 'drizzle-orm';
import type { Executor } from '../../../../db/client';
import { notifications, users } from '../../../../db/schema';
import { queryRows } from '../../../../db/sql';
import type { Role, TicketKind } from '../../../../workflows/tickets/constants';
import { mayReceiveSql } from '../../kernel/access';

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
  n: number | null;
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
  const noteColumns = (note: TicketNotification, i: number) => ({
    i,
    ticket_id: note.ticket.id,
    ticket_kind: note.ticket.kind,
    ticket_org: note.ticket.organisationId,
    dedup_key: note.dedupKey,
    kind: note.kind,
    title: note.title,
    // Defaults stay out of the JSON (the sweep sends hundreds of rows): SQL fills them in.
    ...(note.body ? { body: note.body } : {}),
    ...(note.audience === 'public' ? { audience: 'public' } : {}),
  });
  // One row per named candidate (the sweep's case: no expansion in SQL at all), and one per role, which
  // SQL expands to its active members except those the note also names. An id that is no id at all (a
  // hand-edited policy) has nobody to look up: it is recorded as unknown below.
  const byUser = notes.flatMap((note, i) =>
    named[i]!.filter((id) => UUID.test(id)).map((userId, n) => ({
      ...noteColumns(note, i),
      n,
      user_id: userId,
    })),
  );
  const byRole = notes.flatMap((note, i) =>
    [...new Set(note.to.roles ?? [])].map((role) => ({ ...noteColumns(note, i), role, named: named[i] })),
  );
  const columns = sql`i integer, ticket_id uuid, ticket_kind text, ticket_org uuid, dedup_key text, kind text,
    title text, body text, audience text`;
  const rule = mayReceiveSql({
    role: sql`u.role`,
    organisationId: sql`u.organisation_id`,
    ticketKind: sql`c.ticket_kind`,
    ticketOrganisationId: sql`c.ticket_org`,
    audience: sql`c.audience`,
  });
  const judged = await queryRows<Judged>(
    tx,
    sql`with c as (
          select i, n, user_id, null::text as via_role, ticket_id, ticket_kind, ticket_org, dedup_key, kind,
                 title, coalesce(body, '') as body, coalesce(audience, 'internal') as audience
          from jsonb_to_recordset(${JSON.stringify(byUser)}::jsonb) as v(${columns}, n integer, user_id uuid)
          union all
          select g.i, null, m.id, m.role, g.ticket_id, g.ticket_kind, g.ticket_org, g.dedup_key, g.kind,
                 g.title, coalesce(g.body, ''), coalesce(g.audience, 'internal')
          from jsonb_to_recordset(${JSON.stringify(byRole)}::jsonb) as g(${columns}, role text, named jsonb)
          join ${users} m on m.role = g.role and m.active
          where not exists (select 1 from jsonb_array_elements_text(g.named) as x(id) where x.id = m.id::text)
        ),
        judged as (
          select c.*, case when u.id is null then 'unknown_user'
                           when not u.active then 'inactive'
                           when not ${rule} then 'need_to_know' end as skip
          from c left join ${users} u on u.id = c.user_id
        ),
        inserted as (
          insert into ${notifications} (user_id, ticket_id, dedup_key, kind, title, body, created_at)
          select user_id, ticket_id, dedup_key, kind, title, body, ${at} from judged where skip is null
          on conflict do nothing
          returning 1
        )
        -- Named users who were not skipped are known already: only the rest comes back (for the sweep,
        -- usually nothing).
        select i, n, user_id, via_role, skip from judged where skip is not null or via_role is not null`,
  );
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  // Named users in the order given, then role members by role and id.
  judged.sort(
    (a, b) =>
      a.i - b.i ||
      (a.n ?? Number.MAX_SAFE_INTEGER) - (b.n ?? Number.MAX_SAFE_INTEGER) ||
      cmp(a.via_role ?? '', b.via_role ?? '') ||
      cmp(a.user_id, b.user_id),
  );
  const outcomes: NotifyOutcome[] = named.map(() => ({ notified: [], skipped: [] }));
  const skippedNamed = new Map<number, Map<string, SkipReason>>();
  for (const row of judged) {
    if (row.via_role !== null) continue;
    const of = skippedNamed.get(row.i) ?? new Map<string, SkipReason>();
    skippedNamed.set(row.i, of.set(row.user_id, row.skip!));
  }
  named.forEach((ids, i) => {
    const outcome = outcomes[i]!;
    for (const id of ids) {
      const reason = UUID.test(id) ? skippedNamed.get(i)?.get(id) : 'unknown_user';
      if (reason) outcome.skipped.push({ user: id, reason });
      else outcome.notified.push(id);
    }
  });
  for (const row of judged) {
    if (row.via_role === null) continue;
    const outcome = outcomes[row.i]!;
    if (row.skip === null) outcome.notified.push(row.user_id);
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

/** One note, answering what its producer's event records: `{ skipped }` when anyone got nothing. */
export async function notifyForEvent(
  tx: Executor,
  note: TicketNotification,
  at: Date,
): Promise<{ skipped?: SkippedRecipient[] }> {
  return skippedPayload((await notifyAboutTicket(tx, note, at)).skipped);
}
