import { and, eq, inArray, ne, or } from 'drizzle-orm';
import type { Database, Transaction } from '../../../../db/client';
import {
  alertCorrelations,
  type Integration,
  observables,
  ticketLinks,
  tickets,
} from '../../../../db/schema';
import {
  alertCandidates,
  type Candidate,
  matchObservables,
  type ObservableMatch,
} from '../../../../workflows/integrations/correlation';
import { formatTicketNumber } from '../../../../workflows/tickets/constants';
import type { AlertOutcome, AlertResult, IncomingAlert } from '../../integrations/internal/alerts';
import type { ServiceContext } from '../../kernel/context';
import { changeTicket, notifyTicketChanged } from '../../kernel/engine';
import { badRequest } from '../../kernel/errors';
import { notifyForEvent } from '../../notifications/internal/notify';

/**
 * The one call ingestion makes (integrations/internal/apply.ts): of a delivery's alerts, those placed on a
 * ticket now (opened, attached, reopened) are correlated; repeats and resolves were correlated when they
 * first fired.
 */
export function correlateDelivery(
  tx: Transaction,
  integration: Integration,
  alerts: readonly IncomingAlert[],
  results: readonly AlertResult[],
  now: Date,
  beforeWrites?: () => Promise<void>,
): Promise<void> {
  const byKey = new Map(alerts.map((a) => [a.key, a]));
  const placed = results.flatMap((r): PlacedAlert[] => {
    const alert = byKey.get(r.key);
    if (!alert || !r.ticketId || !PLACED.has(r.outcome)) return [];
    return [{ ...alert, ticketId: r.ticketId }];
  });
  return linkAlertsToIncidents(tx, integration, placed, now, beforeWrites);
}

const PLACED = new Set<AlertOutcome>(['opened', 'attached', 'reopened']);

/** An alert placed on a ticket in this delivery. */
export interface PlacedAlert {
  key: string;
  ticketId: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  details: Record<string, unknown>;
}

interface Correlation {
  alert: PlacedAlert;
  match: ObservableMatch;
}

/**
 * Cross-team correlation (issue #14), inside the ingestion transaction: each alert placed on a ticket
 * that names an observable of an open security incident (workflows/integrations/correlation.ts says what
 * "names" means) is linked to that incident at once and the SOC is told. Once per (alert, incident):
 * `alert_correlations` remembers, so a re-sent or re-fired alert links and notifies nobody again.
 *
 * What the NOC learns: nothing here. The link and its audit event are on the incident (the SOC's chain);
 * the outage's timeline, which every NOC engineer reads, does not name the incident, and its links list
 * hides an incident the reader may not see. Only an incident that preserves evidence shows itself on the
 * outage, as the stub a handed-off incident already is (evidence-holds.ts).
 */
export async function linkAlertsToIncidents(
  tx: Transaction,
  integration: Integration,
  placed: readonly PlacedAlert[],
  now: Date,
  /** Runs before the first write, when there is one (ingestion sends the writes it holds). */
  beforeWrites?: () => Promise<void>,
): Promise<void> {
  const named = placed
    .map((alert) => ({ alert, candidates: alertCandidates(alert) }))
    .filter((a) => a.candidates.length > 0);
  if (named.length === 0) return;
  const all = named.flatMap((a) => a.candidates);
  const stored = await openIncidentObservables(tx, all);
  if (stored.length === 0) return;
  const done = await alreadyCorrelated(
    tx,
    integration.id,
    named.map((a) => a.alert.key),
  );
  const todo: Correlation[] = [];
  for (const { alert, candidates } of named) {
    for (const match of matchObservables(candidates, stored, integration.organisationId)) {
      if (match.incidentId === alert.ticketId || done.has(`${alert.key}\n${match.incidentId}`)) continue;
      done.add(`${alert.key}\n${match.incidentId}`);
      todo.push({ alert, match });
    }
  }
  // Recorded by the system on the SOC's side: the integration's own actor may not even see the incident.
  const ctx: ServiceContext = {
    db: tx as unknown as Database,
    actor: { type: 'system', label: `correlation (${integration.name})` },
    now: () => now,
  };
  if (todo.length) await beforeWrites?.();
  for (const correlation of todo) await linkOne(ctx, integration, correlation);
}

