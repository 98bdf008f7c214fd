import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { type Integration, ticketServices, tickets } from '../../../db/schema';
import { changeEvent } from '../../../workflows/integrations/events-v2';
import { DONE_STATUSES } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { forbidden } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { boundedDetails } from './internal/alerts';
import { assertIngests, deliver } from './internal/deliver';

/**
 * Events API v2 change events (`/v2/change/enqueue`): a deploy or configuration change, recorded on the
 * timeline of every open ticket of the integration's service, where whoever works it will look for a cause.
 */
export async function ingestChange(
  ctx: ServiceContext,
  integration: Integration,
  raw: unknown,
): Promise<{ ticketIds: string[] }> {
  assertIngests(ctx, integration, 'events_v2');
  const event = parseInput(changeEvent, raw);
  let ticketIds: string[] = [];
  await deliver(
    ctx,
    integration,
    'events-v2',
    { groupKey: null, alertCount: 1, truncatedAlerts: 0 },
    async (scope) => {
      const open = await scope.tx
        .select({ id: tickets.id })
        .from(tickets)
        .where(
          and(
            eq(tickets.organisationId, integration.organisationId),
            notInArray(tickets.status, [...DONE_STATUSES] as (typeof tickets.$inferSelect.status)[]),
            inArray(
              tickets.id,
              scope.tx
                .select({ id: ticketServices.ticketId })
                .from(ticketServices)
                .where(eq(ticketServices.serviceId, integration.defaultServiceId)),
            ),
          ),
        );
      ticketIds = open.map((t) => t.id);
      const txCtx: ServiceContext = {
        db: scope.tx as unknown as Database,
        actor: scope.actor,
        now: () => scope.now,
      };
      const payload = boundedDetails({
        integrationId: integration.id,
        integration: integration.name,
        summary: event.payload.summary,
        source: event.payload.source ?? null,
        at: (event.payload.timestamp ?? scope.now).toISOString(),
        links: event.links,
      });
      for (const ticketId of ticketIds)
        await changeTicket(txCtx, {
          ticketId,
          authorize: (ticket) => {
            if (ticket.organisationId !== integration.organisationId) throw forbidden();
          },
          decide: () => ({ events: [{ type: 'change.recorded', payload }], result: {} }),
        });
      return ticketIds.map((id) => ({ key: id, outcome: 'attached' as const, ticketId: id }));
    },
  );
  return { ticketIds };
}
