import { randomBytes } from 'node:crypto';
import type { Integration } from '../../../db/schema';
import { alertEvent, eventFacts } from '../../../workflows/integrations/events-v2';
import { eventGroupKey } from '../../../workflows/integrations/grouping';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import type { AlertResult } from './internal/alerts';
import { acknowledgeAlert, applyAlerts } from './internal/apply';
import { assertIngests, deliver } from './internal/deliver';

export interface IngestedEvent {
  dedupKey: string;
  result: AlertResult;
}

/**
 * Events API v2 (`/v2/enqueue`): trigger opens (or repeats) the alert of its dedup key, acknowledge ACKs a
 * new outage, resolve recovers it. A dedup key matches within its routing key only, and after a resolve
 * the same key opens a new alert. A trigger without a dedup key gets one.
 */
export async function ingestEvent(
  ctx: ServiceContext,
  integration: Integration,
  raw: unknown,
): Promise<IngestedEvent> {
  assertIngests(ctx, integration, 'events_v2');
  const event = parseInput(alertEvent, raw);
  const dedupKey = event.dedup_key ?? randomBytes(16).toString('hex');
  const facts = { groupKey: dedupKey, alertCount: 1, truncatedAlerts: 0 };
  if (event.event_action === 'acknowledge') {
    const { results } = await deliver(ctx, integration, 'events-v2', facts, async (scope) => [
      await acknowledgeAlert(scope, dedupKey),
    ]);
    return { dedupKey, result: results[0]! };
  }
  const common = {
    key: dedupKey,
    groupKey: dedupKey,
    labels: {},
    annotations: {},
    details: { links: event.links, images: event.images, client: event.client, client_url: event.client_url },
    description: [] as string[],
  };
  const alert =
    event.event_action === 'trigger'
      ? {
          ...common,
          // Grouped by payload.group and component once a grouping window is set (issue #14).
          groupKey: eventGroupKey(dedupKey, event.payload, integration),
          status: 'firing' as const,
          summary: event.payload.summary,
          ticketSummary: event.payload.summary,
          labels: eventFacts(event) as Record<string, string>,
          details: { ...common.details, custom_details: event.payload.custom_details },
          startsAt: event.payload.timestamp ?? null,
          facts: eventFacts(event),
          description: [
            event.payload.summary,
            '',
            `Source: ${event.payload.source}`,
            ...(event.payload.component ? [`Component: ${event.payload.component}`] : []),
            ...(event.payload.group ? [`Group: ${event.payload.group}`] : []),
            ...(event.payload.class ? [`Class: ${event.payload.class}`] : []),
            ...(event.client
              ? [`Client: ${event.client}${event.client_url ? ` (${event.client_url})` : ''}`]
              : []),
            ...event.links.map((l) => `${l.text ?? 'Link'}: ${l.href}`),
            ...(event.payload.custom_details === undefined
              ? []
              : ['', 'Details:', JSON.stringify(event.payload.custom_details, null, 2).slice(0, 10_000)]),
          ],
        }
      : {
          ...common,
          status: 'resolved' as const,
          summary: 'Resolved',
          ticketSummary: 'Resolved',
          startsAt: null,
          facts: {},
        };
  const { results } = await deliver(ctx, integration, 'events-v2', facts, (scope) =>
    applyAlerts(scope, [alert]),
  );
  return { dedupKey, result: results[0]! };
}
