import { type SQL, sql } from 'drizzle-orm';
import { tickets } from '../../../../db/schema';
import { REPORTABLE_KINDS, type ReportKind } from '../../../../workflows/reports/constants';
import { TICKET_KINDS, type TicketKind } from '../../../../workflows/tickets/constants';
import { ticketVisibility } from '../../kernel/access';
import type { Actor } from '../../kernel/context';
import { forbidden } from '../../kernel/errors';

/**
 * The authorisation of every report: the ticket kinds this actor may report on (workflows/reports
 * REPORTABLE_KINDS), or FORBIDDEN for anyone who is not operator staff (customers, integrations).
 */
export function reportableKinds(actor: Actor): readonly TicketKind[] {
  const kinds =
    actor.type === 'system' ? TICKET_KINDS : actor.type === 'user' ? REPORTABLE_KINDS[actor.role] : [];
  if (!kinds.length) throw forbidden('Reports are for operator staff');
  return kinds;
}

/** The kinds a report counts: what was asked for, within what the actor may report on. */
export function countedKinds(allowed: readonly TicketKind[], asked: ReportKind): TicketKind[] {
  if (asked === 'all') return [...allowed];
  if (!allowed.includes(asked)) throw forbidden(`Your reports cover ${allowed.join(' and ')} tickets only`);
  return [asked];
}

/**
 * The tickets (alias `t`) a report may count: of the counted kinds, and — belt and braces, since the kinds
 * already keep a NOC engineer to outages — only tickets the actor may see at all (kernel/access.ts, the
 * predicate tickets.list uses), so an aggregate never counts a restricted incident.
 */
export function countedTickets(actor: Actor, kinds: readonly TicketKind[]): SQL {
  const visible = ticketVisibility(actor);
  const kindList = sql.join(
    kinds.map((kind) => sql`${kind}`),
    sql`, `,
  );
  return sql`t.kind in (${kindList})${visible ? sql` and t.id in (select ${tickets.id} from ${tickets} where ${visible})` : sql``}`;
}
