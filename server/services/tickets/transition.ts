import type { Ticket } from '../../../db/schema';
import { type LifecycleEvent, stepLifecycle } from '../../../workflows/machines';
import { clockCommandsForTicketEvent, isResponseEvent } from '../../../workflows/sla/effects';
import { deriveLifecycleFields, type LifecycleFields } from '../../../workflows/tickets/effects';
import { planEscalationRefresh } from '../escalations/internal/ticket-escalations';
import type { Actor, ServiceContext } from '../kernel/context';
import { changeTicket, type Prefetched, type TicketDecision, type TicketUpdate } from '../kernel/engine';
import { forbidden, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { planClockEffects } from '../sla/internal/ticket-clocks';
import { maySendEvent } from './internal/permissions';
import { type TransitionInput, transitionInput } from './schemas';

export interface TransitionResult {
  status: string;
  version: number;
}

/** tickets.transition: a person's lifecycle event (ACK, RESOLVE, CONFIRM …). */
export async function transitionTicket(
  ctx: ServiceContext,
  rawInput: TransitionInput,
): Promise<TransitionResult> {
  const input = parseInput(transitionInput, rawInput);
  const event = input.event as LifecycleEvent;
  return changeTicket(ctx, {
    ticketId: input.id,
    expectedVersion: input.version,
    authorize: (ticket) => {
      if (!maySendEvent(ctx.actor, ticket, event.type))
        throw forbidden(`Your role cannot ${event.type} this ticket`);
    },
    // Read the SLA clocks and escalation with the row: a transition may move them.
    prefetch: { sla: true },
    decide: (ticket, now, prefetched) => decideLifecycleEvent(ctx.actor, ticket, now, event, prefetched),
  });
}

/**
 * Whether an event answers the ticket (stops its response clock, sets acknowledgedAt, ends the
 * escalation). An event's kind decides (RESPONSE_EVENTS), with two exceptions for outages:
 * - `automatic`: an integration walking a `new` outage to monitoring after its alerts recovered sends
 *   ACK because the machine needs it, but nobody responded; the response clock keeps counting (and
 *   breaches if it falls due) until a person acts on the ticket.
 * - a person's first lifecycle event on an outage past `new` that nobody acknowledged (it was walked so)
 *   is the response, whichever event it is (RESOLVE, REOPEN, HOLD, CLOSE …) — but not RESUME of an
 *   outage held while still new, which returns it to new.
 * An Events v2 `acknowledge` is not automatic: a responder's tool sent it, as PagerDuty counts it.
 */
export function answersTicket(
  actor: Actor,
  ticket: Ticket,
  event: LifecycleEvent,
  automatic: boolean,
): boolean {
  if (automatic) return false;
  if (isResponseEvent(ticket.kind, event.type)) return true;
  return (
    actor.type === 'user' &&
    ticket.kind === 'outage' &&
    ticket.status !== 'new' &&
    // Held straight from `new`: resuming it answers nothing (it goes back to new, unanswered).
    ticket.status !== 'on_hold' &&
    ticket.acknowledgedAt === null
  );
}

/**
 * The decision for one lifecycle event on a locked ticket, purely: the machine step, the derived fields,
 * the SLA clock effects and the escalation refresh, with their audit events. The command must prefetch
 * the ticket's SLA state (`prefetch: { sla: true }`). Services that own an event (handoffs, the SOC's
 * hold) authorise it themselves and combine this with their own changes.
 */
export function decideLifecycleEvent(
  actor: Actor,
  ticket: Ticket,
  now: Date,
  event: LifecycleEvent,
  prefetched: Prefetched,
  options: { automatic?: boolean } = {},
): TicketDecision<{ status: string }> {
  const step = stepLifecycle(ticket.lifecycle, withActorRole(event, actor));
  if (!step.ok) throw new ServiceError('PRECONDITION_FAILED', step.message);
  const changes = deriveLifecycleFields(
    lifecycleFields(ticket),
    {
      kind: ticket.kind,
      event,
      status: step.view.status,
      securityLink: step.view.securityLink,
      context: step.view.context,
    },
    now,
  );
  const acknowledges = answersTicket(actor, ticket, event, options.automatic === true);
  // acknowledgedAt records the response: not set by an automatic ACK, set by a person's later answer.
  if (!acknowledges) delete (changes as Partial<LifecycleFields>).acknowledgedAt;
  else if (ticket.acknowledgedAt === null) (changes as Partial<LifecycleFields>).acknowledgedAt = now;
  const set: TicketUpdate = { ...(changes as TicketUpdate), lifecycle: step.view.persisted };
  // SLA clocks and the escalation follow the transition, in its one write statement (workflows/sla/effects).
  const transitionFacts = {
    kind: ticket.kind,
    eventType: event.type,
    from: ticket.status,
    to: step.view.status,
    response: acknowledges,
  };
  const needsSla = acknowledges || clockCommandsForTicketEvent(transitionFacts).length > 0;
  if (needsSla && !prefetched.sla) throw new Error('decideLifecycleEvent: prefetch the SLA state');
  const sla = needsSla ? prefetched.sla! : null;
  const clocks = sla ? planClockEffects(sla, transitionFacts, now) : null;
  // Escalation depends only on acknowledgement and the clocks: most transitions touch neither.
  const escalation =
    sla && clocks && (acknowledges || clocks.events.length > 0)
      ? planEscalationRefresh(
          sla.escalation,
          clocks.clocks,
          { id: ticket.id, createdAt: ticket.createdAt, acknowledgedAt: ticket.acknowledgedAt },
          acknowledges,
          now,
        )
      : null;
  return {
    set,
    events: [
      {
        type: 'ticket.transitioned',
        payload: { event, from: ticket.status, to: step.view.status, changes: auditChanges(ticket, changes) },
      },
      ...(clocks?.events ?? []),
      ...(escalation?.events ?? []),
    ],
    effects: {
      ...(clocks?.effects.length ? { clocks: clocks.effects } : {}),
      ...(escalation?.effect ? { escalation: escalation.effect } : {}),
    },
    result: { status: step.view.status },
  };
}

function withActorRole(event: LifecycleEvent, actor: Actor): LifecycleEvent {
  return actor.type === 'user' ? ({ ...event, actorRole: actor.role } as LifecycleEvent) : event;
}

// A Record, so the compiler insists every lifecycle field is listed.
const LIFECYCLE_FIELD_SET: Record<keyof LifecycleFields, true> = {
  status: true,
  securityLink: true,
  acknowledgedAt: true,
  resolvedAt: true,
  closedAt: true,
  severity: true,
  resolution: true,
  rootCause: true,
  lessonsLearned: true,
  resolutionSummary: true,
  causeCategory: true,
};
const LIFECYCLE_FIELDS = Object.keys(LIFECYCLE_FIELD_SET) as (keyof LifecycleFields)[];

function lifecycleFields(ticket: Ticket): LifecycleFields {
  return Object.fromEntries(LIFECYCLE_FIELDS.map((key) => [key, ticket[key]])) as unknown as LifecycleFields;
}

/** old → new for every changed field, as the audit log records them. */
export function auditChanges(before: Record<string, unknown>, after: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(after).map(([key, value]) => [key, { from: before[key] ?? null, to: value }]),
  );
}
