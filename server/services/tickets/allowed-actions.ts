import { allowedEvents } from '../../../workflows/machines';
import { projectionFor } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { maySendEvent } from './internal/permissions';
import { readVisibleTicket } from './internal/read-one';
import { lifecycleEventInput, type TicketIdInput, ticketIdInput } from './schemas';

/** Events sent through their own verbs (handoffs, SOC holds), never offered as plain transitions. */
const PERSON_EVENTS = new Set(lifecycleEventInput.options.map((o) => o.shape.type.value as string));

export interface AllowedAction {
  type: string;
  /** Payload fields the user must supply, e.g. HOLD → ['reason']. */
  needs: string[];
}

/**
 * tickets.allowedActions: exactly the events this user may send now — what the machine accepts ∩ what
 * the role permits — so the buttons and the server agree.
 */
export async function allowedActions(ctx: ServiceContext, rawInput: TicketIdInput) {
  const input = parseInput(ticketIdInput, rawInput);
  const ticket = await readVisibleTicket(ctx, input.id);
  // The version is an internal field like any other: how often a ticket changed is not the public
  // projection's or a stub's to know (tickets.get hides it the same way).
  const version = projectionFor(ctx.actor, ticket) === 'full' ? ticket.version : null;
  if (ctx.actor.type !== 'user') return { version, actions: [] as AllowedAction[] };
  const actions = allowedEvents(ticket.lifecycle, ctx.actor.role).filter(
    (a) => PERSON_EVENTS.has(a.type) && maySendEvent(ctx.actor, ticket, a.type),
  );
  return { version, actions };
}
