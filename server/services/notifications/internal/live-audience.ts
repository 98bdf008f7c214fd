import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../../db/client';
import { tickets, users } from '../../../../db/schema';
import { queryRows } from '../../../../db/sql';
import { formatTicketNumber, type TicketKind } from '../../../../workflows/tickets/constants';
import type { LiveTicket } from '../../../realtime/events';
import { mayReceiveSql } from '../../kernel/access';

// The live views' audience (server/realtime asks it once per burst of changes): who may hear of which
// changed tickets, by the rule notifications follow (kernel/access.ts mayReceiveSql).

/** One subscribed person as the database sees them now. */
export interface Viewer {
  /** users.session_epoch: a session issued in an older epoch is revoked. */
  epoch: number;
  /** The ids, among those asked about, of the tickets this person reads in full. */
  visible: ReadonlySet<string>;
}

export interface Audience {
  /** The tickets asked about that exist. */
  tickets: ReadonlyMap<string, LiveTicket>;
  /** Active users only: a subscriber missing here was deactivated or deleted. */
  viewers: ReadonlyMap<string, Viewer>;
}

/** Who may hear of which of these tickets, for every subscriber at once (a change burst's one query). */
export type JudgeAudience = (ticketIds: readonly string[], userIds: readonly string[]) => Promise<Audience>;

interface Row {
  tickets: { id: string; kind: TicketKind; number: number }[] | null;
  users: { id: string; epoch: number; role: string; org: string }[] | null;
  classes: { role: string; org: string; visible: string[] | null }[] | null;
}

const idList = (ids: readonly string[]): SQL =>
  sql`(select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;

/**
 * One statement per burst, however many subscribers and tickets: each active subscriber's session epoch,
 * and the tickets they read in full — the rule every path that tells a person about a ticket follows
 * (kernel/access.ts mayReceiveSql, as notifications use it), judged on the role and organisation the
 * database holds now, not the ones their session started with. The rule reads nothing but role and
 * organisation, so it is judged once per distinct pair (a handful), not once per subscriber. A stub reader
 * (the NOC, of an incident it handed off) is not told: a stub hides when the incident last changed, and an
 * event would say it. Ids travel as one JSON parameter, so the SQL is the same on PGlite and PostgreSQL.
 */
export function audienceJudge(db: Executor): JudgeAudience {
  return async (ticketIds, userIds) => {
    const rule = mayReceiveSql({
      role: sql`c.role`,
      organisationId: sql`c.organisation_id`,
      ticketKind: sql`t.kind`,
      ticketOrganisationId: sql`t.organisation_id`,
      audience: sql`'internal'`,
    });
    const [row] = await queryRows<Row>(
      db,
      sql`with t as (
            select id, kind, number, organisation_id from ${tickets} where id in ${idList(ticketIds)}
          ), u as (
            select id, role, organisation_id, session_epoch from ${users}
            where active and id in ${idList(userIds)}
          ), c as (select distinct role, organisation_id from u)
          select
            (select json_agg(json_build_object('id', t.id, 'kind', t.kind, 'number', t.number)) from t)
              as tickets,
            (select json_agg(json_build_object(
                'id', u.id, 'epoch', u.session_epoch, 'role', u.role, 'org', u.organisation_id)) from u)
              as users,
            (select json_agg(json_build_object(
                'role', c.role, 'org', c.organisation_id,
                'visible', (select json_agg(t.id) from t where ${rule})))
             from c) as classes`,
    );
    const found = new Map<string, LiveTicket>();
    for (const t of row?.tickets ?? [])
      found.set(t.id, { id: t.id, kind: t.kind, number: formatTicketNumber(t.kind, t.number) });
    const byClass = new Map<string, ReadonlySet<string>>();
    for (const c of row?.classes ?? []) byClass.set(`${c.role} ${c.org}`, new Set(c.visible ?? []));
    const viewers = new Map<string, Viewer>();
    for (const u of row?.users ?? [])
      viewers.set(u.id, { epoch: u.epoch, visible: byClass.get(`${u.role} ${u.org}`) ?? new Set() });
    return { tickets: found, viewers };
  };
}
