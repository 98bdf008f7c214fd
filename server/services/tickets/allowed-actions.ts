import { allowedEvents } from '../../../workflows/machines';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';
import { maySendEvent } from './permissions';
import { readVisibleTicket } from './read-one';
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
  const ticket = await readVisibleTicket(ctx.db, ctx.actor, input.id);
  if (ctx.actor.type !== 'user') return { version: ticket.version, actions: [] as AllowedAction[] };
  const actions = allowedEvents(ticket.lifecycle, ctx.actor.role).filter(
    (a) => PERSON_EVENTS.has(a.type) && maySendEvent(ctx.actor, ticket, a.type),
  );
  return { version: ticket.version, actions };
}
