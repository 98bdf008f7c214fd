import { roleHas } from '../auth/permissions';
import type { ServiceContext } from '../services/kernel/context';
import { forbidden } from '../services/kernel/errors';
import { parseInput } from '../services/kernel/parse';
import type { LiveBatch } from './events';
import { liveHubFor } from './process-hub';
import { liveChangesInput } from './schemas';

/**
 * live.ticketChanges: the console's stream of ticket changes, for staff. Authorised and parsed before the
 * stream starts (a refusal is the call's error, not an event); then every event names only tickets the
 * subscriber reads in full (hub.ts), until the browser goes away or the session is revoked.
 */
export function liveTicketChanges(
  ctx: ServiceContext,
  rawInput: unknown,
  signal?: AbortSignal,
): AsyncGenerator<LiveBatch> {
  const actor = ctx.actor;
  if (actor.type !== 'user' || !roleHas(actor.role, 'console.use'))
    throw forbidden('Live updates are for the staff console');
  const input = parseInput(liveChangesInput, rawInput);
  return liveHubFor(ctx.db).stream(actor.id, { lastEventId: input?.lastEventId, signal });
}
