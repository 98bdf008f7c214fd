import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { handoffs, organisations, tickets, users } from '../../../db/schema';
import { OPEN_HANDOFF_STATUSES } from '../../../workflows/handoffs/constants';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { isStaff } from '../../auth/permissions';
import type { ServiceContext } from '../kernel/context';
import { forbidden } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { clocksOfTickets, subjectClock } from '../sla/internal/clock-views';
import { type ListHandoffsInput, listHandoffsInput } from './schemas';

const outages = alias(tickets, 'outage');
const incidents = alias(tickets, 'incident');
const requesters = alias(users, 'requester');

/**
 * handoffs.list: the SOC's pending handoffs (oldest first, with the acceptance OLA clock), or every
 * handoff of one outage (its page). Staff only: handoffs are internal. The incident a handoff went to is
 * named by number, which a NOC engineer may know (it is their stub).
 */
export async function listHandoffs(ctx: ServiceContext, rawInput: ListHandoffsInput = {}) {
  const input = parseInput(listHandoffsInput, rawInput);
  if (ctx.actor.type === 'user' && !isStaff(ctx.actor.role)) throw forbidden();
  const conditions: (SQL | undefined)[] = [];
  if (input.scope === 'pending') conditions.push(inArray(handoffs.status, [...OPEN_HANDOFF_STATUSES]));
  if (input.outageId) conditions.push(eq(handoffs.outageId, input.outageId));
  const rows = await ctx.db
    .select({
      handoff: handoffs,
      outage: {
        id: outages.id,
        number: outages.number,
        title: outages.title,
        status: outages.status,
        priority: outages.priority,
      },
      organisation: { id: organisations.id, name: organisations.name },
      requester: { name: requesters.name },
      incident: { id: incidents.id, number: incidents.number },
    })
    .from(handoffs)
    .innerJoin(outages, eq(outages.id, handoffs.outageId))
    .innerJoin(organisations, eq(organisations.id, outages.organisationId))
    .leftJoin(requesters, eq(requesters.id, handoffs.requestedById))
    .leftJoin(incidents, eq(incidents.id, handoffs.incidentId))
    .where(and(...conditions))
    .orderBy(input.scope === 'pending' ? asc(handoffs.requestedAt) : desc(handoffs.requestedAt))
    .limit(input.limit);
  const clocks = await clocksOfTickets(ctx.db, [...new Set(rows.map((r) => r.outage.id))], ctx.now(), {
    includeOlas: true,
  });
  return rows.map(({ handoff, outage, organisation, requester, incident }) => ({
    id: handoff.id,
    status: handoff.status,
    outage: { ...outage, number: formatTicketNumber('outage', outage.number) },
    organisation,
    hypothesis: handoff.hypothesis,
    confidence: handoff.confidence,
    symptomStartAt: handoff.symptomStartAt,
    recommendedSeverity: handoff.recommendedSeverity,
    recommendedTlp: handoff.recommendedTlp,
    packet: handoff.packet,
    requestedBy: requester?.name ?? null,
    requestedAt: handoff.requestedAt,
    decidedAt: handoff.decidedAt,
    declineReason: handoff.declineReason,
    incident: incident?.id
      ? { id: incident.id, number: formatTicketNumber('security', incident.number) }
      : null,
    acceptanceClock: subjectClock(clocks.get(outage.id), 'handoff_acceptance', handoff.id),
  }));
}

export type HandoffListItem = Awaited<ReturnType<typeof listHandoffs>>[number];