/** Observables of open incidents with one of the candidates' (type, value) — the (type, value) index. */
async function openIncidentObservables(tx: Transaction, candidates: readonly Candidate[]) {
  const types = [...new Set(candidates.map((c) => c.type))];
  const values = [...new Set(candidates.map((c) => c.value))];
  return tx
    .select({
      id: observables.id,
      ticketId: observables.ticketId,
      type: observables.type,
      value: observables.value,
      organisationId: tickets.organisationId,
    })
    .from(observables)
    .innerJoin(tickets, eq(tickets.id, observables.ticketId))
    .where(
      and(
        inArray(observables.type, types),
        inArray(observables.value, values),
        eq(tickets.kind, 'security'),
        ne(tickets.status, 'closed'),
      ),
    )
    .orderBy(observables.addedAt, observables.id);
}

async function alreadyCorrelated(tx: Transaction, integrationId: string, keys: readonly string[]) {
  const rows = await tx
    .select({ key: alertCorrelations.alertKey, incidentId: alertCorrelations.incidentId })
    .from(alertCorrelations)
    .where(
      and(eq(alertCorrelations.integrationId, integrationId), inArray(alertCorrelations.alertKey, [...keys])),
    );
  return new Set(rows.map((r) => `${r.key}\n${r.incidentId}`));
}

/** One alert → one incident: under the incident's lock, recorded on its chain, linked, the SOC told. */
async function linkOne(ctx: ServiceContext, integration: Integration, { alert, match }: Correlation) {
  await changeTicket(ctx, {
    ticketId: match.incidentId,
    authorize: (incident) => {
      if (incident.kind !== 'security') throw badRequest('Alerts correlate with security incidents only');
    },
    load: async (reader, incident) => {
      // The alert's ticket is this transaction's already (ingestion wrote it): no second lock to wait for.
      const [ticket] = await reader.select().from(tickets).where(eq(tickets.id, alert.ticketId));
      const [link] = await reader
        .select({ type: ticketLinks.type })
        .from(ticketLinks)
        .where(
          or(
            and(eq(ticketLinks.fromTicketId, incident.id), eq(ticketLinks.toTicketId, alert.ticketId)),
            and(eq(ticketLinks.fromTicketId, alert.ticketId), eq(ticketLinks.toTicketId, incident.id)),
          ),
        )
        .limit(1);
      return { ticket: ticket!, linked: link !== undefined };
    },
    decide: (incident, now, { loaded: { ticket, linked } }) => {
      // Closed between the match and the lock: an open incident only.
      if (incident.status === 'closed') return { events: [], result: {} };
      const incidentNumber = formatTicketNumber('security', incident.number);
      const ticketNumber = formatTicketNumber(ticket.kind, ticket.number);
      const observable = { type: match.type, value: match.value };
      return {
        events: [
          {
            type: 'correlation.linked',
            payload: {
              ticket: ticketNumber,
              integration: integration.name,
              alertKey: alert.key,
              observableId: match.observableId,
              observable,
              linkAdded: !linked,
            },
          },
        ],
        side: {
          correlation: {
            integrationId: integration.id,
            alertKey: alert.key,
            incidentId: incident.id,
            ticketId: ticket.id,
            observableId: match.observableId,
            createdAt: now,
          },
          ticketVersion: ticket.version,
          link: linked
            ? null
            : {
                fromTicketId: ticket.id,
                toTicketId: incident.id,
                type: 'relates_to' as const,
                createdAt: now,
              },
          // The incident's assignee, else the SOC; the notifications service drops anyone not allowed to
          // read the incident in full (a NOC engineer never gets it).
          note: {
            ticket: incident,
            to: incident.assigneeId ? { users: [incident.assigneeId] } : { roles: ['soc_analyst' as const] },
            // Once per ticket and incident: a storm of alerts on one outage naming one host is one note
            // (each alert is still on the incident's chain).
            dedupKey: `correlation:${ticket.id}:${incident.id}`,
            kind: 'correlation.linked',
            title: `${incidentNumber}: an alert on ${ticketNumber} names ${observable.type} ${observable.value}`,
            body: `${integration.name} alert ${alert.key} was linked to ${incidentNumber}.`,
          },
        },
        result: {},
      };
    },
    apply: async (tx, { side }, _incident, now) => {
      await tx.insert(alertCorrelations).values(side.correlation);
      if (side.link) {
        await tx.insert(ticketLinks).values(side.link);
        // Its links changed: live views refresh (the announcement carries an id and a version, nothing more).
        await notifyTicketChanged(tx, side.correlation.ticketId, side.ticketVersion);
      }
      const skipped = await notifyForEvent(tx, side.note, now);
      return skipped.skipped ? { events: [{ type: 'correlation.notified', payload: skipped }] } : {};
    },
  });
}
