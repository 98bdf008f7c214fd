import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
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
import { columnsOf } from '../../../db/sql';
import { attackTechniqueUrl } from '../../../workflows/security/attack';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { userNameOf } from '../directory/internal/user-name';
import { HANDOFF_RECEIVED } from '../handoffs/accept';
import { projectionFor, ticketVisibility } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { badRequest, notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { readVisibleTicket } from '../tickets/internal/read-one';
import { READ_EVENT_TYPE, recordRestrictedRead } from '../tickets/internal/record-read';
import { groupAccessReads } from './internal/access-log';
import { type WorkspaceInput, workspaceInput } from './schemas';

/** How many of the latest reads the access log folds into rows (the total is counted over all of them). */
export const ACCESS_LOG_READS = 200;

const assignees = alias(users, 'assignee');
const mine = alias(observables, 'mine');

/** What both lists of tasks show: the SOC's own, and its requests to the NOC. */
const TASK_COLUMNS = columnsOf(
  tasks,
  'id',
  'title',
  'details',
  'status',
  'result',
  'dueAt',
  'createdAt',
  'completedAt',
);

/** The outage a NOC action or a handoff is about, as a link: its id and (formatted below) number. */
const OUTAGE_COLUMNS = columnsOf(tickets, 'id', 'number');
function withOutageNumber<T extends { outage: { id: string; number: number } }>({ outage, ...row }: T) {
  return { ...row, outage: { id: outage.id, number: formatTicketNumber('outage', outage.number) } };
}

/**
 * security.workspace: everything the SOC works with on one incident, for full readers only (a NOC stub
 * answers NOT_FOUND, like a customer). The read is recorded on the incident's audit chain first, so the
 * access log shows it.
 */
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
    [readCount],
  ] = await Promise.all([
    ctx.db
      .select({
        ...columnsOf(observables, 'id', 'type', 'value', 'ioc', 'note', 'addedAt'),
        addedBy: userNameOf(observables.addedById),
      })
      .from(observables)
      .where(eq(observables.ticketId, id))
      .orderBy(asc(observables.addedAt), asc(observables.type), asc(observables.value)),
    // "Also seen in": one query for all observables, limited to the tickets this reader may see.
    ctx.db
      .select({ ...columnsOf(observables, 'type', 'value'), ...columnsOf(tickets, 'kind', 'number') })
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
      .select(
        columnsOf(
          evidence,
          'id',
          'name',
          'sha256',
          'sizeBytes',
          'collectedBy',
          'collectedAt',
          'location',
          'custodian',
          'addedAt',
        ),
      )
      .from(evidence)
      .where(eq(evidence.ticketId, id))
      .orderBy(asc(evidence.addedAt), asc(evidence.name)),
    ctx.db
      .select({
        ...columnsOf(custodyEntries, 'evidenceId', 'seq', 'at', 'reason', 'recordedAt'),
        from: custodyEntries.fromCustodian,
        to: custodyEntries.toCustodian,
        recordedBy: userNameOf(custodyEntries.recordedById),
      })
      .from(custodyEntries)
      .innerJoin(evidence, eq(evidence.id, custodyEntries.evidenceId))
      .where(eq(evidence.ticketId, id))
      .orderBy(asc(custodyEntries.evidenceId), asc(custodyEntries.seq)),
    ctx.db
      .select(columnsOf(attackTechniques, 'techniqueId', 'tactic', 'addedAt'))
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
      .select({ ...TASK_COLUMNS, action: tasks.action, outage: OUTAGE_COLUMNS })
      .from(tasks)
      .innerJoin(tickets, eq(tickets.id, tasks.ticketId))
      .where(and(eq(tasks.kind, 'noc_action'), eq(tasks.requestedByTicketId, id)))
      .orderBy(asc(tasks.createdAt), asc(tasks.id)),
    ctx.db
      .select({
        ...columnsOf(
          handoffs,
          'id',
          'status',
          'hypothesis',
          'confidence',
          'symptomStartAt',
          'recommendedSeverity',
          'recommendedTlp',
          'requestedAt',
          'decidedAt',
          'packet',
        ),
        outage: OUTAGE_COLUMNS,
        requestedBy: userNameOf(handoffs.requestedById),
      })
      .from(handoffs)
      .innerJoin(tickets, eq(tickets.id, handoffs.outageId))
      .where(eq(handoffs.incidentId, id))
      .orderBy(asc(handoffs.requestedAt)),
    ctx.db
      .select({ payload: ticketEvents.payload })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.type, HANDOFF_RECEIVED)))
      .orderBy(asc(ticketEvents.seq)),
    // Readers by name (the e-mail label only for non-users, or a user since deleted).
    ctx.db
      .select({
        readerKey: sql<string>`coalesce(${ticketEvents.actorId}::text, ${ticketEvents.actorLabel})`,
        reader: sql<string>`coalesce(${userNameOf(ticketEvents.actorId)}, ${ticketEvents.actorLabel})`,
        at: ticketEvents.occurredAt,
        payload: ticketEvents.payload,
      })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.type, READ_EVENT_TYPE)))
      .orderBy(desc(ticketEvents.seq))
      .limit(ACCESS_LOG_READS),
    ctx.db
      .select({ total: count() })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.type, READ_EVENT_TYPE))),
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
        ? {
            title: ticket.noticeTitle!,
            body: ticket.noticeBody!,
            audience: ticket.noticeAudience!,
            publishedAt: ticket.noticePublishedAt,
          }
        : null,
    },
    observables: observableRows.map((o) => ({
      ...o,
      alsoSeenIn: alsoSeen.get(`${o.type}\u0000${o.value}`) ?? [],
    })),
    evidence: evidenceRows.map((e) => ({ ...e, custody: ledgers.get(e.id) ?? [] })),
    techniques: techniqueRows.map((t) => ({ ...t, url: attackTechniqueUrl(t.techniqueId) })),
    tasks: taskRows.map(({ assignee, ...task }) => ({
      ...task,
      assignee: assignee?.id ? { id: assignee.id, name: assignee.name } : null,
    })),
    nocActions: nocActionRows.map(withOutageNumber),
    handoffs: handoffRows.map(withOutageNumber),
    /** What each accepted handoff brought, as the acceptance recorded it (outage timeline snapshot included). */
    receivedContext: receivedRows.map((r) => r.payload),
    /**
     * The latest reads (`shown` of `total`), newest first, consecutive reads by one person folded into
     * one row.
     */
    accessLog: {
      groups: groupAccessReads(
        accessRows.map((r) => ({
          readerKey: r.readerKey,
          reader: r.reader,
          at: r.at,
          what: typeof r.payload.what === 'string' ? r.payload.what : null,
          projection: typeof r.payload.projection === 'string' ? r.payload.projection : null,
        })),
      ),
      shown: accessRows.length,
      total: readCount?.total ?? 0,
    },
  };
}

export type SecurityWorkspace = Awaited<ReturnType<typeof getSecurityWorkspace>>;
