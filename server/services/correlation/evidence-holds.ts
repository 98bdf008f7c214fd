import { and, asc, eq, exists, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Reader } from '../../../db/client';
import { alertCorrelations, handoffs, tickets } from '../../../db/schema';
import { formatTicketNumber, type SecurityStatus } from '../../../workflows/tickets/constants';
import { isStaff } from '../../auth/permissions';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { readVisibleTicket } from '../tickets/internal/read-one';
import { type TicketIdInput, ticketIdInput } from '../tickets/schemas';

/** A correlated incident that preserves evidence, as the stub a handed-off incident is (DESIGN §2.9). */
export interface EvidenceHold {
  incidentId: string;
  number: string;
  status: SecurityStatus;
  /** The SOC's public summary, or a neutral title: never the incident's own title or observables. */
  summary: string;
}

const incidents = alias(tickets, 'incident');
const heldOutages = alias(tickets, 'held_outage');

/**
 * correlation.evidenceHolds: the open security incidents an alert on this ticket named (alert
 * correlation) that are preserving evidence — the SOC has set the preserve-evidence hold on an outage it
 * accepted into that incident. The outage page warns before any remediation while the list is not empty,
 * and offers a NOC action request instead.
 *
 * Need-to-know: the ticket is read like any other (NOT_FOUND when hidden); customers get NOT_FOUND (the
 * SOC's involvement is not theirs to see). Every reader, the SOC included, gets the stub only: number,
 * state and public summary. A held incident has an accepted handoff, so a NOC engineer can open that stub
 * already; the warning tells them no more than it does, and nothing of why the alert matched.
 */
export async function evidenceHolds(ctx: ServiceContext, rawInput: TicketIdInput): Promise<EvidenceHold[]> {
  const input = parseInput(ticketIdInput, rawInput);
  if (ctx.actor.type === 'user' && !isStaff(ctx.actor.role)) throw notFound('Ticket');
  const ticket = await readVisibleTicket(ctx, input.id);
  const rows = await heldIncidents(ctx.db, ticket.id);
  return rows.map((r) => {
    const number = formatTicketNumber('security', r.number);
    return {
      incidentId: r.id,
      number,
      status: r.status as SecurityStatus,
      summary: r.publicSummary ?? `Security incident ${number}`,
    };
  });
}

/** The open incidents correlated with this ticket that preserve evidence (the warning's rows). */
export async function heldIncidents(db: Reader, ticketId: string) {
  const holding = db
    .select({ one: sql`1` })
    .from(handoffs)
    .innerJoin(heldOutages, eq(heldOutages.id, handoffs.outageId))
    .where(
      and(
        eq(handoffs.incidentId, incidents.id),
        eq(handoffs.status, 'accepted'),
        sql`(${heldOutages.lifecycle} -> 'snapshot' -> 'context' ->> 'preserveEvidence') = 'true'`,
      ),
    );
  return db
    .selectDistinct({
      id: incidents.id,
      number: incidents.number,
      status: incidents.status,
      publicSummary: incidents.publicSummary,
    })
    .from(alertCorrelations)
    .innerJoin(incidents, eq(incidents.id, alertCorrelations.incidentId))
    .where(
      and(
        eq(alertCorrelations.ticketId, ticketId),
        eq(incidents.kind, 'security'),
        ne(incidents.status, 'closed'),
        exists(holding),
      ),
    )
    .orderBy(asc(incidents.number));
}
