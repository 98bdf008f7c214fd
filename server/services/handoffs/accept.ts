import { and, asc, eq, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { Reader, Transaction } from '../../../db/client';
import {
  type HandoffRow,
  observables,
  type Ticket,
  ticketEvents,
  ticketLinks,
  ticketServices,
  tickets,
} from '../../../db/schema';
import { formatTicketNumber, parseTicketNumber } from '../../../workflows/tickets/constants';
import { appendEvents } from '../kernel/chain';
import type { Actor, ServiceContext } from '../kernel/context';
import { changeTicket, notifyTicketChanged } from '../kernel/engine';
import { notFound, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { type EvidenceRecord, insertEvidence } from '../security/add-evidence';
import { type ClockSummary, clocksOfTickets } from '../sla/internal/clock-views';
import { insertTicket } from '../tickets/create';
import { READ_EVENT_TYPE } from '../tickets/internal/record-read';
import { affectedServicesOf } from '../tickets/internal/view';
import type { createTicketInput } from '../tickets/schemas';
import {
  decideOnHandoff,
  decisionOn,
  type HandoffUpdate,
  type LoadedDecision,
  updateHandoff,
} from './internal/decision';
import { type AcceptHandoffInput, acceptHandoffInput } from './schemas';

/** The event on the incident's chain that carries what the NOC handed over (read by the workspace). */
export const HANDOFF_RECEIVED = 'handoff.received';

type AcceptInput = ReturnType<typeof acceptHandoffInput.parse>;

/** What accepting reads besides the handoff: the existing incident (locked) and what is copied onto it. */
interface LoadedAccept extends LoadedDecision {
  incident?: Ticket;
  serviceIds: string[];
  timeline: (typeof ticketEvents.$inferSelect)[];
  clocks: ClockSummary[];
}

/** Everything accepting writes besides the outage's row, as decided. */
interface AcceptWrites {
  handoffId: string;
  update: HandoffUpdate;
  /** A new incident to create, or the existing one (locked in load) to add to. */
  incident:
    | { create: z.output<typeof createTicketInput> }
    | { existing: Pick<Ticket, 'id' | 'version'>; number: string };
  serviceIds: string[];
  observables: Omit<typeof observables.$inferInsert, 'ticketId'>[];
  evidence: EvidenceRecord[];
  evidenceReason: string;
  received: Record<string, unknown>;
}

/**
 * handoffs.accept: the SOC takes the outage on, into a new security incident (created in
 * `investigating`) or an existing open one. Everything the NOC sent lands on the incident — observables,
 * evidence as the first custody entries, the outage's timeline as an immutable snapshot (an event on the
 * incident's hash chain), affected services, and the outage's SLA clocks as they stood — and the two
 * tickets are linked. The outage moves to under_soc_investigation; its own clocks keep running.
 */
export async function acceptHandoff(ctx: ServiceContext, rawInput: AcceptHandoffInput) {
  const input = parseInput(acceptHandoffInput, rawInput);
  const frame = await decisionOn(ctx, input.handoffId);
  return changeTicket(ctx, {
    ...frame,
    load: async (tx, outage, now) => loadAccept(tx, input, outage, now, await frame.load(tx, outage)),
    decide: (outage, now, context) => {
      const { handoff, update, ...outageChange } = decideOnHandoff(ctx.actor, outage, now, context, {
        type: 'ACCEPT',
      });
      return {
        ...outageChange,
        side: acceptWrites(ctx.actor, input, outage, handoff, update, context.loaded, now),
        result: { handoffId: handoff.id },
      };
    },
    apply: async (tx, { side }, outage, now) => {
      const incident = await writeIncident(tx, ctx.actor, side, now);
      await copyContext(tx, ctx.actor, side, incident.id, now);
      await tx
        .insert(ticketLinks)
        .values({
          fromTicketId: outage.id,
          toTicketId: incident.id,
          type: 'handoff',
          createdAt: now,
          createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
        })
        .onConflictDoNothing();
      await updateHandoff(tx, side.handoffId, { ...side.update, incidentId: incident.id });
      // The incident's number exists only once it is created.
      return {
        events: [
          {
            type: 'handoff.accepted',
            payload: { handoffId: side.handoffId, incident: incident.number, created: incident.created },
          },
        ],
        result: { incidentId: incident.id, incidentNumber: incident.number },
      };
    },
  });
}

async function loadAccept(
  db: Reader,
  input: AcceptInput,
  outage: Ticket,
  now: Date,
  decision: LoadedDecision,
): Promise<LoadedAccept> {
  let incident: Ticket | undefined;
  if (decision.handoff && input.into === 'existing') {
    const ref = parseTicketNumber('number' in input.incident ? input.incident.number : '');
    const where =
      'id' in input.incident
        ? eq(tickets.id, input.incident.id)
        : and(eq(tickets.kind, ref!.kind), eq(tickets.number, ref!.number));
    // Locked after the outage, like every command that touches both (NOC action requests and results).
    [incident] = await db.select().from(tickets).where(where).for('update');
  }
  const serviceIds = ((await affectedServicesOf(db, [outage.id])).get(outage.id) ?? []).map((s) => s.id);
  // The outage as the NOC leaves it: its timeline and clocks before this command changes them.
  const timeline = await db
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, outage.id), ne(ticketEvents.type, READ_EVENT_TYPE)))
    .orderBy(asc(ticketEvents.seq));
  const clocks = (await clocksOfTickets(db, [outage.id], now, { includeOlas: true })).get(outage.id) ?? [];
  return { ...decision, incident, serviceIds, timeline, clocks };
}

