import { publicBaseUrl } from './config';
import { subscriberToken } from './tokens';

/** The absolute links a subscriber's messages carry. */
export interface SubscriberLinks {
  page: string;
  confirm: string;
  /** The page with an "Unsubscribe" button (GET never changes anything: mail scanners follow links). */
  unsubscribe: string;
  /** RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` here. */
  oneClickUnsubscribe: string;
}

export function subscriberLinks(
  subscriberId: string,
  pageSlug: string,
  base = publicBaseUrl(),
): SubscriberLinks {
  const manage = encodeURIComponent(subscriberToken('manage', subscriberId));
  return {
    page: `${base}/status/${pageSlug}`,
    confirm: `${base}/status/subscriptions/confirm?token=${encodeURIComponent(subscriberToken('confirm', subscriberId))}`,
    unsubscribe: `${base}/status/subscriptions/unsubscribe?token=${manage}`,
    oneClickUnsubscribe: `${base}/status/subscriptions/unsubscribe/one-click?token=${manage}`,
  };
}
