import { handoffs, observables } from '../../../db/schema';
import { storedPacket } from '../../../workflows/handoffs/packet';
import { startLifecycle } from '../../../workflows/machines';
import { normaliseObservable } from '../../../workflows/security/observables';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { roleHas } from '../../auth/permissions';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest, forbidden, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { notifyForEvent } from '../notifications/internal/notify';
import { insertSubjectClock, loadSubjectClockTerms, planSubjectClock } from '../sla/internal/subject-clocks';
import { decideLifecycleEvent } from '../tickets/transition';
import { type RequestHandoffInput, requestHandoffInput } from './schemas';

/** Clocks on the NOC's side may run a little ahead of the server's; beyond that a time is a typo. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * handoffs.request: a NOC engineer hands an outage that looks like an attack to the SOC with a structured
 * packet. The outage's security region moves to handoff_requested, its observables are recorded on the
 * outage (so "also seen in" finds it), and a handoff_acceptance OLA clock starts, keyed by the handoff.
 */
export async function requestHandoff(ctx: ServiceContext, rawInput: RequestHandoffInput) {
  const input = parseInput(requestHandoffInput, rawInput);
  const now = ctx.now();
  for (const [field, at] of datesIn(input)) {
    if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
      throw badRequest('Invalid input', { [field]: ['This time is in the future'] });
  }
  const canonical = input.observables.map((o) => {
    const result = normaliseObservable(o.type, o.value);
    if (!result.ok) throw new Error('observableInput accepted a value normaliseObservable refuses');
    return { ...o, value: result.value };
  });
  return changeTicket(ctx, {
    ticketId: input.outageId,
    expectedVersion: input.version,
    authorize: (ticket) => {
      if (ctx.actor.type === 'user' && !roleHas(ctx.actor.role, 'handoff.request'))
        throw forbidden('Your role cannot hand outages to the SOC');
      if (ticket.kind !== 'outage') throw badRequest('Only an outage can be handed to the SOC');
    },
    prefetch: { sla: true },
    load: (tx, outage) => loadSubjectClockTerms(tx, outage, 'handoff_acceptance'),
    decide: (outage, now, context) => {
      if (outage.status === 'closed')
        throw new ServiceError('PRECONDITION_FAILED', 'A closed outage cannot be handed to the SOC');
      const lifecycle = decideLifecycleEvent(ctx.actor, outage, now, { type: 'REQUEST_HANDOFF' }, context);
      const actorId = ctx.actor.type === 'user' ? ctx.actor.id : null;
      const clock = planSubjectClock(context.loaded, now);
      return {
        set: lifecycle.set,
        effects: lifecycle.effects,
        events: lifecycle.events,
        side: {
          handoff: {
            outageId: outage.id,
            status: 'requested' as const,
            machine: startLifecycle('handoff').persisted,
            hypothesis: input.hypothesis,
            confidence: input.confidence,
            symptomStartAt: input.symptomStartAt,
            recommendedSeverity: input.recommendedSeverity,
            recommendedTlp: input.recommendedTlp,
            packet: storedPacket({ ...input, observables: canonical }),
            requestedById: actorId,
            requestedAt: now,
          },
          observables: canonical.map((o) => ({
            ticketId: outage.id,
            type: o.type,
            value: o.value,
            ioc: o.ioc,
            addedById: actorId,
            addedAt: now,
          })),
          clock,
          // The SOC hears of it at once (the queue shows it too).
          note: {
            ticket: outage,
            to: { roles: ['soc_analyst' as const] },
            kind: 'handoff.requested',
            title: `${formatTicketNumber(outage.kind, outage.number)}: the NOC asks the SOC to take a look`,
            body: input.hypothesis.slice(0, 500),
          },
        },
        result: { acceptanceDueAt: clock?.columns.dueAt ?? null },
      };
    },
    // The handoff's id, its clock's subject, exists once the row does; the note's outcome once it is sent.
    apply: async (tx, { side }, outage, now) => {
      const [handoff] = await tx.insert(handoffs).values(side.handoff).returning({ id: handoffs.id });
      const handoffId = handoff!.id;
      if (side.observables.length)
        await tx.insert(observables).values(side.observables).onConflictDoNothing();
      const clockEvents = await insertSubjectClock(tx, outage.id, side.clock, handoffId, now);
      const skipped = await notifyForEvent(
        tx,
        { ...side.note, dedupKey: `handoff:${handoffId}:requested` },
        now,
      );
      return {
        events: [
          {
            type: 'handoff.requested',
            payload: {
              handoffId,
              hypothesis: input.hypothesis,
              confidence: input.confidence,
              symptomStartAt: input.symptomStartAt.toISOString(),
              recommendedSeverity: input.recommendedSeverity,
              recommendedTlp: input.recommendedTlp,
              observables: canonical.length,
              nocActions: input.nocActions.length,
              evidence: input.evidence.length,
              people: input.people.length,
              ...skipped,
            },
          },
          ...clockEvents,
        ],
        result: { handoffId },
      };
    },
  });
}

function datesIn(input: ReturnType<typeof requestHandoffInput.parse>): [string, Date][] {
  return [
    ['symptomStartAt', input.symptomStartAt],
    ...input.nocActions.map((a, i): [string, Date] => [`nocActions.${i}.at`, a.at]),
    ...input.evidence.map((e, i): [string, Date] => [`evidence.${i}.collectedAt`, e.collectedAt]),
  ];
}