function acceptWrites(
  actor: Actor,
  input: AcceptInput,
  outage: Ticket,
  handoff: HandoffRow,
  update: HandoffUpdate,
  loaded: LoadedAccept,
  now: Date,
): AcceptWrites {
  const outageNumber = formatTicketNumber(outage.kind, outage.number);
  const packet = handoff.packet;
  return {
    handoffId: handoff.id,
    update,
    incident: incidentFor(input, outage, outageNumber, handoff, loaded),
    serviceIds: loaded.serviceIds,
    observables: packet.observables.map((o) => ({
      type: o.type,
      value: o.value,
      ioc: o.ioc ?? false,
      note: `From the handoff of ${outageNumber}`,
      addedById: actor.type === 'user' ? actor.id : null,
      addedAt: now,
    })),
    evidence: packet.evidence.map((e) => ({ ...e, collectedAt: new Date(e.collectedAt) })),
    evidenceReason: `Collected by the NOC before the handoff of ${outageNumber}`,
    received: {
      handoffId: handoff.id,
      outageId: outage.id,
      outage: outageNumber,
      outageTitle: outage.title,
      hypothesis: handoff.hypothesis,
      confidence: handoff.confidence,
      symptomStartAt: handoff.symptomStartAt.toISOString(),
      recommendedSeverity: handoff.recommendedSeverity,
      recommendedTlp: handoff.recommendedTlp,
      requestedAt: handoff.requestedAt.toISOString(),
      observables: packet.observables,
      nocActions: packet.nocActions,
      people: packet.people,
      evidence: packet.evidence,
      // Copied, never linked: the incident keeps what the NOC knew at this moment.
      outageTimeline: loaded.timeline.map((e) => ({
        seq: e.seq,
        type: e.type,
        at: e.occurredAt.toISOString(),
        actor: e.actorLabel,
        payload: e.payload,
        hash: e.hash,
      })),
      outageClocks: loaded.clocks,
    },
  };
}

/** The incident to accept into: a new one, or the existing one named, which must be an open incident. */
function incidentFor(
  input: AcceptInput,
  outage: Ticket,
  outageNumber: string,
  handoff: HandoffRow,
  loaded: LoadedAccept,
): AcceptWrites['incident'] {
  if (input.into === 'new') {
    return {
      create: {
        kind: 'security',
        title: input.title ?? `Suspected attack behind ${outageNumber}: ${outage.title}`.slice(0, 200),
        description: handoff.hypothesis,
        organisationId: outage.organisationId,
        serviceIds: loaded.serviceIds,
        impact: outage.impact,
        urgency: outage.urgency,
        severity: input.severity ?? handoff.recommendedSeverity,
        tlp: input.tlp ?? handoff.recommendedTlp,
      },
    };
  }
  const { incident } = loaded;
  if (incident?.kind !== 'security') throw notFound('Security incident');
  const number = formatTicketNumber(incident.kind, incident.number);
  if (incident.status === 'closed')
    throw new ServiceError('PRECONDITION_FAILED', `${number} is closed; reopen it before adding to it`);
  return { existing: { id: incident.id, version: incident.version }, number };
}

interface AcceptedIncident {
  id: string;
  number: string;
  created: boolean;
}

async function writeIncident(
  tx: Transaction,
  actor: Actor,
  side: AcceptWrites,
  now: Date,
): Promise<AcceptedIncident> {
  if ('create' in side.incident) {
    const created = await insertTicket(tx, actor, side.incident.create, now, {
      source: 'handoff',
      confirmed: true,
    });
    return { ...created, created: true };
  }
  const { existing, number } = side.incident;
  if (side.serviceIds.length) {
    await tx
      .insert(ticketServices)
      .values(side.serviceIds.map((serviceId) => ({ ticketId: existing.id, serviceId })))
      .onConflictDoNothing();
  }
  await notifyTicketChanged(tx, existing.id, existing.version);
  return { id: existing.id, number, created: false };
}

/** The handoff's packet, the outage's timeline and clocks: onto the incident and its chain. */
async function copyContext(tx: Transaction, actor: Actor, side: AcceptWrites, incidentId: string, now: Date) {
  if (side.observables.length) {
    await tx
      .insert(observables)
      .values(side.observables.map((o) => ({ ...o, ticketId: incidentId })))
      .onConflictDoNothing();
  }
  const evidenceEvents = await insertEvidence(tx, incidentId, side.evidence, actor, now, side.evidenceReason);
  await appendEvents(tx, actor, now, incidentId, [
    { type: HANDOFF_RECEIVED, payload: side.received },
    ...evidenceEvents,
  ]);
}
