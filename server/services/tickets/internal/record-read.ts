import { isRestrictedRead, type TicketProjection } from '../../kernel/access';
import { appendEvents } from '../../kernel/chain';
import type { ServiceContext } from '../../kernel/context';

/**
 * Records that a person read a restricted (security) incident, on its own audit chain (DESIGN §2.8):
 * what they read and through which projection. Called after the read succeeded, so a denied read leaves
 * no trace that would confirm the incident exists. Does nothing for other reads. Within one page view
 * (ctx.view) only the first of its reads records: one access record per view, naming what it read first.
 */
export async function recordRestrictedRead(
  ctx: ServiceContext,
  ticket: { id: string; kind: 'outage' | 'security' },
  what: 'ticket' | 'timeline' | 'workspace' | 'links',
  projection: TicketProjection,
): Promise<void> {
  if (!isRestrictedRead(ctx.actor, ticket)) return;
  if (ctx.view && !ctx.view.firstRead(ticket.id)) return;
  const now = ctx.now();
  await ctx.db.transaction((tx) =>
    appendEvents(tx, ctx.actor, now, ticket.id, [{ type: READ_EVENT_TYPE, payload: { what, projection } }]),
  );
}

/** Read records are audit, not history: timelines leave them out (the workspace shows an access log). */
export const READ_EVENT_TYPE = 'ticket.viewed';
