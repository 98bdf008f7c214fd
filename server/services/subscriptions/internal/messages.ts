import type { SubscriberLinks } from './links';

/** The outbox event key of an e-mail subscription's confirmation mail. */
export const CONFIRM_EVENT = 'confirm';
/** The outbox event key of the first message to a new webhook (its unsubscribe link). */
export const SUBSCRIBED_EVENT = 'subscribed';

export const STATUS_CHANGE_KINDS = [
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'maintenance.started',
  'maintenance.completed',
] as const;
export type StatusChangeKind = (typeof STATUS_CHANGE_KINDS)[number];

/** What an outbox row's payload holds: facts only, never a token (the sender derives the links). */
export type DeliveryPayload =
  | { kind: 'subscription.confirm' }
  | { kind: 'subscription.created' }
  | {
      kind: StatusChangeKind;
      title: string;
      body: string;
      /** Where the change is read in full (absolute). */
      url: string;
      /** ISO 8601. */
      at: string;
      serviceIds: string[];
    };

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

export interface Recipient {
  target: string;
  page: { slug: string; name: string };
  links: SubscriberLinks;
}

const KIND_LABEL: Record<StatusChangeKind, string> = {
  'incident.created': 'New incident',
  'incident.updated': 'Incident update',
  'incident.resolved': 'Resolved',
  'maintenance.started': 'Maintenance started',
  'maintenance.completed': 'Maintenance completed',
};

/** The e-mail for one outbox row: plain text, with RFC 2369 / RFC 8058 one-click unsubscribe headers. */
export function mailFor(payload: DeliveryPayload, to: Recipient): MailMessage {
  const { page, links } = to;
  const footer = [
    '',
    '--',
    `You receive this because this address subscribed to ${page.name} status (${links.page}).`,
    `Unsubscribe: ${links.unsubscribe}`,
  ];
  const headers = {
    'List-Unsubscribe': `<${links.oneClickUnsubscribe}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
  if (payload.kind === 'subscription.confirm' || payload.kind === 'subscription.created') {
    return {
      to: to.target,
      subject: `Confirm your subscription to ${page.name} status`,
      text: [
        `Someone (hopefully you) asked to receive ${page.name} status updates at this address.`,
        '',
        `To confirm, open this link and press "Confirm subscription":`,
        links.confirm,
        '',
        'If it was not you, ignore this message: nothing will be sent without confirmation.',
        ...footer,
      ].join('\n'),
      headers,
    };
  }
  return {
    to: to.target,
    subject: `[${page.name} status] ${KIND_LABEL[payload.kind]}: ${payload.title}`,
    text: [payload.title, '', payload.body, '', `Details: ${payload.url}`, ...footer].join('\n'),
    headers,
  };
}

/** The JSON a webhook receives for one outbox row (every one carries its unsubscribe link). */
export function webhookBodyFor(deliveryId: string, payload: DeliveryPayload, to: Recipient) {
  const common = {
    id: deliveryId,
    type: payload.kind,
    page: { slug: to.page.slug, name: to.page.name, url: to.links.page },
    unsubscribe_url: to.links.unsubscribe,
  };
  if (payload.kind === 'subscription.confirm' || payload.kind === 'subscription.created') return common;
  return {
    ...common,
    title: payload.title,
    body: payload.body,
    url: payload.url,
    at: payload.at,
    component_ids: payload.serviceIds,
  };
}
