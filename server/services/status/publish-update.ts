import { inArray } from 'drizzle-orm';
import type { Transaction } from '../../../db/client';
import { services, statusUpdateComponents, statusUpdates } from '../../../db/schema';
import type { ComponentStatus, PublicIncidentStatus } from '../../../workflows/status/constants';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { actorUserId } from '../reviews/internal/gate';
import { invalidateStatusSnapshot } from './cache';
import { announceStatusUpdate } from './internal/announce';
import { assertMayPublishUpdate } from './internal/publishers';
import { type PublishUpdateInput, publishUpdateInput } from './schemas';

/** A public update as written: what subscribers' announcements are made of. */
export interface PublishedStatusUpdate {
  updateId: string;
  ticketId: string;
  organisationId: string;
  title: string;
  status: PublicIncidentStatus;
  body: string;
  components: { serviceId: string; status: ComponentStatus }[];
  publishedAt: Date;
}

/**
 * statusUpdates.publish: an outage tells the public where it stands (investigating → resolved) and sets
 * the status of each service it lists (workflows/status/component-history.ts); the status page, its
 * feeds and the uptime figures follow from these rows. Written through the ticket's engine, so the row,
 * its components and the `status.update_published` event on the outage's chain commit together.
 */
export async function publishStatusUpdate(
  ctx: ServiceContext,
  rawInput: PublishUpdateInput,
): Promise<{ updateId: string; publishedAt: Date; version: number }> {
  const input = parseInput(publishUpdateInput, rawInput);
  const listed = input.components.map((c) => c.serviceId);
  const published = await changeTicket(ctx, {
    ticketId: input.ticketId,
    authorize: (ticket) => assertMayPublishUpdate(ctx.actor, ticket),
    load: (tx) =>
      listed.length === 0
        ? Promise.resolve([])
        : tx
            .select({
              id: services.id,
              organisationId: services.organisationId,
              retiredAt: services.retiredAt,
            })
            .from(services)
            .where(inArray(services.id, listed)),
    decide: (ticket, now, { loaded: found }) => {
      const problems: Record<string, string[]> = {};
      input.components.forEach((c, i) => {
        const service = found.find((s) => s.id === c.serviceId);
        // Another organisation's service is as unknown as a made-up id: no hint that it exists.
        if (!service || service.organisationId !== ticket.organisationId)
          problems[`components.${i}.serviceId`] = ['Not a service of this customer'];
        else if (service.retiredAt)
          problems[`components.${i}.serviceId`] = ['This service is retired: it is not on the status page'];
      });
      if (Object.keys(problems).length > 0) throw badRequest('Check the services listed', problems);
      const update = {
        ticketId: ticket.id,
        organisationId: ticket.organisationId,
        title: input.title,
        status: input.status,
        body: input.body,
        components: input.components,
        publishedAt: now,
      };
      // The event carries the row's id, which exists once apply wrote it.
      return { events: [], side: update, result: {} };
    },
    apply: async (tx, { side }) => {
      const published = await insertStatusUpdate(tx, side, actorUserId(ctx.actor));
      return {
        events: [
          {
            type: 'status.update_published',
            payload: {
              updateId: published.updateId,
              status: published.status,
              title: published.title,
              body: published.body,
              components: published.components,
            },
          },
        ],
        result: { updateId: published.updateId, publishedAt: published.publishedAt },
      };
    },
  });
  // Committed: this process's cached status pages show it from the next request (others within the TTL).
  invalidateStatusSnapshot();
  return published;
}

/** The status_updates row and its components, in the caller's transaction. */
async function insertStatusUpdate(
  tx: Transaction,
  update: Omit<PublishedStatusUpdate, 'updateId'>,
  publishedById: string | null,
): Promise<PublishedStatusUpdate> {
  const [row] = await tx
    .insert(statusUpdates)
    .values({
      ticketId: update.ticketId,
      organisationId: update.organisationId,
      title: update.title,
      status: update.status,
      body: update.body,
      publishedById,
      publishedAt: update.publishedAt,
    })
    .returning({ id: statusUpdates.id });
  const updateId = row!.id;
  if (update.components.length > 0) {
    await tx.insert(statusUpdateComponents).values(
      update.components.map((c) => ({
        updateId,
        serviceId: c.serviceId,
        organisationId: update.organisationId,
        status: c.status,
      })),
    );
  }
  const published = { ...update, updateId };
  // Subscribers' messages are queued here, in this transaction: the outbox rows commit with the update.
  await announceStatusUpdate(tx, published);
  return published;
}
