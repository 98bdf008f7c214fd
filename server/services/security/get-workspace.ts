import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  attackTechniques,
  custodyEntries,
  evidence,
  handoffs,
  observables,
  tasks,
  ticketEvents,
  tickets,
  users,
} from '../../../db/schema';
import { attackTechniqueUrl } from '../../../workflows/security/attack';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { HANDOFF_RECEIVED } from '../handoffs/accept';
import { projectionFor, ticketVisibility } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { badRequest, notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { readVisibleTicket } from '../tickets/internal/read-one';
import { READ_EVENT_TYPE, recordRestrictedRead } from '../tickets/internal/record-read';
import { type WorkspaceInput, workspaceInput } from './schemas';

const ACCESS_LOG_LENGTH = 50;

const assignees = alias(users, 'assignee');
const mine = alias(observables, 'mine');

/**
 * security.workspace: everything the SOC works with on one incident, for full readers only (a NOC stub
 * answers NOT_FOUND, like a customer). The read is recorded on the incident's audit chain first, so the
 * access log shows it.
 */
/** What both lists of tasks show: the SOC's own, and its requests to the NOC. */
const TASK_COLUMNS = {
  id: tasks.id,
  title: tasks.title,
  details: tasks.details,
  status: tasks.status,
  result: tasks.result,
  dueAt: tasks.dueAt,
  createdAt: tasks.createdAt,
  completedAt: tasks.completedAt,
};

export async function getSecurityWorkspace(ctx: ServiceContext, rawInput: WorkspaceInput) {
  const input = parseInput(workspaceInput, rawInput);
  const ticket = await readVisibleTicket(ctx, input.id);
  if (projectionFor(ctx.actor, ticket) !== 'full') throw notFound('Ticket');
  if (ticket.kind !== 'security') throw badRequest('The SOC workspace applies to security incidents only');
  await recordRestrictedRead(ctx, ticket, 'workspace', 'full');

  const id = ticket.id;
  const [
    observableRows,
    alsoSeenRows,
    evidenceRows,
    custodyRows,
    techniqueRows,
    taskRows,
    nocActionRows,
    handoffRows,
    receivedRows,
    accessRows,
  ] = await Promise.all([
    ctx.db
      .select({
        id: observables.id,
        type: observables.type,
        value: observables.value,
        ioc: observables.ioc,
        note: observables.note,
        addedAt: observables.addedAt,
        addedBy: users.name,
      })
      .from(observables)
      .leftJoin(users, eq(users.id, observables.addedById))
      .where(eq(observables.ticketId, id))
      .orderBy(asc(observables.addedAt), asc(observables.type), asc(observables.value)),
    // "Also seen in": one query for all observables, limited to the tickets this reader may see.
    ctx.db
      .select({
        type: observables.type,
        value: observables.value,
        kind: tickets.kind,
        number: tickets.number,
      })
      .from(observables)
      .innerJoin(tickets, eq(tickets.id, observables.ticketId))
      .where(
        and(
          ne(observables.ticketId, id),
          sql`(${observables.type}, ${observables.value}) in (${ctx.db
            .select({ type: mine.type, value: mine.value })
            .from(mine)
            .where(eq(mine.ticketId, id))})`,
          ticketVisibility(ctx.actor),
        ),
      )
      .orderBy(asc(tickets.kind), asc(tickets.number)),
    ctx.db
      .select()
      .from(evidence)
      .where(eq(evidence.ticketId, id))
      .orderBy(asc(evidence.addedAt), asc(evidence.name)),
    ctx.db
      .select({
        evidenceId: custodyEntries.evidenceId,
        seq: custodyEntries.seq,
        from: custodyEntries.fromCustodian,
        to: custodyEntries.toCustodian,
        at: custodyEntries.at,
        reason: custodyEntries.reason,
        recordedAt: custodyEntries.recordedAt,
        recordedBy: users.name,
      })
      .from(custodyEntries)
      .innerJoin(evidence, eq(evidence.id, custodyEntries.evidenceId))
      .leftJoin(users, eq(users.id, custodyEntries.recordedById))
      .where(eq(evidence.ticketId, id))
      .orderBy(asc(custodyEntries.evidenceId), asc(custodyEntries.seq)),
    ctx.db
      .select({
        techniqueId: attackTechniques.techniqueId,
        tactic: attackTechniques.tactic,
        addedAt: attackTechniques.addedAt,
      })
      .from(attackTechniques)
      .where(eq(attackTechniques.ticketId, id))
      .orderBy(asc(attackTechniques.techniqueId), asc(attackTechniques.tactic)),
    ctx.db
      .select({ ...TASK_COLUMNS, assignee: { id: assignees.id, name: assignees.name } })
      .from(tasks)
      .leftJoin(assignees, eq(assignees.id, tasks.assigneeId))
      .where(and(eq(tasks.ticketId, id), eq(tasks.kind, 'task')))
      .orderBy(asc(tasks.createdAt), asc(tasks.id)),
    ctx.db
      .select({ ...TASK_COLUMNS, action: tasks.action, outageId: tickets.id, outageNumber: tickets.number })
      .from(tasks)
      .innerJoin(tickets, eq(tickets.id, tasks.ticketId))
      .where(and(eq(tasks.kind, 'noc_action'), eq(tasks.requestedByTicketId, id)))
      .orderBy(asc(tasks.createdAt), asc(tasks.id)),
    ctx.db
      .select({
        id: handoffs.id,
        status: handoffs.status,
        outageId: tickets.id,
        outageNumber: tickets.number,
        hypothesis: handoffs.hypothesis,
        confidence: handoffs.confidence,
        symptomStartAt: handoffs.symptomStartAt,
        recommendedSeverity: handoffs.recommendedSeverity,
        recommendedTlp: handoffs.recommendedTlp,
        requestedAt: handoffs.requestedAt,
        requestedBy: users.name,
        decidedAt: handoffs.decidedAt,
        packet: handoffs.packet,
      })
      .from(handoffs)
      .innerJoin(tickets, eq(tickets.id, handoffs.outageId))
      .leftJoin(users, eq(users.id, handoffs.requestedById))
      .where(eq(handoffs.incidentId, id))
      .orderBy(asc(handoffs.requestedAt)),
    ctx.db
      .select({ payload: ticketEvents.payload })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.type, HANDOFF_RECEIVED)))
      .orderBy(asc(ticketEvents.seq)),
    ctx.db
      .select({ actor: ticketEvents.actorLabel, at: ticketEvents.occurredAt, payload: ticketEvents.payload })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.type, READ_EVENT_TYPE)))
      .orderBy(desc(ticketEvents.seq))
      .limit(ACCESS_LOG_LENGTH),
  ]);

  const alsoSeen = new Map<string, string[]>();
  for (const row of alsoSeenRows) {
    const key = `${row.type}\u0000${row.value}`;
    alsoSeen.set(key, [...(alsoSeen.get(key) ?? []), formatTicketNumber(row.kind, row.number)]);
  }
  const ledgers = new Map<string, Omit<(typeof custodyRows)[number], 'evidenceId'>[]>();
  for (const { evidenceId, ...entry } of custodyRows) {
    ledgers.set(evidenceId, [...(ledgers.get(evidenceId) ?? []), entry]);
  }

  return {
    incident: {
      id: ticket.id,
      number: formatTicketNumber(ticket.kind, ticket.number),
      status: ticket.status,
      version: ticket.version,
      severity: ticket.severity,
      functionalImpact: ticket.functionalImpact,
      informationImpact: ticket.informationImpact,
      recoverability: ticket.recoverability,
      tlp: ticket.tlp,
      pap: ticket.pap,
      classification: ticket.classification,
      publicSummary: ticket.publicSummary,
      notice: ticket.noticePublishedAt
        ? { title: ticket.noticeTitle!, body: ticket.noticeBody!, publishedAt: ticket.noticePublishedAt }
        : null,
    },
    observables: observableRows.map((o) => ({
      ...o,
      alsoSeenIn: alsoSeen.get(`${o.type}\u0000${o.value}`) ?? [],
    })),
    evidence: evidenceRows.map((e) => ({
      id: e.id,
      name: e.name,
      sha256: e.sha256,
      sizeBytes: e.sizeBytes,
      collectedBy: e.collectedBy,
      collectedAt: e.collectedAt,
      location: e.location,
      custodian: e.custodian,
      addedAt: e.addedAt,
      custody: ledgers.get(e.id) ?? [],
    })),
    techniques: techniqueRows.map((t) => ({ ...t, url: attackTechniqueUrl(t.techniqueId) })),
    tasks: taskRows.map(({ assignee, ...task }) => ({
      ...task,
      assignee: assignee?.id ? { id: assignee.id, name: assignee.name } : null,
    })),
    nocActions: nocActionRows.map(({ outageId, outageNumber, ...action }) => ({
      ...action,
      outage: { id: outageId, number: formatTicketNumber('outage', outageNumber) },
    })),
    handoffs: handoffRows.map(({ outageId, outageNumber, ...handoff }) => ({
      ...handoff,
      outage: { id: outageId, number: formatTicketNumber('outage', outageNumber) },
    })),
    /** What each accepted handoff brought, as the acceptance recorded it (outage timeline snapshot included). */
    receivedContext: receivedRows.map((r) => r.payload),
    /** Newest first. */
    accessLog: accessRows.map((r) => ({
      actor: r.actor,
      at: r.at,
      what: typeof r.payload.what === 'string' ? r.payload.what : null,
      projection: typeof r.payload.projection === 'string' ? r.payload.projection : null,
    })),
  };
}

export type SecurityWorkspace = Awaited<ReturnType<typeof getSecurityWorkspace>>;
