import { and, asc, eq, ne } from 'drizzle-orm';
import type { Transaction } from '../../../db/client';
import {
  type HandoffRow,
  handoffs,
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
import { insertEvidence } from '../security/add-evidence';
import { clocksOfTickets } from '../sla/internal/clock-views';
import { stopSubjectClock } from '../sla/internal/subject-clocks';
import { insertTicket } from '../tickets/create';
import { READ_EVENT_TYPE } from '../tickets/internal/record-read';
import { affectedServicesOf } from '../tickets/internal/view';
import { decideLifecycleEvent } from '../tickets/transition';
import { assertMayDecide, lockHandoff, outageOf } from './internal/decision';
import { type AcceptHandoffInput, acceptHandoffInput } from './schemas';

/** The event on the incident's chain that carries what the NOC handed over (read by the workspace). */
export const HANDOFF_RECEIVED = 'handoff.received';

type AcceptInput = ReturnType<typeof acceptHandoffInput.parse>;

/**
 * handoffs.accept: the SOC takes the outage on, into a new security incident (created in
 * `investigating`) or an existing open one. Everything the NOC sent lands on the incident — observables,
 * evidence as the first custody entries, the outage's timeline as an immutable snapshot (an event on the
 * incident's hash chain), affected services, and the outage's SLA clocks as they stood — and the two
 * tickets are linked. The outage moves to under_soc_investigation; its own clocks keep running.
 */
export async function acceptHandoff(ctx: ServiceContext, rawInput: AcceptHandoffInput) {
  const input = parseInput(acceptHandoffInput, rawInput);
  return changeTicket(ctx, {
    ticketId: await outageOf(ctx.db, ctx.actor, input.handoffId),
    authorize: () => assertMayDecide(ctx.actor),
    prefetch: { sla: true },
    apply: async (tx, outage, now, prefetched) => {
      const { handoff, next } = await lockHandoff(tx, input.handoffId, outage, { type: 'ACCEPT' });
      const lifecycle = decideLifecycleEvent(
        ctx.actor,
        outage,
        now,
        { type: 'HANDOFF_ACCEPTED' },
        prefetched,
      );
      const incident = await incidentFor(tx, ctx.actor, input, outage, handoff, now);
      await copyContext(tx, ctx.actor, outage, handoff, incident, now);
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
      await tx
        .update(handoffs)
        .set({
          status: next.status,
          machine: next.machine,
          incidentId: incident.id,
          decidedById: ctx.actor.type === 'user' ? ctx.actor.id : null,
          decidedAt: now,
        })
        .where(eq(handoffs.id, handoff.id));
      const clockEvents = await stopSubjectClock(tx, outage.id, 'handoff_acceptance', handoff.id, now);
      return {
        set: lifecycle.set,
        effects: lifecycle.effects,
        events: [
          ...lifecycle.events,
          {
            type: 'handoff.accepted',
            payload: { handoffId: handoff.id, incident: incident.number, created: incident.created },
          },
          ...clockEvents,
        ],
        result: { handoffId: handoff.id, incidentId: incident.id, incidentNumber: incident.number },
      };
    },
  });
}

interface AcceptedIncident {
  id: string;
  number: string;
  created: boolean;
}

async function incidentFor(
  tx: Transaction,
  actor: Actor,
  input: AcceptInput,
  outage: Ticket,
  handoff: HandoffRow,
  now: Date,
): Promise<AcceptedIncident> {
  if (input.into === 'new') {
    const outageNumber = formatTicketNumber(outage.kind, outage.number);
    const created = await insertTicket(
      tx,
      actor,
      {
        kind: 'security',
        title: input.title ?? `Suspected attack behind ${outageNumber}: ${outage.title}`.slice(0, 200),
        description: handoff.hypothesis,
        organisationId: outage.organisationId,
        serviceIds: await affectedServiceIds(tx, outage.id),
        impact: outage.impact,
        urgency: outage.urgency,
        severity: input.severity ?? handoff.recommendedSeverity,
        tlp: input.tlp ?? handoff.recommendedTlp,
      },
      now,
      { source: 'handoff', confirmed: true },
    );
    return { ...created, created: true };
  }
  const ref = parseTicketNumber('number' in input.incident ? input.incident.number : '');
  const where =
    'id' in input.incident
      ? eq(tickets.id, input.incident.id)
      : and(eq(tickets.kind, ref!.kind), eq(tickets.number, ref!.number));
  // Locked after the outage, like every command that touches both (NOC action requests and results).
  const [incident] = await tx.select().from(tickets).where(where).for('update');
  if (incident?.kind !== 'security') throw notFound('Security incident');
  const number = formatTicketNumber(incident.kind, incident.number);
  if (incident.status === 'closed')
    throw new ServiceError('PRECONDITION_FAILED', `${number} is closed; reopen it before adding to it`);
  const affected = await affectedServiceIds(tx, outage.id);
  if (affected.length) {
    await tx
      .insert(ticketServices)
      .values(affected.map((serviceId) => ({ ticketId: incident.id, serviceId })))
      .onConflictDoNothing();
  }
  await notifyTicketChanged(tx, incident.id, incident.version);
  return { id: incident.id, number, created: false };
}

const affectedServiceIds = async (tx: Transaction, ticketId: string) =>
  ((await affectedServicesOf(tx, [ticketId])).get(ticketId) ?? []).map((s) => s.id);

/** The handoff's packet, the outage's timeline and clocks: appended to the incident's chain. */
async function copyContext(
  tx: Transaction,
  actor: Actor,
  outage: Ticket,
  handoff: HandoffRow,
  incident: AcceptedIncident,
  now: Date,
) {
  const packet = handoff.packet;
  const actorId = actor.type === 'user' ? actor.id : null;
  if (packet.observables.length) {
    await tx
      .insert(observables)
      .values(
        packet.observables.map((o) => ({
          ticketId: incident.id,
          type: o.type,
          value: o.value,
          ioc: o.ioc ?? false,
          note: `From the handoff of ${formatTicketNumber(outage.kind, outage.number)}`,
          addedById: actorId,
          addedAt: now,
        })),
      )
      .onConflictDoNothing();
  }
  const outageNumber = formatTicketNumber(outage.kind, outage.number);
  const evidenceEvents = await insertEvidence(
    tx,
    incident.id,
    packet.evidence.map((e) => ({ ...e, collectedAt: new Date(e.collectedAt) })),
    actor,
    now,
    `Collected by the NOC before the handoff of ${outageNumber}`,
  );
  const timeline = await tx
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, outage.id), ne(ticketEvents.type, READ_EVENT_TYPE)))
    .orderBy(asc(ticketEvents.seq));
  const clocks = (await clocksOfTickets(tx, [outage.id], now, { includeOlas: true })).get(outage.id) ?? [];
  await appendEvents(tx, actor, now, incident.id, [
    {
      type: HANDOFF_RECEIVED,
      payload: {
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
        outageTimeline: timeline.map((e) => ({
          seq: e.seq,
          type: e.type,
          at: e.occurredAt.toISOString(),
          actor: e.actorLabel,
          payload: e.payload,
          hash: e.hash,
        })),
        outageClocks: clocks,
      },
    },
    ...evidenceEvents,
  ]);
}
