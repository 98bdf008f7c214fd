import { sql } from 'drizzle-orm';
import type { Executor } from '../../../../db/client';
import { queryRows } from '../../../../db/sql';
import { publicBaseUrl } from './config';
import type { DeliveryPayload, StatusChangeKind } from './messages';

export type { StatusChangeKind } from './messages';

export interface StatusChange {
  organisationId: string;
  /** The services the change concerns; subscribers of the whole page get it whatever they are. */
  serviceIds: readonly string[];
  /** Once-only per subscriber, e.g. `update:<status update id>`, `maintenance:<id>:started`. */
  eventKey: string;
  kind: StatusChangeKind;
  title: string;
  body: string;
  /** Where to read more: absolute, or a path on this server (`/status/acme`). */
  url: string;
  at: Date;
}

/**
 * Queues a status change for the page's subscribers, in the caller's transaction (the outbox: the
 * messages exist exactly when the change commits). One row per confirmed, live subscriber of the
 * organisation whose components include one of `serviceIds`, or who follows the whole page; none while
 * the page is not public. An event key already queued for a subscriber is skipped, so announcing the
 * same change twice sends it once. Answers how many messages were queued.
 */
export async function announceStatusChange(tx: Executor, change: StatusChange): Promise<number> {
  const url = change.url.startsWith('/') ? `${publicBaseUrl()}${change.url}` : change.url;
  const payload: DeliveryPayload = {
    kind: change.kind,
    title: change.title,
    body: change.body,
    url,
    at: change.at.toISOString(),
    serviceIds: [...change.serviceIds],
  };
  const at = change.at.toISOString();
  const serviceIds = sql`array[${sql.join(
    change.serviceIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`insert into status_deliveries (subscriber_id, event_key, payload, next_attempt_at, created_at)
        select s.id, ${change.eventKey}, ${JSON.stringify(payload)}::jsonb, ${at}::timestamptz, ${at}::timestamptz
          from status_subscribers s
          join organisations o on o.id = s.organisation_id and o.status_page_public
         where s.organisation_id = ${change.organisationId}
           and s.confirmed_at is not null
           and s.unsubscribed_at is null
           and (not exists (select 1 from status_subscriber_components c where c.subscriber_id = s.id)
                or exists (select 1 from status_subscriber_components c
                            where c.subscriber_id = s.id and c.service_id = any(${serviceIds})))
        on conflict (subscriber_id, event_key) do nothing
        returning id`,
  );
  return rows.length;
}
