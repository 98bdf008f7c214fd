import { eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor, Reader } from '../../../../db/client';
import { organisations, services, type Ticket, ticketServices, tickets, users } from '../../../../db/schema';
import { columnsOf } from '../../../../db/sql';
import { formatTicketNumber } from '../../../../workflows/tickets/constants';
import { projectionFor, seesInternalFields, type TicketProjection } from '../../kernel/access';
import type { Actor } from '../../kernel/context';
import { type ClockSummary, mostUrgent } from '../../sla/internal/clock-views';

const assignees = alias(users, 'assignee');

/**
 * The columns every ticket read selects, joined with its organisation and assignee; `extra` adds computed
 * columns a read needs beside them (a list's sort keys).
 */
export function selectTicketRows<Extra extends Record<string, SQL>>(db: Executor, extra?: Extra) {
  return db
    .select({
      ticket: tickets,
      organisation: {
        id: organisations.id,
        slug: organisations.slug,
        name: organisations.name,
        // The customer's zone: SLA due times are shown in it beside the viewer's own.
        timeZone: organisations.timeZone,
      },
      assignee: { id: assignees.id, name: assignees.name },
      ...(extra as Extra),
    })
    .from(tickets)
    .innerJoin(organisations, eq(organisations.id, tickets.organisationId))
    .leftJoin(assignees, eq(assignees.id, tickets.assigneeId))
    .$dynamic();
}

export type TicketRow = Awaited<
  ReturnType<ReturnType<typeof selectTicketRows<Record<never, SQL>>>['execute']>
>[number];

/**
 * What a reader receives, by projection (access.ts): customers get the public fields of their outages
 * (internal ones are null); a NOC engineer's stub of a handed-off incident shows its number, state and
 * public summary only.
 */
export function toTicketView(
  row: TicketRow,
  affected: AffectedService[],
  actor: Actor,
  clocks: ClockSummary[] = [],
) {
  const t = row.ticket;
  const projection = projectionFor(actor, t);
  const internal = projection === 'full';
  const stub = projection === 'stub';
  const number = formatTicketNumber(t.kind, t.number);
  const visibleClocks = stub ? [] : clocks;
  const view = {
    id: t.id,
    kind: t.kind,
    number,
    projection: projection as Exclude<TicketProjection, 'stub'>,
    organisation: row.organisation,
    title: stub ? (t.publicSummary ?? `Security incident ${number}`) : t.title,
    status: t.status,
    priority: t.priority,
    services: stub ? [] : affected,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    acknowledgedAt: stub ? null : t.acknowledgedAt,
    resolvedAt: stub ? null : t.resolvedAt,
    closedAt: t.closedAt,
    description: internal ? t.description : null,
    impact: internal ? t.impact : null,
    urgency: internal ? t.urgency : null,
    priorityOverrideReason: internal ? t.priorityOverrideReason : null,
    securityLink: seesInternalFields(actor) ? t.securityLink : null,
    /** Set by the SOC on an outage: the NOC cannot close it and is warned before destructive actions. */
    preserveEvidence: internal && t.kind === 'outage' && preservesEvidence(t.lifecycle),
    source: internal ? t.source : null,
    assignee: internal && row.assignee?.id ? row.assignee : null,
    version: internal ? t.version : null,
    severity: internal ? t.severity : null,
    tlp: internal ? t.tlp : null,
    pap: internal ? t.pap : null,
    classification: internal ? t.classification : null,
    resolution: internal ? t.resolution : null,
    rootCause: internal ? t.rootCause : null,
    lessonsLearned: internal ? t.lessonsLearned : null,
    /** What resolved an outage: customers see it too (their status page will); the cause stays internal. */
    resolutionSummary: stub ? null : t.resolutionSummary,
    causeCategory: internal ? t.causeCategory : null,
    functionalImpact: internal ? t.functionalImpact : null,
    informationImpact: internal ? t.informationImpact : null,
    recoverability: internal ? t.recoverability : null,
    publicSummary: internal || stub ? t.publicSummary : null,
    notice:
      internal && t.noticePublishedAt
        ? { title: t.noticeTitle, body: t.noticeBody, publishedAt: t.noticePublishedAt }
        : null,
    /** SLA clocks (customers: their SLAs only, no internal OLAs). */
    clocks: visibleClocks,
    /** The counting clock with the least time left, for queues. */
    urgentClock: mostUrgent(visibleClocks),
  };
  if (!stub) return view;
  // A stub is number, state and public summary (DESIGN §2.9): whose incident it is, how urgent it is and
  // when it was opened, changed or closed stay with the SOC. Its own type, so readers narrow on it.
  return {
    ...view,
    projection: 'stub' as const,
    organisation: null,
    priority: null,
    createdAt: null,
    updatedAt: null,
    closedAt: null,
  };
}
export type TicketView = ReturnType<typeof toTicketView>;

function preservesEvidence(lifecycle: Ticket['lifecycle']): boolean {
  const snapshot = lifecycle.snapshot as { context?: { preserveEvidence?: unknown } } | null;
  return snapshot?.context?.preserveEvidence === true;
}

export interface AffectedService {
  id: string;
  name: string;
  organisationId: string;
}

/** Affected services of many tickets in one query, keyed by ticket id. */
export async function affectedServicesOf(
  db: Reader,
  ticketIds: string[],
): Promise<Map<string, AffectedService[]>> {
  const byTicket = new Map<string, AffectedService[]>();
  if (ticketIds.length === 0) return byTicket;
  const rows = await db
    .select({ ticketId: ticketServices.ticketId, ...columnsOf(services, 'id', 'name', 'organisationId') })
    .from(ticketServices)
    .innerJoin(services, eq(services.id, ticketServices.serviceId))
    .where(inArray(ticketServices.ticketId, ticketIds))
    .orderBy(services.position, services.name);
  for (const { ticketId, ...service } of rows)
    byTicket.set(ticketId, [...(byTicket.get(ticketId) ?? []), service]);
  return byTicket;
}
